package dev.tokenry;

import dev.tokenry.spi.TokenStore;
import dev.tokenry.testing.MutableClock;
import dev.tokenry.testing.RecordingListener;
import dev.tokenry.testing.SimpleTokenStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Shared set-up of the management tests: a real store, a clock moved by hand, a listener that
 * records every event, and a small user directory that a test can change while it runs.
 *
 * <p>People: Olivia (Owner) and Adam (Admin) hold everything; Mia and Max (Members) hold the two
 * {@code :read} permissions; Oscar owns another organization.
 */
final class ManagementFixture implements AutoCloseable {

  static final String ORG = "acme";
  static final String OTHER_ORG = "globex";
  static final List<String> DEMO_PERMISSIONS =
      List.of("contracts:read", "contracts:write", "royalties:read", "royalties:write");

  static final Actor OWNER = Actor.user("olivia", ORG, Role.OWNER);
  static final Actor ADMIN = Actor.user("adam", ORG, Role.ADMIN);
  static final Actor MEMBER = Actor.user("mia", ORG, Role.MEMBER);
  static final Actor MEMBER2 = Actor.user("max", ORG, Role.MEMBER);
  static final Actor OUTSIDER = Actor.user("oscar", OTHER_ORG, Role.OWNER);
  static final Actor SYSTEM = Actor.system(ORG);

  private static final Map<String, Actor> BY_NAME =
      Map.of(
          "owner",
          OWNER,
          "admin",
          ADMIN,
          "member",
          MEMBER,
          "member2",
          MEMBER2,
          "outsider",
          OUTSIDER,
          "system",
          SYSTEM);

  final MutableClock clock;
  final TokenStore store;
  final RecordingListener listener = new RecordingListener();

  /** organization + "/" + user -> permissions; remove a key to make the host forget the user. */
  final Map<String, PermissionSet> directory = new ConcurrentHashMap<>();

  final Tokenry tokenry;
  final dev.tokenry.testing.SimpleAuditLog audit = new dev.tokenry.testing.SimpleAuditLog();

  private ManagementFixture(TokenStore store, boolean withCatalogue) {
    this(store, withCatalogue, MutableClock.startingNow(), builder -> builder);
  }

  private ManagementFixture(
      TokenStore store,
      boolean withCatalogue,
      MutableClock clock,
      UnaryOperator<Tokenry.Builder> extra) {
    this.store = store;
    this.clock = clock;
    grant(OWNER, "*");
    grant(ADMIN, "*");
    grant(MEMBER, "contracts:read", "royalties:read");
    grant(MEMBER2, "contracts:read", "royalties:read");
    grant(OUTSIDER, "*");
    Tokenry.Builder builder =
        Tokenry.builder()
            .store(store)
            .clock(clock)
            .eventListener(listener)
            .auditLog(audit)
            .lastUsedFlushInterval(Duration.ofHours(1))
            .userPermissions((org, user) -> Optional.ofNullable(directory.get(org + "/" + user)));
    if (withCatalogue) {
      builder.knownPermissions(DEMO_PERMISSIONS);
    }
    tokenry = extra.apply(builder).build();
  }

  /** A Tokenry with the demo catalogue over the given store, configured further. */
  static ManagementFixture over(TokenStore store, UnaryOperator<Tokenry.Builder> extra) {
    return new ManagementFixture(store, true, MutableClock.startingNow(), extra);
  }

  /** Another instance over the given store, on the same clock: a second process. */
  ManagementFixture sibling(TokenStore sameData, UnaryOperator<Tokenry.Builder> extra) {
    return new ManagementFixture(sameData, true, clock, extra);
  }

  /** A Tokenry that knows the four demo permissions, over a fresh in-memory store. */
  static ManagementFixture withCatalogue() {
    return new ManagementFixture(new SimpleTokenStore(), true);
  }

  /** A Tokenry without a permission catalogue, over a fresh in-memory store. */
  static ManagementFixture withoutCatalogue() {
    return new ManagementFixture(new SimpleTokenStore(), false);
  }

  /** A Tokenry with the demo catalogue over the given store. */
  static ManagementFixture over(TokenStore store) {
    return new ManagementFixture(store, true);
  }

  /** Looks up one of the fixture's actors by a short name, for parameterized tests. */
  static Actor actor(String name) {
    Actor actor = BY_NAME.get(name);
    if (actor == null) {
      throw new IllegalArgumentException("no actor named " + name);
    }
    return actor;
  }

  void grant(Actor actor, String... permissions) {
    directory.put(actor.organizationId() + "/" + actor.userId(), PermissionSet.of(permissions));
  }

  void forget(Actor actor) {
    directory.remove(actor.organizationId() + "/" + actor.userId());
  }

  static TokenRequest.Builder request(String name) {
    return TokenRequest.builder()
        .name(name)
        .expiresIn(ExpiryPreset.THIRTY_DAYS)
        .type(TokenType.READ_ONLY);
  }

  static TokenRequest.Builder personal(String name) {
    return request(name).kind(TokenKind.PERSONAL);
  }

  IssuedToken issue(Actor actor, TokenRequest.Builder request) {
    return tokenry.issue(actor, request.build());
  }

  ApiToken orgToken(Actor actor, String name) {
    return tokenry.issue(actor, request(name).build()).token();
  }

  ApiToken personalToken(Actor actor, String name) {
    return tokenry.issue(actor, personal(name).build()).token();
  }

  List<String> visibleIds(Actor actor, TokenFilter filter) {
    return tokenry.list(actor, filter).tokens().stream().map(ApiToken::id).toList();
  }

  List<String> visibleNames(Actor actor, TokenFilter filter) {
    return tokenry.list(actor, filter).tokens().stream().map(ApiToken::name).toList();
  }

  boolean exists(ApiToken token) {
    return store.find(token.id()).isPresent();
  }

  @Override
  public void close() {
    tokenry.close();
  }
}

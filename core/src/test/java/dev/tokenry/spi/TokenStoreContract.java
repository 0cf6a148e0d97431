package dev.tokenry.spi;

import static dev.tokenry.spi.TokenFixture.copyOf;
import static dev.tokenry.spi.TokenFixture.organizationToken;
import static dev.tokenry.spi.TokenFixture.personalToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenry.ApiToken;
import dev.tokenry.DuplicateTokenNameException;
import dev.tokenry.TokenConflictException;
import dev.tokenry.TokenHashers;
import dev.tokenry.TokenKind;
import dev.tokenry.TokenNotFoundException;
import dev.tokenry.TokenType;
import dev.tokenry.TokenryException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link TokenStore} must have. A store module extends this class in its own
 * tests, supplies a fresh empty store from {@link #createStore()}, and JUnit runs every test of the
 * contract against it:
 *
 * <pre>{@code
 * class MyTokenStoreContractTest extends TokenStoreContract {
 *   @Override
 *   protected TokenStore createStore() {
 *     return new MyTokenStore(freshEmptyDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>The class ships in {@code tokenry-core}'s test-jar. A store module depends on it, and on JUnit
 * and AssertJ, in test scope:
 *
 * <pre>{@code
 * <dependency>
 *   <groupId>dev.tokenry</groupId>
 *   <artifactId>tokenry-core</artifactId>
 *   <type>test-jar</type>
 *   <scope>test</scope>
 * </dependency>
 * <dependency>
 *   <groupId>org.junit.jupiter</groupId>
 *   <artifactId>junit-jupiter</artifactId>
 *   <scope>test</scope>
 * </dependency>
 * <dependency>
 *   <groupId>org.assertj</groupId>
 *   <artifactId>assertj-core</artifactId>
 *   <scope>test</scope>
 * </dependency>
 * }</pre>
 *
 * <p>What the contract relies on, so that one suite fits every store:
 *
 * <ul>
 *   <li>{@link #createStore()} is called before every test; the store should be empty, but every
 *       test works in organizations of its own (random ids), so a store whose data outlives a test
 *       (one database shared by all tests) passes as well.
 *   <li>{@link #closeStore(TokenStore)} is called after every test; by default it closes stores
 *       that are {@link AutoCloseable}.
 *   <li>All instants in the suite have millisecond precision; a store must give them back exactly.
 *       Token ids are compared as plain strings ({@link String#compareTo}, i.e. binary order of
 *       ASCII), so a SQL store must order ids with a binary collation.
 *   <li>Names are compared in the form of {@link NameKey}; a store computes it in Java and keeps it
 *       next to the name rather than relying on the database's idea of lower case. The name filter
 *       treats {@code %}, {@code _} and {@code \} literally (escape them in SQL LIKE).
 *   <li>Some tests call the store from 8 threads at once (inserts racing for one name, updates
 *       racing for one version), so a store backed by a pool needs at least that many connections
 *       or must make callers wait. Uniqueness must hold under that race: a database constraint, not
 *       a check-then-insert.
 *   <li>A few tests write 1,200 tokens, to prove batch deletes and batch last-used writes of that
 *       size work (SQL parameter limits); the whole suite runs in a few seconds in memory.
 * </ul>
 *
 * <p>Test data comes from {@link TokenFixture}, which a store module may use for its own tests.
 */
public abstract class TokenStoreContract {

  private static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");
  private static final int THREADS = 8;

  private TokenStore store;

  /**
   * Creates the store under test. Called once before every test.
   *
   * @return a new store, ideally empty
   * @throws Exception if the store cannot be created; the test then fails
   */
  protected abstract TokenStore createStore() throws Exception;

  /**
   * Releases a store made by {@link #createStore()}. Called once after every test; closes the store
   * if it is {@link AutoCloseable}. Override to drop tables or stop a server.
   *
   * @param store the store the test used
   * @throws Exception if releasing fails; the test then fails
   */
  protected void closeStore(TokenStore store) throws Exception {
    if (store instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }

  /**
   * Returns the store of the running test, for extra tests a subclass adds.
   *
   * @return the store made by {@link #createStore()} for this test
   */
  protected final TokenStore store() {
    return store;
  }

  @BeforeEach
  final void setUpTokenStoreContract() throws Exception {
    store = createStore();
    assertThat(store).as("createStore()").isNotNull();
  }

  @AfterEach
  final void tearDownTokenStoreContract() throws Exception {
    if (store != null) {
      closeStore(store);
      store = null;
    }
  }

  // ---------------------------------------------------------------- insert and find

  @Test
  void findWhenInsertedThenReturnsEveryField() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken token =
        organizationToken(org)
            .prefix("acme_live")
            .name("Deploy bot – Überweisung 2")
            .description("Used by CI; ünïcödé and \"quotes\" and 'apostrophes' kept")
            .project("project-7")
            .custom("contracts:read", "contracts:write", "*:read", "royalties:*")
            .createdAt(Instant.parse("2026-03-04T05:06:07.001Z"))
            .createdBy("user-42")
            .expiresAt(Instant.parse("2026-06-02T05:06:07.999Z"))
            .lastUsedAt(Instant.parse("2026-03-05T00:00:00.120Z"))
            .build();

    store.insert(token);

    assertThat(store.find(token.id())).contains(token);
    StoredToken found = store.find(token.id()).orElseThrow();
    assertThat(found.version()).isEqualTo(1);
    assertThat(found.secretHash()).isEqualTo(token.secretHash());
    assertThat(found.token().createdAt()).isEqualTo(Instant.parse("2026-03-04T05:06:07.001Z"));
    assertThat(found.token().expiresAt()).contains(Instant.parse("2026-06-02T05:06:07.999Z"));
    assertThat(found.token().lastUsedAt()).contains(Instant.parse("2026-03-05T00:00:00.120Z"));
    assertThat(found.token().permissions().values())
        .containsExactlyInAnyOrder("contracts:read", "contracts:write", "*:read", "royalties:*");
  }

  @Test
  void findWhenPersonalTokenThenReturnsKindAndOwner() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken token = personalToken(org, "alice@example.com").type(TokenType.FULL_ACCESS).build();

    store.insert(token);

    StoredToken found = store.find(token.id()).orElseThrow();
    assertThat(found).isEqualTo(token);
    assertThat(found.token().kind()).isEqualTo(TokenKind.PERSONAL);
    assertThat(found.token().owner()).contains("alice@example.com");
    assertThat(found.token().type()).isEqualTo(TokenType.FULL_ACCESS);
  }

  @Test
  void findWhenOptionalFieldsAbsentThenReturnsThemAbsent() {
    StoredToken token =
        organizationToken(TokenFixture.randomOrganizationId())
            .description("")
            .wholeOrganization()
            .expiresAt(null)
            .lastUsedAt(null)
            .build();

    store.insert(token);

    ApiToken found = store.find(token.id()).orElseThrow().token();
    assertThat(found).isEqualTo(token.token());
    assertThat(found.description()).isEmpty();
    assertThat(found.scope().projectId()).isEmpty();
    assertThat(found.owner()).isEmpty();
    assertThat(found.expiresAt()).isEmpty();
    assertThat(found.lastUsedAt()).isEmpty();
  }

  @Test
  void findWhenEachTypeThenReturnsTypeAndPermissions() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> tokens =
        List.of(
            organizationToken(org).type(TokenType.READ_ONLY).build(),
            organizationToken(org).type(TokenType.FULL_ACCESS).build(),
            organizationToken(org).custom("contracts:read").build(),
            organizationToken(org).custom().build(),
            personalToken(org, "bob").custom("*").build());

    tokens.forEach(store::insert);

    for (StoredToken token : tokens) {
      assertThat(store.find(token.id())).contains(token);
    }
  }

  @Test
  void findWhenFieldsAtTheirLargestThenReturnsThemWhole() {
    String org = "o".repeat(128);
    // Tokenry accepts up to 100 permissions of up to 64 + 1 + 64 characters.
    String[] permissions =
        IntStream.range(0, 100)
            .mapToObj(i -> String.format("r%03d", i) + "x".repeat(60) + ":" + "a".repeat(64))
            .toArray(String[]::new);
    StoredToken token =
        personalToken(org, "u".repeat(128))
            .prefix("abcdefghijklmnop_qrstuvwxyz012345")
            .name("N".repeat(99) + "Ä")
            .description("D".repeat(499) + "€")
            .project("p".repeat(128))
            .custom(permissions)
            .createdBy("c".repeat(128))
            .secretHash("$argon2id$v=19$m=19456,t=2,p=1$" + "s".repeat(22) + "$" + "h".repeat(300))
            .build();

    store.insert(token);

    assertThat(store.find(token.id())).contains(token);
  }

  @Test
  void findWhenInstantsHaveMillisecondsThenReturnsThemExactly() {
    String org = TokenFixture.randomOrganizationId();
    List<Instant> instants =
        List.of(
            Instant.parse("2026-01-01T00:00:00.000Z"),
            Instant.parse("2026-01-01T00:00:00.001Z"),
            Instant.parse("2026-07-15T23:59:59.999Z"),
            Instant.parse("1999-12-31T23:59:59.500Z"),
            Instant.parse("2099-12-31T23:59:59.999Z"));
    List<StoredToken> tokens =
        instants.stream()
            .map(at -> organizationToken(org).createdAt(at).expiresAt(at).lastUsedAt(at).build())
            .toList();

    tokens.forEach(store::insert);

    for (StoredToken token : tokens) {
      assertThat(store.find(token.id())).contains(token);
    }
  }

  @Test
  void findWhenIdUnknownThenEmpty() {
    store.insert(organizationToken(TokenFixture.randomOrganizationId()).build());

    assertThat(store.find(TokenFixture.randomId())).isEmpty();
  }

  @Test
  void findWhenIdDiffersOnlyInCaseThenEmpty() {
    StoredToken token =
        organizationToken(TokenFixture.randomOrganizationId()).id("abcdefghIJKLMNOP").build();
    store.insert(token);

    assertThat(store.find("ABCDEFGHIJKLMNOP")).isEmpty();
    assertThat(store.find("abcdefghijklmnop")).isEmpty();
    assertThat(store.find("abcdefghIJKLMNOP")).contains(token);
  }

  @Test
  void insertWhenIdExistsThenThrowsAndKeepsTheFirst() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken first = organizationToken(org).name("First").build();
    store.insert(first);
    StoredToken sameId = organizationToken(org).id(first.id()).name("Second").build();

    assertThatThrownBy(() -> store.insert(sameId)).isInstanceOf(TokenryException.class);

    assertThat(store.find(first.id())).contains(first);
    assertThat(names(listAll(TokenQuery.organizationTokens(org, 10)))).containsExactly("First");
    StoredToken second = organizationToken(org).name("Second").build();
    store.insert(second);
    assertThat(store.find(second.id())).contains(second);
  }

  // ---------------------------------------------------------------- name uniqueness

  @Test
  void insertWhenOrganizationTokenNameTakenThenThrowsDuplicate() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(organizationToken(org).name("Deploy").build());
    StoredToken second = organizationToken(org).name("Deploy").build();

    assertThatThrownBy(() -> store.insert(second)).isInstanceOf(DuplicateTokenNameException.class);

    assertThat(store.find(second.id())).isEmpty();
  }

  @Test
  void insertWhenNameDiffersOnlyInCaseThenThrowsDuplicate() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(organizationToken(org).name("Deploy Bot").build());

    assertThatThrownBy(() -> store.insert(organizationToken(org).name("dEPLOY bOT").build()))
        .isInstanceOf(DuplicateTokenNameException.class);
    assertThatThrownBy(() -> store.insert(organizationToken(org).name("DEPLOY BOT").build()))
        .isInstanceOf(DuplicateTokenNameException.class);
  }

  @Test
  void insertWhenNameDiffersOnlyInCaseOfNonAsciiLettersThenThrowsDuplicate() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(organizationToken(org).name("Überweisung Ärger").build());

    StoredToken lowerCase = organizationToken(org).name("überweisung ärger").build();
    assertThatThrownBy(() -> store.insert(lowerCase))
        .isInstanceOf(DuplicateTokenNameException.class);
  }

  @Test
  void insertWhenNameTakenInAnotherProjectOfTheOrganizationThenThrowsDuplicate() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(organizationToken(org).name("Deploy").project("p1").build());

    assertThatThrownBy(
            () -> store.insert(organizationToken(org).name("Deploy").project("p2").build()))
        .isInstanceOf(DuplicateTokenNameException.class);
    assertThatThrownBy(() -> store.insert(organizationToken(org).name("Deploy").build()))
        .isInstanceOf(DuplicateTokenNameException.class);
  }

  @Test
  void insertWhenSameNameInAnotherOrganizationThenAllowed() {
    StoredToken a = organizationToken(TokenFixture.randomOrganizationId()).name("Deploy").build();
    StoredToken b = organizationToken(TokenFixture.randomOrganizationId()).name("Deploy").build();

    store.insert(a);
    store.insert(b);

    assertThat(store.find(a.id())).contains(a);
    assertThat(store.find(b.id())).contains(b);
  }

  @Test
  void insertWhenPersonalNameTakenBySameOwnerThenThrowsDuplicate() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(personalToken(org, "alice").name("Laptop").build());
    StoredToken second = personalToken(org, "alice").name("LAPTOP").build();

    assertThatThrownBy(() -> store.insert(second)).isInstanceOf(DuplicateTokenNameException.class);

    assertThat(store.find(second.id())).isEmpty();
  }

  @Test
  void insertWhenPersonalNameTakenByAnotherOwnerThenAllowed() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken alices = personalToken(org, "alice").name("Laptop").build();
    StoredToken bobs = personalToken(org, "bob").name("Laptop").build();

    store.insert(alices);
    store.insert(bobs);

    assertThat(store.find(alices.id())).contains(alices);
    assertThat(store.find(bobs.id())).contains(bobs);
  }

  @Test
  void insertWhenPersonalNameTakenBySameOwnerInAnotherOrganizationThenAllowed() {
    StoredToken first =
        personalToken(TokenFixture.randomOrganizationId(), "alice").name("Laptop").build();
    StoredToken second =
        personalToken(TokenFixture.randomOrganizationId(), "alice").name("Laptop").build();

    store.insert(first);
    store.insert(second);

    assertThat(store.find(second.id())).contains(second);
  }

  @Test
  void insertWhenOrganizationAndPersonalTokenShareNameThenAllowed() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken organization = organizationToken(org).name("Deploy").build();
    StoredToken personal = personalToken(org, "alice").name("deploy").build();

    store.insert(organization);
    store.insert(personal);

    assertThat(store.find(organization.id())).contains(organization);
    assertThat(store.find(personal.id())).contains(personal);
  }

  @Test
  void insertWhenNameFreedByDeleteThenAllowed() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken first = organizationToken(org).name("Deploy").build();
    store.insert(first);
    store.delete(first.id());
    StoredToken second = organizationToken(org).name("Deploy").build();

    store.insert(second);

    assertThat(store.find(second.id())).contains(second);
  }

  @Test
  void insertWhenNameFreedByRenameThenAllowed() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken first = organizationToken(org).name("Deploy").build();
    store.insert(first);
    store.update(TokenFixture.copyOf(first).name("Deploy (old)").build(), 1);
    StoredToken second = organizationToken(org).name("deploy").build();

    store.insert(second);

    assertThat(store.find(second.id())).contains(second);
  }

  @Test
  @Timeout(30)
  void insertWhenSameNameFromSeveralThreadsThenExactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      String org = TokenFixture.randomOrganizationId();
      List<StoredToken> candidates =
          IntStream.range(0, THREADS)
              .mapToObj(i -> organizationToken(org).name(i % 2 == 0 ? "Race" : "RACE").build())
              .toList();

      List<Throwable> outcomes = concurrently(i -> () -> store.insert(candidates.get(i)));

      assertExactlyOneWon(outcomes, DuplicateTokenNameException.class);
      StoredTokenPage page = store.list(TokenQuery.organizationTokens(org, 100));
      assertThat(page.tokens()).hasSize(1);
      assertThat(candidates).contains(page.tokens().get(0));
    }
  }

  @Test
  @Timeout(30)
  void insertWhenSamePersonalNameFromSeveralThreadsThenExactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      String org = TokenFixture.randomOrganizationId();
      List<StoredToken> candidates =
          IntStream.range(0, THREADS)
              .mapToObj(i -> personalToken(org, "alice").name("Laptop").build())
              .toList();

      List<Throwable> outcomes = concurrently(i -> () -> store.insert(candidates.get(i)));

      assertExactlyOneWon(outcomes, DuplicateTokenNameException.class);
      assertThat(candidates.stream().filter(c -> store.find(c.id()).isPresent())).hasSize(1);
    }
  }

  @Test
  @Timeout(30)
  void insertWhenDifferentNamesFromSeveralThreadsThenAllStored() throws Exception {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> candidates =
        IntStream.range(0, THREADS * 5)
            .mapToObj(i -> organizationToken(org).name("Parallel " + i).build())
            .toList();

    List<Throwable> outcomes =
        concurrently(candidates.size(), i -> () -> store.insert(candidates.get(i)));

    assertThat(outcomes).containsOnlyNulls();
    assertThat(ids(listAll(TokenQuery.organizationTokens(org, 7))))
        .containsExactlyInAnyOrderElementsOf(ids(candidates));
  }

  // ---------------------------------------------------------------- list: filters

  @Test
  void listWhenOrganizationTokensThenOnlyThoseOfTheOrganization() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken mine = organizationToken(org).build();
    store.insert(mine);
    store.insert(organizationToken(TokenFixture.randomOrganizationId()).build());
    store.insert(personalToken(org, "alice").build());

    StoredTokenPage page = store.list(TokenQuery.organizationTokens(org, 10));

    assertThat(page.tokens()).containsExactly(mine);
    assertThat(page.next()).isEmpty();
  }

  @Test
  void listWhenOnlyPersonalTokensOfOwnerThenNoOthers() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken alices = personalToken(org, "alice").build();
    store.insert(alices);
    store.insert(personalToken(org, "bob").build());
    store.insert(organizationToken(org).build());
    store.insert(personalToken(TokenFixture.randomOrganizationId(), "alice").build());

    StoredTokenPage page = store.list(query(org, false, "alice").build());

    assertThat(page.tokens()).containsExactly(alices);
  }

  @Test
  void listWhenOrganizationAndPersonalTokensThenBothButNotOtherOwners() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken organization = organizationToken(org).createdAt(T0).build();
    StoredToken alices = personalToken(org, "alice").createdAt(T0.plusMillis(1)).build();
    store.insert(organization);
    store.insert(alices);
    store.insert(personalToken(org, "bob").build());

    StoredTokenPage page = store.list(query(org, true, "alice").build());

    assertThat(page.tokens()).containsExactly(alices, organization);
  }

  @Test
  void listWhenNeitherKindQualifiesThenEmpty() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(organizationToken(org).build());
    store.insert(personalToken(org, "alice").build());

    StoredTokenPage page = store.list(query(org, false, null).build());

    assertThat(page.tokens()).isEmpty();
    assertThat(page.next()).isEmpty();
  }

  @Test
  void listWhenOwnerIdDiffersOnlyInCaseThenNotTheirTokens() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(personalToken(org, "Alice").build());

    assertThat(store.list(query(org, false, "alice").build()).tokens()).isEmpty();
  }

  @Test
  void listWhenProjectFilterThenOnlyTokensOfThatProject() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken p1 = organizationToken(org).project("p1").createdAt(T0).build();
    StoredToken p1Personal =
        personalToken(org, "alice").project("p1").createdAt(T0.plusMillis(1)).build();
    store.insert(p1);
    store.insert(p1Personal);
    store.insert(organizationToken(org).project("p2").build());
    store.insert(organizationToken(org).wholeOrganization().build());
    store.insert(organizationToken(TokenFixture.randomOrganizationId()).project("p1").build());

    StoredTokenPage page = store.list(query(org, true, "alice").project("p1").build());

    assertThat(page.tokens()).containsExactly(p1Personal, p1);
  }

  @Test
  void listWhenNameFilterThenMatchesPartsCaseInsensitively() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken deploy = organizationToken(org).name("Deploy Bot").createdAt(T0).build();
    StoredToken redeploy =
        organizationToken(org).name("nightly REDEPLOY").createdAt(T0.plusMillis(1)).build();
    StoredToken personal =
        personalToken(org, "alice").name("my deployment").createdAt(T0.plusMillis(2)).build();
    store.insert(deploy);
    store.insert(redeploy);
    store.insert(personal);
    store.insert(organizationToken(org).name("Reporting").build());

    StoredTokenPage page = store.list(query(org, true, "alice").nameContains("dEpLoY").build());

    assertThat(page.tokens()).containsExactly(personal, redeploy, deploy);
  }

  @Test
  void listWhenNameFilterIsWholeNameThenMatches() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken token = organizationToken(org).name("CI").build();
    store.insert(token);
    store.insert(organizationToken(org).name("CD").build());

    assertThat(store.list(query(org, true, null).nameContains("ci").build()).tokens())
        .containsExactly(token);
  }

  @Test
  void listWhenNameFilterIsEmptyThenMatchesEveryName() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken a = organizationToken(org).name("A").createdAt(T0).build();
    StoredToken b = organizationToken(org).name("%_").createdAt(T0.plusMillis(1)).build();
    store.insert(a);
    store.insert(b);

    assertThat(store.list(query(org, true, null).nameContains("").build()).tokens())
        .containsExactly(b, a);
  }

  @Test
  void listWhenNameFilterHasNonAsciiLettersThenMatchesCaseInsensitively() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken token = organizationToken(org).name("ÜBERWEISUNG Ärger").build();
    store.insert(token);
    store.insert(organizationToken(org).name("Uberweisung").build());

    assertThat(store.list(query(org, true, null).nameContains("überweisung ä").build()).tokens())
        .containsExactly(token);
  }

  @Test
  void listWhenNameFilterHasPercentThenMatchesLiterally() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken percent = organizationToken(org).name("100% uptime").build();
    store.insert(percent);
    store.insert(organizationToken(org).name("1000 uptime").build());
    store.insert(organizationToken(org).name("100 uptime").build());

    assertThat(store.list(query(org, true, null).nameContains("0%").build()).tokens())
        .containsExactly(percent);
    assertThat(store.list(query(org, true, null).nameContains("%").build()).tokens())
        .containsExactly(percent);
  }

  @Test
  void listWhenNameFilterHasUnderscoreThenMatchesLiterally() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken underscore = organizationToken(org).name("ci_deploy").build();
    store.insert(underscore);
    store.insert(organizationToken(org).name("ci-deploy").build());
    store.insert(organizationToken(org).name("cixdeploy").build());

    assertThat(store.list(query(org, true, null).nameContains("ci_d").build()).tokens())
        .containsExactly(underscore);
    assertThat(store.list(query(org, true, null).nameContains("_").build()).tokens())
        .containsExactly(underscore);
  }

  @Test
  void listWhenNameFilterHasBackslashThenMatchesLiterally() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken backslash = organizationToken(org).name("domain\\user").build();
    StoredToken escapedPercent = organizationToken(org).name("a\\%b").build();
    store.insert(backslash);
    store.insert(escapedPercent);
    store.insert(organizationToken(org).name("domainuser").build());
    store.insert(organizationToken(org).name("a%b").build());

    assertThat(store.list(query(org, true, null).nameContains("n\\u").build()).tokens())
        .containsExactly(backslash);
    assertThat(store.list(query(org, true, null).nameContains("\\%").build()).tokens())
        .containsExactly(escapedPercent);
  }

  @Test
  void listWhenNameFilterHasQuotesThenMatchesLiterally() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken quoted = organizationToken(org).name("Bob's \"prod\" key").build();
    store.insert(quoted);
    store.insert(organizationToken(org).name("Bobs prod key").build());

    assertThat(store.list(query(org, true, null).nameContains("b's \"p").build()).tokens())
        .containsExactly(quoted);
  }

  @Test
  void listWhenAllFiltersCombinedThenEveryFilterApplies() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken match = personalToken(org, "alice").name("Deploy p1").project("p1").build();
    store.insert(match);
    store.insert(personalToken(org, "alice").name("Deploy p2").project("p2").build());
    store.insert(personalToken(org, "alice").name("Other p1").project("p1").build());
    store.insert(personalToken(org, "bob").name("Deploy p1").project("p1").build());
    store.insert(organizationToken(org).name("Deploy p1").project("p1").build());
    store.insert(
        personalToken(TokenFixture.randomOrganizationId(), "alice")
            .name("Deploy p1")
            .project("p1")
            .build());

    StoredTokenPage page =
        store.list(query(org, false, "alice").project("p1").nameContains("DEPLOY").build());

    assertThat(page.tokens()).containsExactly(match);
  }

  @Test
  void listWhenNothingMatchesThenEmptyPageWithoutCursor() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(organizationToken(org).name("Deploy").build());

    StoredTokenPage page = store.list(query(org, true, null).nameContains("nothing").build());

    assertThat(page.tokens()).isEmpty();
    assertThat(page.next()).isEmpty();
    assertThat(
            store
                .list(TokenQuery.organizationTokens(TokenFixture.randomOrganizationId(), 5))
                .tokens())
        .isEmpty();
  }

  @Test
  void listWhenTokensMatchThenReturnsEveryFieldAsFindDoes() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken full =
        personalToken(org, "alice")
            .project("p9")
            .custom("a:b", "c:*")
            .description("described")
            .expiresAt(T0.plusSeconds(60))
            .lastUsedAt(T0.plusMillis(7))
            .createdAt(T0)
            .build();
    StoredToken bare = organizationToken(org).createdAt(T0.minusMillis(1)).build();
    store.insert(full);
    store.insert(bare);
    store.recordLastUsed(Map.of(bare.id(), T0.plusMillis(3)));
    StoredToken bareUsed = store.find(bare.id()).orElseThrow();

    StoredTokenPage page = store.list(query(org, true, "alice").build());

    assertThat(page.tokens()).containsExactly(full, bareUsed);
    assertThat(bareUsed.token().lastUsedAt()).contains(T0.plusMillis(3));
  }

  // ---------------------------------------------------------------- list: order and paging

  @Test
  void listWhenCreatedAtDiffersThenNewestFirst() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken oldest = organizationToken(org).createdAt(T0).build();
    StoredToken middle = organizationToken(org).createdAt(T0.plusMillis(1)).build();
    StoredToken newest = organizationToken(org).createdAt(T0.plus(Duration.ofDays(400))).build();
    store.insert(middle);
    store.insert(newest);
    store.insert(oldest);

    assertThat(store.list(TokenQuery.organizationTokens(org, 10)).tokens())
        .containsExactly(newest, middle, oldest);
  }

  @Test
  void listWhenCreatedAtEqualThenOrdersByIdDescendingInBinaryOrder() {
    String org = TokenFixture.randomOrganizationId();
    // Upper case sorts before lower case in binary (String.compareTo) order but not in most
    // natural-language collations.
    List<String> idsAscending =
        List.of(
            "0000000000000000",
            "9zzzzzzzzzzzzzzz",
            "AAAAAAAAAAAAAAAA",
            "Aaaaaaaaaaaaaaaa",
            "Zzzzzzzzzzzzzzzz",
            "aAAAAAAAAAAAAAAA",
            "aaaaaaaaaaaaaaaa",
            "b000000000000000",
            "zzzzzzzzzzzzzzzz");
    for (String id :
        List.of(
            idsAscending.get(4),
            idsAscending.get(0),
            idsAscending.get(8),
            idsAscending.get(2),
            idsAscending.get(6),
            idsAscending.get(1),
            idsAscending.get(7),
            idsAscending.get(3),
            idsAscending.get(5))) {
      store.insert(organizationToken(org).id(id).createdAt(T0).build());
    }
    store.insert(organizationToken(org).id("0000000000000001").createdAt(T0.plusMillis(1)).build());
    store.insert(
        organizationToken(org).id("zzzzzzzzzzzzzzzy").createdAt(T0.minusMillis(1)).build());

    List<String> expected = new ArrayList<>();
    expected.add("0000000000000001");
    List<String> idsDescending = new ArrayList<>(idsAscending);
    Collections.reverse(idsDescending);
    expected.addAll(idsDescending);
    expected.add("zzzzzzzzzzzzzzzy");
    assertThat(ids(store.list(TokenQuery.organizationTokens(org, 100)).tokens()))
        .containsExactlyElementsOf(expected);
    assertThat(ids(listAll(TokenQuery.organizationTokens(org, 2))))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void listWhenMoreTokensThanLimitThenPageAndCursorOfItsLastToken() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> newestFirst = insertSeries(org, 5);

    StoredTokenPage page = store.list(TokenQuery.organizationTokens(org, 2));

    assertThat(page.tokens()).containsExactlyElementsOf(newestFirst.subList(0, 2));
    assertThat(page.next()).contains(PageCursor.after(newestFirst.get(1).token()));
  }

  @Test
  void listWhenExactlyLimitTokensThenNoCursor() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> newestFirst = insertSeries(org, 3);

    StoredTokenPage page = store.list(TokenQuery.organizationTokens(org, 3));

    assertThat(page.tokens()).containsExactlyElementsOf(newestFirst);
    assertThat(page.next()).isEmpty();
  }

  @Test
  void listWhenFewerTokensThanLimitThenNoCursor() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> newestFirst = insertSeries(org, 3);

    StoredTokenPage page = store.list(TokenQuery.organizationTokens(org, 1000));

    assertThat(page.tokens()).containsExactlyElementsOf(newestFirst);
    assertThat(page.next()).isEmpty();
  }

  @Test
  void listWhenLimitIsLargestIntThenReturnsEverythingWithoutCursor() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> newestFirst = insertSeries(org, 3);

    StoredTokenPage page = store.list(query(org, true, null).limit(Integer.MAX_VALUE).build());

    assertThat(page.tokens()).containsExactlyElementsOf(newestFirst);
    assertThat(page.next()).isEmpty();
  }

  @Test
  void listWhenLimitIsOneThenOneTokenAndCursor() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> newestFirst = insertSeries(org, 2);

    StoredTokenPage page = store.list(TokenQuery.organizationTokens(org, 1));

    assertThat(page.tokens()).containsExactly(newestFirst.get(0));
    assertThat(page.next()).contains(PageCursor.after(newestFirst.get(0).token()));
  }

  @Test
  void listWhenPagingWithEveryPageSizeThenVisitsEachTokenOnceInOrder() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> expected = insertSeriesWithTies(org, 23);

    for (int limit : new int[] {1, 2, 3, 5, 7, 11, 22, 23, 24, 100}) {
      List<StoredToken> seen = new ArrayList<>();
      List<StoredTokenPage> pages = listPages(TokenQuery.organizationTokens(org, limit));
      for (int i = 0; i < pages.size(); i++) {
        StoredTokenPage page = pages.get(i);
        boolean last = i == pages.size() - 1;
        assertThat(page.tokens())
            .as("page %d of size %d", i, limit)
            .hasSize(last ? expected.size() - limit * i : limit);
        seen.addAll(page.tokens());
      }
      assertThat(seen).as("limit %d", limit).containsExactlyElementsOf(expected);
      assertThat(pages).hasSize((expected.size() + limit - 1) / limit);
    }
  }

  @Test
  void listWhenPagingWithFiltersThenCursorKeepsFilters() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> matching = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      StoredToken token =
          (i % 3 == 0 ? personalToken(org, "alice") : organizationToken(org))
              .name((i % 2 == 0 ? "deploy " : "report ") + i)
              .project(i % 4 == 0 ? "p2" : "p1")
              .createdAt(T0.plusMillis(i / 2))
              .build();
      store.insert(token);
      if (token.token().name().startsWith("deploy")
          && token.token().scope().projectId().equals(Optional.of("p1"))) {
        matching.add(0, token);
      }
    }
    matching.sort(newestFirst());

    List<StoredToken> seen =
        listAll(query(org, true, "alice").project("p1").nameContains("DEP").limit(1).build());

    assertThat(seen).containsExactlyElementsOf(matching).isNotEmpty();
  }

  @Test
  void listWhenSameCursorUsedTwiceThenSamePageAndSameNextCursor() {
    String org = TokenFixture.randomOrganizationId();
    insertSeriesWithTies(org, 10);
    PageCursor cursor = store.list(TokenQuery.organizationTokens(org, 3)).next().orElseThrow();
    TokenQuery second = query(org, true, null).limit(3).after(cursor).build();

    StoredTokenPage first = store.list(second);
    StoredTokenPage again = store.list(second);

    assertThat(again).isEqualTo(first);
    assertThat(first.next()).isPresent();
  }

  @Test
  void listWhenCursorDecodedFromItsStringFormThenContinuesTheSame() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> expected = insertSeriesWithTies(org, 9);
    List<StoredToken> seen = new ArrayList<>();
    Optional<PageCursor> cursor = Optional.empty();

    do {
      StoredTokenPage page =
          store.list(query(org, true, null).limit(4).after(cursor.orElse(null)).build());
      seen.addAll(page.tokens());
      cursor = page.next().map(c -> PageCursor.decode(c.encode()));
    } while (cursor.isPresent());

    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void listWhenTokensInsertedBetweenPagesThenNoDuplicatesOrGaps() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> expected = new ArrayList<>(insertSeriesWithTies(org, 12));
    List<StoredToken> seen = new ArrayList<>();
    StoredTokenPage page = store.list(TokenQuery.organizationTokens(org, 4));
    seen.addAll(page.tokens());
    Instant newest = expected.get(0).token().createdAt();
    Instant oldest = expected.get(expected.size() - 1).token().createdAt();

    int inserted = 0;
    while (page.next().isPresent()) {
      // Newer than everything: before the cursor, so never on a later page.
      store.insert(organizationToken(org).createdAt(newest.plusMillis(1 + inserted)).build());
      // Older than everything: after the cursor, so it must show up later, in order.
      StoredToken older =
          organizationToken(org).createdAt(oldest.minusMillis(1 + inserted)).build();
      store.insert(older);
      expected.add(older);
      inserted++;
      page = store.list(query(org, true, null).limit(4).after(page.next().get()).build());
      seen.addAll(page.tokens());
    }

    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void listWhenLastTokenOfPageDeletedThenNextPageContinuesWithoutGap() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> expected = insertSeriesWithTies(org, 8);
    StoredTokenPage first = store.list(TokenQuery.organizationTokens(org, 3));
    store.delete(first.tokens().get(2).id());

    StoredTokenPage second =
        store.list(query(org, true, null).limit(3).after(first.next().orElseThrow()).build());

    assertThat(second.tokens()).containsExactlyElementsOf(expected.subList(3, 6));
  }

  @Test
  void listWhenCursorPointsPastTheEndThenEmpty() {
    String org = TokenFixture.randomOrganizationId();
    insertSeries(org, 3);
    PageCursor beforeAll = new PageCursor(T0.minus(Duration.ofDays(3650)), "0000000000000000");

    StoredTokenPage page = store.list(query(org, true, null).after(beforeAll).build());

    assertThat(page.tokens()).isEmpty();
    assertThat(page.next()).isEmpty();
  }

  @Test
  void listWhenCursorOfUnknownTokenThenContinuesByPosition() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> expected = insertSeriesWithTies(org, 6);
    ApiToken third = expected.get(2).token();
    PageCursor between = new PageCursor(third.createdAt(), third.id() + "0");

    StoredTokenPage page = store.list(query(org, true, null).after(between).build());

    assertThat(page.tokens()).containsExactlyElementsOf(expected.subList(2, 6));
  }

  // ---------------------------------------------------------------- update

  @Test
  void updateWhenVersionMatchesThenStoresEveryChangeAndIncrementsVersion() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken original =
        organizationToken(org)
            .name("Before")
            .description("old")
            .type(TokenType.READ_ONLY)
            .expiresAt(T0)
            .project("p1")
            .build();
    store.insert(original);
    StoredToken changed =
        TokenFixture.copyOf(original)
            .name("After")
            .description("")
            .custom("contracts:write", "royalties:read")
            .expiresAt(T0.plus(Duration.ofDays(30)).plusMillis(999))
            .wholeOrganization()
            .secretHash(TokenFixture.randomHash())
            .build();

    StoredToken saved = store.update(changed, 1);

    assertThat(saved).isEqualTo(changed.withVersion(2));
    assertThat(store.find(original.id())).contains(saved);
  }

  @Test
  void updateWhenExpiryRemovedThenStoredWithoutExpiry() {
    StoredToken original =
        organizationToken(TokenFixture.randomOrganizationId())
            .expiresAt(T0)
            .description("some")
            .build();
    store.insert(original);

    StoredToken saved = store.update(TokenFixture.copyOf(original).expiresAt(null).build(), 1);

    assertThat(saved.token().expiresAt()).isEmpty();
    assertThat(store.find(original.id()).orElseThrow().token().expiresAt()).isEmpty();
  }

  @Test
  void updateWhenOnlyHashChangesThenStoresHash() {
    StoredToken original = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(original);
    String newHash = TokenFixture.randomHash();

    StoredToken saved = store.update(original.withSecretHash(newHash), 1);

    assertThat(saved).isEqualTo(original.withSecretHash(newHash).withVersion(2));
    assertThat(store.find(original.id()).orElseThrow().secretHash()).isEqualTo(newHash);
  }

  @Test
  void updateWhenRepeatedThenVersionIncrementsEachTime() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    for (long version = 1; version <= 5; version++) {
      StoredToken saved =
          store.update(TokenFixture.copyOf(token).description("edit " + version).build(), version);
      assertThat(saved.version()).isEqualTo(version + 1);
    }

    assertThat(store.find(token.id()).orElseThrow())
        .isEqualTo(TokenFixture.copyOf(token).description("edit 5").version(6).build());
  }

  @Test
  void updateWhenArgumentHasOtherVersionThenIgnoresIt() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    StoredToken saved = store.update(token.withVersion(42), 1);

    assertThat(saved.version()).isEqualTo(2);
    assertThat(store.find(token.id()).orElseThrow().version()).isEqualTo(2);
  }

  @Test
  void updateWhenVersionStaleThenThrowsConflictAndKeepsStored() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);
    StoredToken current = store.update(TokenFixture.copyOf(token).description("first").build(), 1);

    assertThatThrownBy(
            () ->
                store.update(
                    TokenFixture.copyOf(token).name("Renamed").description("second").build(), 1))
        .isInstanceOf(TokenConflictException.class);

    assertThat(store.find(token.id())).contains(current);
    StoredToken other = organizationToken(token.token().organizationId()).name("renamed").build();
    store.insert(other);
    assertThat(store.find(other.id())).contains(other);
  }

  @Test
  void updateWhenVersionAheadThenThrowsConflict() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    assertThatThrownBy(
            () -> store.update(TokenFixture.copyOf(token).description("ahead").build(), 2))
        .isInstanceOf(TokenConflictException.class);

    assertThat(store.find(token.id())).contains(token);
  }

  @Test
  void updateWhenIdUnknownThenThrowsNotFound() {
    StoredToken neverInserted = organizationToken(TokenFixture.randomOrganizationId()).build();

    assertThatThrownBy(() -> store.update(neverInserted, 1))
        .isInstanceOf(TokenNotFoundException.class)
        .satisfies(
            e ->
                assertThat(((TokenNotFoundException) e).tokenIds())
                    .containsExactly(neverInserted.id()));

    assertThat(store.find(neverInserted.id())).isEmpty();
  }

  @Test
  void updateWhenTokenDeletedThenThrowsNotFound() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);
    store.delete(token.id());

    assertThatThrownBy(() -> store.update(token, 1)).isInstanceOf(TokenNotFoundException.class);
    assertThat(store.find(token.id())).isEmpty();
  }

  @Test
  void updateWhenRenamedToTakenNameThenThrowsDuplicateAndKeepsStored() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(organizationToken(org).name("Taken").build());
    StoredToken token = organizationToken(org).name("Mine").build();
    store.insert(token);

    assertThatThrownBy(() -> store.update(TokenFixture.copyOf(token).name("TAKEN").build(), 1))
        .isInstanceOf(DuplicateTokenNameException.class);

    assertThat(store.find(token.id())).contains(token);
    StoredToken renamed = store.update(TokenFixture.copyOf(token).name("Mine 2").build(), 1);
    assertThat(renamed.version()).isEqualTo(2);
  }

  @Test
  void updateWhenPersonalTokenRenamedToNameOfSameOwnerThenThrowsDuplicate() {
    String org = TokenFixture.randomOrganizationId();
    store.insert(personalToken(org, "alice").name("Laptop").build());
    store.insert(personalToken(org, "bob").name("Desktop").build());
    store.insert(organizationToken(org).name("Server").build());
    StoredToken token = personalToken(org, "alice").name("Phone").build();
    store.insert(token);

    assertThatThrownBy(() -> store.update(TokenFixture.copyOf(token).name("laptop").build(), 1))
        .isInstanceOf(DuplicateTokenNameException.class);
    StoredToken desktop = store.update(TokenFixture.copyOf(token).name("Desktop").build(), 1);
    StoredToken server = store.update(TokenFixture.copyOf(desktop).name("Server").build(), 2);

    assertThat(store.find(token.id())).contains(server);
  }

  @Test
  void updateWhenRenamedToCaseVariantOfItsOwnNameThenAllowed() {
    StoredToken token =
        organizationToken(TokenFixture.randomOrganizationId()).name("Deploy").build();
    store.insert(token);

    StoredToken saved = store.update(TokenFixture.copyOf(token).name("DEPLOY").build(), 1);

    assertThat(saved.token().name()).isEqualTo("DEPLOY");
    assertThat(store.find(token.id()).orElseThrow().token().name()).isEqualTo("DEPLOY");
  }

  @Test
  void updateWhenRenamedThenOldNameIsFreeAndNewNameTaken() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken token = organizationToken(org).name("Old").build();
    store.insert(token);

    store.update(TokenFixture.copyOf(token).name("New").build(), 1);

    assertThatThrownBy(() -> store.insert(organizationToken(org).name("new").build()))
        .isInstanceOf(DuplicateTokenNameException.class);
    StoredToken reuse = organizationToken(org).name("old").build();
    store.insert(reuse);
    assertThat(store.find(reuse.id())).contains(reuse);
  }

  @Test
  void updateWhenArgumentHasOtherLastUsedAtThenKeepsStoredOne() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);
    store.recordLastUsed(Map.of(token.id(), T0));

    StoredToken cleared =
        store.update(TokenFixture.copyOf(token).description("a").lastUsedAt(null).build(), 1);
    StoredToken moved =
        store.update(
            TokenFixture.copyOf(token).description("b").lastUsedAt(T0.plusSeconds(60)).build(), 2);

    assertThat(cleared.token().lastUsedAt()).contains(T0);
    assertThat(moved.token().lastUsedAt()).contains(T0);
    assertThat(store.find(token.id()).orElseThrow().token().lastUsedAt()).contains(T0);
  }

  @Test
  void updateWhenNeverUsedThenLastUsedAtStaysAbsent() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    StoredToken saved = store.update(TokenFixture.copyOf(token).lastUsedAt(T0).build(), 1);

    assertThat(saved.token().lastUsedAt()).isEmpty();
    assertThat(store.find(token.id()).orElseThrow().token().lastUsedAt()).isEmpty();
  }

  @Test
  @Timeout(30)
  void listWhileOtherThreadsInsertAndDeleteThenEveryPageIsOrderedAndFiltered() throws Exception {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> stable = insertSeriesWithTies(org, 30);

    List<Throwable> outcomes =
        concurrently(
            4,
            i ->
                () -> {
                  for (int n = 0; n < 25; n++) {
                    if (i < 2) {
                      StoredToken churn =
                          organizationToken(org).createdAt(T0.plusMillis(n)).build();
                      store.insert(churn);
                      store.delete(churn.id());
                    } else {
                      List<StoredToken> seen = listAll(TokenQuery.organizationTokens(org, 7));
                      assertThat(seen).isSortedAccordingTo(newestFirst());
                      assertThat(seen).containsAll(stable);
                      assertThat(seen).doesNotHaveDuplicates();
                    }
                  }
                });

    assertThat(outcomes).containsOnlyNulls();
    assertThat(listAll(TokenQuery.organizationTokens(org, 7))).containsExactlyElementsOf(stable);
  }

  @Test
  @Timeout(30)
  void updateWhenSameVersionFromSeveralThreadsThenExactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
      store.insert(token);

      List<Throwable> outcomes =
          concurrently(
              i ->
                  () ->
                      store.update(
                          TokenFixture.copyOf(token).description("writer " + i).build(), 1));

      assertExactlyOneWon(outcomes, TokenConflictException.class);
      int winner = outcomes.indexOf(null);
      StoredToken stored = store.find(token.id()).orElseThrow();
      assertThat(stored.version()).isEqualTo(2);
      assertThat(stored.token().description()).isEqualTo("writer " + winner);
    }
  }

  @Test
  @Timeout(30)
  void updateWhenRenamesToSameNameFromSeveralThreadsThenExactlyOneWins() throws Exception {
    for (int round = 0; round < 10; round++) {
      String org = TokenFixture.randomOrganizationId();
      List<StoredToken> tokens =
          IntStream.range(0, THREADS).mapToObj(i -> organizationToken(org).build()).toList();
      tokens.forEach(store::insert);

      List<Throwable> outcomes =
          concurrently(
              i ->
                  () ->
                      store.update(
                          TokenFixture.copyOf(tokens.get(i))
                              .name(i % 2 == 0 ? "Target" : "target")
                              .build(),
                          1));

      assertExactlyOneWon(outcomes, DuplicateTokenNameException.class);
      assertThat(
              listAll(TokenQuery.organizationTokens(org, 100)).stream()
                  .filter(t -> NameKey.of(t.token().name()).equals("target")))
          .hasSize(1);
    }
  }

  // ---------------------------------------------------------------- delete

  @Test
  void deleteWhenTokenExistsThenTrueAndGone() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken token = organizationToken(org).build();
    StoredToken other = organizationToken(org).build();
    store.insert(token);
    store.insert(other);

    assertThat(store.delete(token.id())).isTrue();

    assertThat(store.find(token.id())).isEmpty();
    assertThat(store.find(other.id())).contains(other);
    assertThat(store.list(TokenQuery.organizationTokens(org, 10)).tokens()).containsExactly(other);
  }

  @Test
  void deleteWhenIdUnknownThenFalse() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    assertThat(store.delete(TokenFixture.randomId())).isFalse();
    assertThat(store.find(token.id())).contains(token);
  }

  @Test
  void deleteWhenCalledTwiceThenSecondIsFalse() {
    StoredToken token = personalToken(TokenFixture.randomOrganizationId(), "alice").build();
    store.insert(token);

    assertThat(store.delete(token.id())).isTrue();
    assertThat(store.delete(token.id())).isFalse();
  }

  @Test
  void deleteAllReturnsCountAndIgnoresUnknownIds() {
    String org = TokenFixture.randomOrganizationId();
    StoredToken a = organizationToken(org).build();
    StoredToken b = personalToken(org, "alice").build();
    StoredToken kept = organizationToken(org).build();
    List.of(a, b, kept).forEach(store::insert);

    int deleted = store.deleteAll(List.of(a.id(), TokenFixture.randomId(), b.id()));

    assertThat(deleted).isEqualTo(2);
    assertThat(store.find(a.id())).isEmpty();
    assertThat(store.find(b.id())).isEmpty();
    assertThat(store.find(kept.id())).contains(kept);
  }

  @Test
  void deleteAllWhenIdRepeatedThenCountsItOnce() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    assertThat(store.deleteAll(List.of(token.id(), token.id()))).isEqualTo(1);
    assertThat(store.find(token.id())).isEmpty();
  }

  @Test
  void deleteAllWhenNoIdsThenZero() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    assertThat(store.deleteAll(List.of())).isZero();
    assertThat(store.deleteAll(Set.of())).isZero();
    assertThat(store.find(token.id())).contains(token);
  }

  @Test
  void deleteAllWhenOnlyUnknownIdsThenZero() {
    assertThat(store.deleteAll(List.of(TokenFixture.randomId(), TokenFixture.randomId()))).isZero();
  }

  @Test
  void deleteAllWhenManyIdsThenDeletesEach() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> tokens =
        IntStream.range(0, 1200).mapToObj(i -> organizationToken(org).build()).toList();
    tokens.forEach(store::insert);
    StoredToken kept = tokens.get(600);
    Set<String> ids = new HashSet<>(ids(tokens));
    ids.remove(kept.id());

    int deleted = store.deleteAll(ids);

    assertThat(deleted).isEqualTo(1199);
    assertThat(store.list(TokenQuery.organizationTokens(org, 10)).tokens()).containsExactly(kept);
  }

  // ---------------------------------------------------------------- recordLastUsed

  @Test
  void recordLastUsedWhenNeverUsedThenStoresInstant() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    store.recordLastUsed(Map.of(token.id(), T0));

    assertThat(store.find(token.id()))
        .contains(token.withToken(token.token().withLastUsedAt(Optional.of(T0))));
  }

  @Test
  void recordLastUsedWhenLaterThenMovesForward() {
    StoredToken token =
        organizationToken(TokenFixture.randomOrganizationId()).lastUsedAt(T0).build();
    store.insert(token);

    store.recordLastUsed(Map.of(token.id(), T0.plusMillis(1)));

    assertThat(store.find(token.id()).orElseThrow().token().lastUsedAt())
        .contains(T0.plusMillis(1));
  }

  @Test
  void recordLastUsedWhenEarlierThenKeepsLater() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);
    store.recordLastUsed(Map.of(token.id(), T0));

    store.recordLastUsed(Map.of(token.id(), T0.minusMillis(1)));
    Optional<Instant> afterEarlier = store.find(token.id()).orElseThrow().token().lastUsedAt();
    store.recordLastUsed(Map.of(token.id(), T0));
    Optional<Instant> afterSame = store.find(token.id()).orElseThrow().token().lastUsedAt();

    assertThat(afterEarlier).contains(T0);
    assertThat(afterSame).contains(T0);
  }

  @Test
  void recordLastUsedWhenIdUnknownThenIgnoresItAndRecordsOthers() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);
    String unknown = TokenFixture.randomId();
    Map<String, Instant> batch = new LinkedHashMap<>();
    batch.put(unknown, T0);
    batch.put(token.id(), T0.plusMillis(5));

    store.recordLastUsed(batch);

    assertThat(store.find(unknown)).isEmpty();
    assertThat(store.find(token.id()).orElseThrow().token().lastUsedAt())
        .contains(T0.plusMillis(5));
  }

  @Test
  void recordLastUsedWhenEmptyThenNothingChanges() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    store.recordLastUsed(Map.of());

    assertThat(store.find(token.id())).contains(token);
  }

  @Test
  void recordLastUsedWhenTokenWasUpdatedThenKeepsVersionAndOtherFields() {
    StoredToken token =
        personalToken(TokenFixture.randomOrganizationId(), "alice")
            .project("p1")
            .custom("a:b")
            .expiresAt(T0.plusSeconds(3600))
            .description("d")
            .build();
    store.insert(token);
    StoredToken updated = store.update(TokenFixture.copyOf(token).description("e").build(), 1);

    store.recordLastUsed(Map.of(token.id(), T0));

    StoredToken found = store.find(token.id()).orElseThrow();
    assertThat(found).isEqualTo(updated.withToken(updated.token().withLastUsedAt(Optional.of(T0))));
    assertThat(found.version()).isEqualTo(2);
    assertThat(store.update(TokenFixture.copyOf(found).description("f").build(), 2).version())
        .isEqualTo(3);
  }

  @Test
  void recordLastUsedWhenBatchOfManyThenRecordsEach() {
    String org = TokenFixture.randomOrganizationId();
    List<StoredToken> tokens =
        IntStream.range(0, 1200).mapToObj(i -> organizationToken(org).build()).toList();
    tokens.forEach(store::insert);
    StoredToken untouched = tokens.get(0);
    StoredToken alreadyLater = tokens.get(1);
    store.recordLastUsed(Map.of(alreadyLater.id(), T0.plusSeconds(10_000)));
    Map<String, Instant> batch = new HashMap<>();
    for (int i = 1; i < tokens.size(); i++) {
      batch.put(tokens.get(i).id(), T0.plusMillis(i));
    }

    store.recordLastUsed(batch);

    for (int i = 2; i < tokens.size(); i++) {
      StoredToken found = store.find(tokens.get(i).id()).orElseThrow();
      assertThat(found.token().lastUsedAt()).contains(T0.plusMillis(i));
      assertThat(found.version()).isEqualTo(1);
    }
    assertThat(store.find(alreadyLater.id()).orElseThrow().token().lastUsedAt())
        .contains(T0.plusSeconds(10_000));
    assertThat(store.find(untouched.id())).contains(untouched);
  }

  @Test
  @Timeout(30)
  void recordLastUsedWhileUpdatingThenNeitherIsLost() throws Exception {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);

    List<Throwable> outcomes =
        concurrently(
            2,
            i ->
                () -> {
                  for (int n = 1; n <= 50; n++) {
                    if (i == 0) {
                      store.recordLastUsed(Map.of(token.id(), T0.plusMillis(n)));
                    } else {
                      store.update(TokenFixture.copyOf(token).description("edit " + n).build(), n);
                    }
                  }
                });

    assertThat(outcomes).containsOnlyNulls();
    StoredToken found = store.find(token.id()).orElseThrow();
    assertThat(found.version()).isEqualTo(51);
    assertThat(found.token().description()).isEqualTo("edit 50");
    assertThat(found.token().lastUsedAt()).contains(T0.plusMillis(50));
  }

  // ---------------------------------------------------------------- secrets

  @Test
  void everyMethodWhenTokenHasRealHashThenNothingShownHoldsHashOrPlaintext() {
    String org = TokenFixture.randomOrganizationId();
    String id = TokenFixture.randomId();
    String secret = TokenFixture.randomSecret();
    String plaintext = "tkr_" + id + "_" + secret + "000000";
    String hash = TokenHashers.sha256().hash(secret);
    StoredToken token =
        organizationToken(org).id(id).name("Secretive").secretHash(hash).lastUsedAt(T0).build();
    store.insert(token);
    store.insert(organizationToken(org).name("Other").build());

    List<Object> shown = new ArrayList<>();
    StoredToken found = store.find(id).orElseThrow();
    shown.add(found);
    shown.add(found.token());
    StoredTokenPage page = store.list(TokenQuery.organizationTokens(org, 1));
    shown.add(page);
    shown.add(page.tokens());
    shown.add(page.next().orElseThrow());
    shown.add(page.next().orElseThrow().encode());
    shown.add(store.list(TokenQuery.organizationTokens(org, 10)));
    shown.add(store.update(TokenFixture.copyOf(found).description("changed").build(), 1));
    shown.add(store);
    shown.add(
        catchThrowable(
            () -> store.insert(organizationToken(org).name("secretive").secretHash(hash).build())));
    shown.add(catchThrowable(() -> store.insert(found)));
    shown.add(catchThrowable(() -> store.update(found, 1)));
    shown.add(
        catchThrowable(() -> store.update(TokenFixture.copyOf(found).name("Other").build(), 2)));
    store.recordLastUsed(Map.of(id, T0.plusSeconds(1)));
    shown.add(store.find(id).orElseThrow());

    assertThat(found.secretHash()).isEqualTo(hash);
    String hashBody = hash.substring(hash.lastIndexOf('$') + 1);
    for (Object each : shown) {
      assertThat(each).as("something the store returned or threw").isNotNull();
      String text =
          each instanceof Throwable t ? t.toString() + " " + t.getMessage() : each.toString();
      assertThat(text)
          .as("%s", each.getClass().getSimpleName())
          .doesNotContain(hash)
          .doesNotContain(hashBody)
          .doesNotContain(secret)
          .doesNotContain(plaintext);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** Inserts organization tokens with distinct creation instants; returns them newest first. */
  private List<StoredToken> insertSeries(String org, int count) {
    List<StoredToken> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StoredToken token = organizationToken(org).createdAt(T0.plusMillis(i)).build();
      store.insert(token);
      tokens.add(token);
    }
    tokens.sort(newestFirst());
    return tokens;
  }

  /**
   * Inserts organization tokens, three at a time sharing a creation instant, in shuffled order;
   * returns them newest first.
   */
  private List<StoredToken> insertSeriesWithTies(String org, int count) {
    List<StoredToken> tokens = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      tokens.add(organizationToken(org).createdAt(T0.plusMillis(i / 3)).build());
    }
    List<StoredToken> shuffled = new ArrayList<>(tokens);
    Collections.shuffle(shuffled, new Random(count));
    shuffled.forEach(store::insert);
    tokens.sort(newestFirst());
    return tokens;
  }

  private static Comparator<StoredToken> newestFirst() {
    return Comparator.comparing((StoredToken t) -> t.token().createdAt())
        .thenComparing(StoredToken::id)
        .reversed();
  }

  /** Follows the cursor from the first page to the last, failing on a loop. */
  private List<StoredTokenPage> listPages(TokenQuery first) {
    List<StoredTokenPage> pages = new ArrayList<>();
    TokenQuery query = first;
    while (true) {
      StoredTokenPage page = store.list(query);
      assertThat(page.tokens()).as("page size").hasSizeLessThanOrEqualTo(query.limit());
      pages.add(page);
      if (page.next().isEmpty()) {
        return pages;
      }
      assertThat(page.tokens()).as("a page with a next cursor").isNotEmpty();
      assertThat(pages.size()).as("pages followed").isLessThan(10_000);
      query =
          new TokenQuery(
              query.organizationId(),
              query.organizationTokens(),
              query.personalOwner(),
              query.projectId(),
              query.nameContains(),
              query.limit(),
              page.next());
    }
  }

  private List<StoredToken> listAll(TokenQuery first) {
    return listPages(first).stream().flatMap(p -> p.tokens().stream()).toList();
  }

  private static List<String> ids(Collection<StoredToken> tokens) {
    return tokens.stream().map(StoredToken::id).toList();
  }

  private static List<String> names(Collection<StoredToken> tokens) {
    return tokens.stream().map(t -> t.token().name()).toList();
  }

  /** Runs {@value #THREADS} tasks at once; returns what each threw, or null. */
  private static List<Throwable> concurrently(IntFunction<Runnable> task) throws Exception {
    return concurrently(THREADS, task);
  }

  /** Runs tasks released together from a latch; returns what each threw, or null. */
  private static List<Throwable> concurrently(int count, IntFunction<Runnable> task)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(count, THREADS));
    try {
      CountDownLatch ready = new CountDownLatch(Math.min(count, THREADS));
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Throwable>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        Runnable work = task.apply(i);
        Callable<Throwable> call =
            () -> {
              ready.countDown();
              go.await();
              try {
                work.run();
                return null;
              } catch (RuntimeException | Error e) {
                return e;
              }
            };
        futures.add(pool.submit(call));
      }
      ready.await(10, TimeUnit.SECONDS);
      go.countDown();
      List<Throwable> outcomes = new ArrayList<>();
      for (Future<Throwable> future : futures) {
        outcomes.add(future.get(20, TimeUnit.SECONDS));
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertExactlyOneWon(
      List<Throwable> outcomes, Class<? extends Throwable> losersThrow) {
    List<Throwable> failures = outcomes.stream().filter(o -> o != null).toList();
    assertThat(outcomes.size() - failures.size())
        .as(
            "winners among %s",
            outcomes.stream().map(String::valueOf).collect(Collectors.joining(", ")))
        .isEqualTo(1);
    assertThat(failures).allSatisfy(f -> assertThat(f).isInstanceOf(losersThrow));
  }

  private static QueryBuilder query(String org, boolean organizationTokens, String owner) {
    return new QueryBuilder(org, organizationTokens, owner);
  }

  /** Builds {@link TokenQuery} values in tests. */
  // ---------------------------------------------------------------- lifecycle

  @Test
  void updateWhenSupersededSecretGivenThenKeptUntilReplacedAndNeverShown() {
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);
    Instant until = Instant.parse("2026-11-24T10:00:00.250Z");
    String newHash = TokenFixture.randomHash();

    StoredToken rotated = store.update(token.withNewSecret(newHash, until), 1);

    StoredToken found = store.find(token.id()).orElseThrow();
    assertThat(rotated.supersededSecret())
        .contains(new SupersededSecret(token.secretHash(), until));
    assertThat(found.supersededSecret()).isEqualTo(rotated.supersededSecret());
    assertThat(found.secretHash()).isEqualTo(newHash);
    assertThat(found.token().previousSecretValidUntil()).contains(until);
    assertThat(found.toString()).doesNotContain(token.secretHash()).doesNotContain(newHash);
    StoredToken renamed =
        store.update(found.withToken(copyOf(found).name("renamed").build().token()), 2);
    assertThat(store.find(token.id()).orElseThrow().supersededSecret())
        .as("an edit keeps the superseded secret")
        .isEqualTo(rotated.supersededSecret());
    Instant later = until.plusSeconds(3600);
    store.update(renamed.withNewSecret(TokenFixture.randomHash(), later), 3);
    assertThat(store.find(token.id()).orElseThrow().supersededSecret())
        .as("a second rotation supersedes the first's new secret")
        .contains(new SupersededSecret(newHash, later));
  }

  @Test
  void recordLastUseWhenAddressGivenThenStoredWithItsInstantOnly() {
    StoredToken token =
        organizationToken(TokenFixture.randomOrganizationId()).lastUsedAt(null).build();
    store.insert(token);
    Instant first = Instant.parse("2026-11-23T11:00:00.001Z");

    store.recordLastUse(Map.of(token.id(), new LastUse(first, Optional.of("203.0.113.5"))));
    store.recordLastUse(
        Map.of(token.id(), new LastUse(first.minusSeconds(5), Optional.of("198.51.100.9"))));

    ApiToken found = store.find(token.id()).orElseThrow().token();
    assertThat(found.lastUsedAt()).contains(first);
    assertThat(found.lastUsedFrom()).as("an older use moves nothing").contains("203.0.113.5");
    store.recordLastUse(
        Map.of(token.id(), new LastUse(first.plusSeconds(5), Optional.of("2001:db8::1"))));
    assertThat(store.find(token.id()).orElseThrow().token().lastUsedFrom()).contains("2001:db8::1");
    StoredToken edited =
        store.update(copyOf(store.find(token.id()).orElseThrow()).name("edited").build(), 1);
    assertThat(edited.token().lastUsedFrom()).as("an edit keeps it").contains("2001:db8::1");
    assertThat(store.find(token.id()).orElseThrow().token().lastUsedFrom()).contains("2001:db8::1");
  }

  @Test
  void claimExpiryNoticeWhenClaimedThenOnlyALaterNoticeOfTheSameExpiryClaimsAgain() {
    Instant expiresAt = randomFarInstant();
    StoredToken token =
        organizationToken(TokenFixture.randomOrganizationId()).expiresAt(expiresAt).build();
    store.insert(token);
    Instant thirtyDays = expiresAt.minus(Duration.ofDays(30));
    Instant sevenDays = expiresAt.minus(Duration.ofDays(7));

    assertThat(store.claimExpiryNotice(token.id(), expiresAt, thirtyDays)).isTrue();
    assertThat(store.claimExpiryNotice(token.id(), expiresAt, thirtyDays)).isFalse();
    assertThat(store.claimExpiryNotice(token.id(), expiresAt, thirtyDays.minusMillis(1))).isFalse();
    assertThat(store.claimExpiryNotice(token.id(), expiresAt.plusMillis(1), sevenDays))
        .as("a notice about another expiry")
        .isFalse();
    assertThat(store.claimExpiryNotice(token.id(), expiresAt, sevenDays)).isTrue();
    assertThat(store.claimExpiryNotice(token.id(), expiresAt, expiresAt)).isTrue();
    assertThat(store.claimExpiryNotice(token.id(), expiresAt, expiresAt)).isFalse();
    assertThat(store.claimExpiryNotice(TokenFixture.randomId(), expiresAt, expiresAt)).isFalse();
    assertThat(store.find(token.id()).orElseThrow().version()).as("version unchanged").isEqualTo(1);
    store.delete(token.id());
    assertThat(store.claimExpiryNotice(token.id(), expiresAt, expiresAt.plusMillis(1))).isFalse();
  }

  @Test
  @Timeout(60)
  void claimExpiryNoticeWhenThreadsRaceThenExactlyOneWinsEachNotice() throws Exception {
    Instant expiresAt = randomFarInstant();
    List<StoredToken> tokens = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      StoredToken token =
          organizationToken(TokenFixture.randomOrganizationId()).expiresAt(expiresAt).build();
      store.insert(token);
      tokens.add(token);
    }
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      for (Instant noticeAt :
          List.of(expiresAt.minus(Duration.ofDays(7)), expiresAt.minus(Duration.ofDays(1)))) {
        for (StoredToken token : tokens) {
          CountDownLatch start = new CountDownLatch(1);
          List<Future<Boolean>> claims = new ArrayList<>();
          for (int t = 0; t < THREADS; t++) {
            claims.add(
                pool.submit(
                    () -> {
                      start.await();
                      return store.claimExpiryNotice(token.id(), expiresAt, noticeAt);
                    }));
          }
          start.countDown();
          int won = 0;
          for (Future<Boolean> claim : claims) {
            won += claim.get(30, TimeUnit.SECONDS) ? 1 : 0;
          }
          assertThat(won).as("claims of one notice won").isEqualTo(1);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void findExpiringWhenWindowGivenThenTokensStillToBeNotifiedInExpiryOrderPaged() {
    String org = TokenFixture.randomOrganizationId();
    Instant base = randomFarInstant();
    List<StoredToken> inWindow = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // Two share an expiry, so the id settles their order.
      StoredToken token =
          organizationToken(org).expiresAt(base.plusSeconds(i == 4 ? 3 : i)).build();
      store.insert(token);
      inWindow.add(token);
    }
    StoredToken before = organizationToken(org).expiresAt(base.minusMillis(1)).build();
    StoredToken atUntil = organizationToken(org).expiresAt(base.plusSeconds(10)).build();
    StoredToken never = organizationToken(org).expiresAt(null).build();
    StoredToken notified = organizationToken(org).expiresAt(base.plusSeconds(2)).build();
    StoredToken halfNotified = organizationToken(org).expiresAt(base.plusSeconds(2)).build();
    for (StoredToken token : List.of(before, atUntil, never, notified, halfNotified)) {
      store.insert(token);
    }
    Instant notifiedAt = notified.token().expiresAt().orElseThrow();
    assertThat(store.claimExpiryNotice(notified.id(), notifiedAt, notifiedAt)).isTrue();
    Instant halfAt = halfNotified.token().expiresAt().orElseThrow();
    assertThat(store.claimExpiryNotice(halfNotified.id(), halfAt, halfAt.minusSeconds(60)))
        .isTrue();
    inWindow.add(halfNotified);

    List<ExpiringToken> found = new ArrayList<>();
    Optional<ExpiringToken> after = Optional.empty();
    for (int pages = 0; pages < 10; pages++) {
      List<ExpiringToken> page = store.findExpiring(base, base.plusSeconds(10), after, 2);
      assertThat(page.size()).isLessThanOrEqualTo(2);
      found.addAll(page);
      if (page.size() < 2) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1));
    }

    List<ExpiringToken> ours =
        found.stream().filter(e -> e.token().organizationId().equals(org)).toList();
    List<String> expected =
        inWindow.stream()
            .sorted(
                Comparator.comparing((StoredToken t) -> t.token().expiresAt().orElseThrow())
                    .thenComparing(StoredToken::id))
            .map(StoredToken::id)
            .toList();
    assertThat(ours.stream().map(e -> e.token().id()).toList()).isEqualTo(expected);
    assertThat(found)
        .as("in (expiresAt, id) order across pages")
        .isSortedAccordingTo(
            Comparator.comparing(ExpiringToken::expiresAt).thenComparing(e -> e.token().id()));
    ExpiringToken half =
        ours.stream()
            .filter(e -> e.token().id().equals(halfNotified.id()))
            .findFirst()
            .orElseThrow();
    assertThat(half.noticeClaimedAt()).contains(halfAt.minusSeconds(60));
    assertThat(ours.stream().filter(e -> !e.token().id().equals(halfNotified.id())))
        .allSatisfy(e -> assertThat(e.noticeClaimedAt()).isEmpty());
  }

  @Test
  void findIdleWhenInstantGivenThenTokensLastActiveBeforeItInIdOrderPaged() {
    String org = TokenFixture.randomOrganizationId();
    // Years no other test uses, so that a shared database's other tokens stay out of the way.
    Instant base = Instant.parse("1971-01-01T00:00:00Z").plusSeconds(new Random().nextInt(1 << 24));
    Instant activeBefore = base.plus(Duration.ofDays(10));
    StoredToken neverUsedOld = organizationToken(org).createdAt(base).lastUsedAt(null).build();
    StoredToken usedLongAgo =
        organizationToken(org).createdAt(base).lastUsedAt(base.plus(Duration.ofDays(9))).build();
    StoredToken usedRecently =
        organizationToken(org).createdAt(base).lastUsedAt(activeBefore).build();
    StoredToken newlyCreated =
        organizationToken(org).createdAt(activeBefore).lastUsedAt(null).build();
    StoredToken anotherOld =
        personalToken(org, "bob").createdAt(base.plusSeconds(1)).lastUsedAt(null).build();
    for (StoredToken token :
        List.of(neverUsedOld, usedLongAgo, usedRecently, newlyCreated, anotherOld)) {
      store.insert(token);
    }

    List<StoredToken> found = new ArrayList<>();
    Optional<String> after = Optional.empty();
    for (int pages = 0; pages < 1000; pages++) {
      List<StoredToken> page = store.findIdle(activeBefore, after, 2);
      found.addAll(page);
      if (page.size() < 2) {
        break;
      }
      after = Optional.of(page.get(page.size() - 1).id());
    }

    assertThat(
            found.stream().filter(t -> t.token().organizationId().equals(org)).map(StoredToken::id))
        .containsExactlyElementsOf(
            List.of(neverUsedOld, usedLongAgo, anotherOld).stream()
                .map(StoredToken::id)
                .sorted()
                .toList());
    assertThat(found).isSortedAccordingTo(Comparator.comparing(StoredToken::id));
  }

  /** An instant in a year no other test uses, to the millisecond. */
  private static Instant randomFarInstant() {
    long year3000 = Instant.parse("3000-01-01T00:00:00Z").toEpochMilli();
    return Instant.ofEpochMilli(year3000 + (long) (new Random().nextDouble() * 1e13));
  }

  private static final class QueryBuilder {
    private final String org;
    private final boolean organizationTokens;
    private final Optional<String> owner;
    private Optional<String> project = Optional.empty();
    private Optional<String> nameContains = Optional.empty();
    private int limit = 100;
    private Optional<PageCursor> after = Optional.empty();

    QueryBuilder(String org, boolean organizationTokens, String owner) {
      this.org = org;
      this.organizationTokens = organizationTokens;
      this.owner = Optional.ofNullable(owner);
    }

    QueryBuilder project(String value) {
      project = Optional.of(value);
      return this;
    }

    QueryBuilder nameContains(String value) {
      nameContains = Optional.of(value);
      return this;
    }

    QueryBuilder limit(int value) {
      limit = value;
      return this;
    }

    QueryBuilder after(PageCursor value) {
      after = Optional.ofNullable(value);
      return this;
    }

    TokenQuery build() {
      return new TokenQuery(org, organizationTokens, owner, project, nameContains, limit, after);
    }
  }
}

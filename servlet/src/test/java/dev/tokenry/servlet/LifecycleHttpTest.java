package dev.tokenry.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenry.TokenPolicy;
import dev.tokenry.Tokenry;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import dev.tokenry.testing.ObservedStore;
import dev.tokenry.testsupport.PostgresServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The token lifecycle over real HTTP, with the tokens on H2 and on a real PostgreSQL: the expiry
 * header, the client address and last-used address, rotation with a grace period and the superseded
 * secret's 401, organization policies as 422 on {@code expiresIn}, explicit {@code expiresAt}, and
 * inactivity.
 */
class LifecycleHttpTest {

  private static final String CONTRACTS = "/api/projects/p-a/contracts";
  private TestServer server;

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("H2"), Arguments.of("PostgreSQL"));
  }

  private static DataSource database(String kind) {
    if (kind.equals("H2")) {
      JdbcDataSource h2 = new JdbcDataSource();
      h2.setURL("jdbc:h2:mem:lifecycle-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
      h2.setUser("sa");
      return h2;
    }
    return PostgresServer.shared().newDatabase();
  }

  private TestServer start(
      String kind,
      UnaryOperator<Tokenry.Builder> extra,
      UnaryOperator<TokenAuthenticationFilter.Builder> filter)
      throws Exception {
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(database(kind)).createTablesIfMissing(true).build();
    server =
        new TestServer(
            RouteRules.builder()
                .permit("*", "/admin/**")
                .require("GET", "/api/projects/{projectId}/contracts", "contracts:read")
                .require("POST", "/api/projects/{projectId}/contracts", "contracts:write")
                .build(),
            "/",
            new ObservedStore(store),
            extra,
            filter);
    return server;
  }

  private TestServer start(String kind) throws Exception {
    return start(kind, builder -> builder, filter -> filter);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** Creates a token over the admin API as alice; returns the answer's JSON. */
  private static JsonNode create(TestServer s, String json) throws Exception {
    HttpResponse<String> created = s.admin("POST", "/tokens", "alice", json);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return TestServer.json(created);
  }

  // ------------------------------------------------------------------ expiry on the wire

  @ParameterizedTest
  @MethodSource("databases")
  void requestWhenTokenExpiresThenEveryAuthenticatedAnswerCarriesTheExpiry(String kind)
      throws Exception {
    TestServer s = start(kind);
    JsonNode expiring = create(s, "{\"name\":\"ro\",\"expiresIn\":\"30d\",\"type\":\"read-only\"}");
    JsonNode never = create(s, "{\"name\":\"n\",\"expiresIn\":\"never\",\"type\":\"read-only\"}");
    String bearer = "Bearer " + expiring.get("plaintext").asText();

    HttpResponse<String> ok = s.get(CONTRACTS, bearer);
    HttpResponse<String> forbidden = s.send("POST", CONTRACTS, bearer);
    HttpResponse<String> unauthenticated = s.get(CONTRACTS, "Bearer tkr_nope");
    HttpResponse<String> neverExpires =
        s.get(CONTRACTS, "Bearer " + never.get("plaintext").asText());

    String expiresAt = expiring.get("token").get("expiresAt").asText();
    assertThat(expiresAt).isEqualTo(s.clock.instant().plus(Duration.ofDays(30)).toString());
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.headers().firstValue("API-Token-Expiration")).contains(expiresAt);
    assertThat(forbidden.statusCode()).isEqualTo(403);
    assertThat(forbidden.headers().firstValue("API-Token-Expiration")).contains(expiresAt);
    assertThat(unauthenticated.headers().firstValue("API-Token-Expiration")).isEmpty();
    assertThat(neverExpires.statusCode()).isEqualTo(200);
    assertThat(neverExpires.headers().firstValue("API-Token-Expiration")).isEmpty();
  }

  @Test
  void requestWhenExpiryHeaderRenamedOrOffThenAsConfigured() throws Exception {
    TestServer s = start("H2", b -> b, f -> f.expiryHeader("X-Acme-Token-Expires"));
    String bearer =
        "Bearer "
            + create(s, "{\"name\":\"ro\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}")
                .get("plaintext")
                .asText();

    HttpResponse<String> ok = s.get(CONTRACTS, bearer);

    assertThat(ok.headers().firstValue("X-Acme-Token-Expires")).isPresent();
    assertThat(ok.headers().firstValue("API-Token-Expiration")).isEmpty();
    s.close();
    server = null;
    TestServer off = start("H2", b -> b, TokenAuthenticationFilter.Builder::noExpiryHeader);
    String other =
        "Bearer "
            + create(off, "{\"name\":\"ro\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}")
                .get("plaintext")
                .asText();
    assertThat(off.get(CONTRACTS, other).headers().map().keySet())
        .noneMatch(name -> name.toLowerCase(java.util.Locale.ROOT).contains("expir"));
  }

  // ------------------------------------------------------------------ client and last-used address

  @ParameterizedTest
  @MethodSource("databases")
  void requestWhenAuthenticatedThenAddressIsInTheAttributeAndBecomesTheLastUsedAddress(String kind)
      throws Exception {
    TestServer s = start(kind);
    JsonNode created = create(s, "{\"name\":\"ro\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
    String id = created.get("token").get("id").asText();
    assertThat(created.get("token").get("lastUsedFrom").isNull()).isTrue();

    HttpResponse<String> ok = s.get(CONTRACTS, "Bearer " + created.get("plaintext").asText());
    s.tokenry.flushLastUsed();

    assertThat(TestServer.json(ok).get("clientAddress").asText()).isEqualTo("127.0.0.1");
    JsonNode token = TestServer.json(s.admin("GET", "/tokens/" + id, "alice", null));
    assertThat(token.get("lastUsedFrom").asText()).isEqualTo("127.0.0.1");
    assertThat(token.get("lastUsedAt").asText()).isEqualTo(s.clock.instant().toString());
  }

  @Test
  void requestWhenForwardedHeaderFromAnUntrustedPeerThenTheAttributeHoldsThePeer()
      throws Exception {
    TestServer s =
        start(
            "H2",
            b -> b,
            f ->
                f.clientAddress(
                    ClientAddressResolver.trustedProxyHeader(
                        "X-Forwarded-For", Set.of("10.0.0.1"))));
    String bearer =
        "Bearer "
            + create(s, "{\"name\":\"ro\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}")
                .get("plaintext")
                .asText();

    HttpResponse<String> ok =
        s.http.send(
            java.net.http.HttpRequest.newBuilder(s.uri(CONTRACTS))
                .header("Authorization", bearer)
                .header("X-Forwarded-For", "203.0.113.5")
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(TestServer.json(ok).get("clientAddress").asText())
        .as("127.0.0.1 is not a trusted proxy")
        .isEqualTo("127.0.0.1");
  }

  // ------------------------------------------------------------------ rotation with a grace period

  @ParameterizedTest
  @MethodSource("databases")
  void regenerateWhenGracePeriodGivenThenOldSecretWorksUntilThenGetsTheSame401AsAnyBadSecret(
      String kind) throws Exception {
    TestServer s = start(kind);
    JsonNode created = create(s, "{\"name\":\"ro\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}");
    String id = created.get("token").get("id").asText();
    String old = created.get("plaintext").asText();

    HttpResponse<String> rotated =
        s.admin("POST", "/tokens/" + id + "/regenerate", "alice", "{\"gracePeriod\":\"1h\"}");

    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    JsonNode token = TestServer.json(rotated).get("token");
    assertThat(token.get("previousSecretValidUntil").asText())
        .isEqualTo(s.clock.instant().plus(Duration.ofHours(1)).toString());
    assertThat(rotated.body()).doesNotContain("$sha256").doesNotContain(old);
    String fresh = TestServer.json(rotated).get("plaintext").asText();
    assertThat(s.get(CONTRACTS, "Bearer " + old).statusCode()).isEqualTo(200);
    assertThat(s.get(CONTRACTS, "Bearer " + fresh).statusCode()).isEqualTo(200);

    s.clock.advance(Duration.ofHours(1));
    HttpResponse<String> superseded = s.get(CONTRACTS, "Bearer " + old);
    String random = old.substring(0, old.lastIndexOf('_') + 1) + "x".repeat(38);
    HttpResponse<String> badSecret =
        s.get(CONTRACTS, "Bearer " + fresh.replace(fresh.substring(25, 30), "AAAAA"));

    assertThat(superseded.statusCode()).isEqualTo(401);
    assertThat(superseded.body()).isEqualTo(badSecret.body());
    assertThat(superseded.headers().allValues("WWW-Authenticate"))
        .isEqualTo(badSecret.headers().allValues("WWW-Authenticate"));
    assertThat(random).isNotEmpty();
    assertThat(s.get(CONTRACTS, "Bearer " + fresh).statusCode()).isEqualTo(200);
  }

  @Test
  void regenerateWhenGracePeriodUnreadableOrTooLongThenUnprocessableNamingIt() throws Exception {
    TestServer s = start("H2", b -> b.maxGracePeriod(Duration.ofDays(1)), f -> f);
    String id =
        create(s, "{\"name\":\"ro\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}")
            .get("token")
            .get("id")
            .asText();

    for (String body :
        new String[] {
          "{\"gracePeriod\":\"soon\"}",
          "{\"gracePeriod\":\"2d\"}",
          "{\"gracePeriod\":5}",
          "{\"grace\":\"1h\"}"
        }) {
      HttpResponse<String> refused =
          s.admin("POST", "/tokens/" + id + "/regenerate", "alice", body);
      assertThat(refused.statusCode()).as(body).isEqualTo(422);
      assertThat(TestServer.json(refused).get("errors").fieldNames().next())
          .as(body)
          .isIn("gracePeriod", "grace");
    }
    JsonNode token = TestServer.json(s.admin("GET", "/tokens/" + id, "alice", null));
    assertThat(token.get("version").asInt()).as("nothing regenerated").isEqualTo(1);
    HttpResponse<String> iso =
        s.admin("POST", "/tokens/" + id + "/regenerate", "alice", "{\"gracePeriod\":\"PT90M\"}");
    assertThat(TestServer.json(iso).get("token").get("previousSecretValidUntil").asText())
        .isEqualTo(s.clock.instant().plus(Duration.ofMinutes(90)).toString());
  }

  // ------------------------------------------------------------------ expiry notices

  @ParameterizedTest
  @MethodSource("databases")
  void sendExpiryNoticesWhenTokensMadeOverHttpThenOneNoticeEachWithCreatorAndOwner(String kind)
      throws Exception {
    dev.tokenry.testing.RecordingListener events = new dev.tokenry.testing.RecordingListener();
    java.util.List<dev.tokenry.ExpiryNotice> notices =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    TestServer s =
        start(
            kind,
            b ->
                b.eventListener(
                    new dev.tokenry.spi.TokenEventListener() {
                      @Override
                      public void expiringSoon(dev.tokenry.ExpiryNotice notice) {
                        notices.add(notice);
                        events.expiringSoon(notice);
                      }

                      @Override
                      public void expired(dev.tokenry.ApiToken token) {
                        events.expired(token);
                      }
                    }),
            f -> f);
    String org =
        create(s, "{\"name\":\"ci\",\"expiresIn\":\"90d\",\"type\":\"read-only\"}")
            .get("token")
            .get("id")
            .asText();
    String mine =
        create(
                s,
                "{\"name\":\"mine\",\"kind\":\"personal\",\"expiresIn\":\"90d\","
                    + "\"type\":\"read-only\"}")
            .get("token")
            .get("id")
            .asText();
    s.clock.advance(Duration.ofDays(61));

    assertThat(s.tokenry.sendExpiryNotices()).isEqualTo(2);
    assertThat(s.tokenry.sendExpiryNotices()).isZero();

    assertThat(notices).extracting(n -> n.token().id()).containsExactlyInAnyOrder(org, mine);
    assertThat(notices).allSatisfy(n -> assertThat(n.token().createdBy()).isEqualTo("alice"));
    assertThat(notices)
        .filteredOn(n -> n.token().id().equals(mine))
        .singleElement()
        .satisfies(n -> assertThat(n.token().owner()).contains("alice"));
    assertThat(notices).allSatisfy(n -> assertThat(n.timeLeft()).isEqualTo(Duration.ofDays(29)));
    s.clock.advance(Duration.ofDays(30));
    assertThat(s.tokenry.sendExpiryNotices()).isEqualTo(2);
    assertThat(events.events).filteredOn(e -> e.startsWith("expired ")).hasSize(2);
    HttpResponse<String> expired = s.admin("GET", "/tokens/" + org, "alice", null);
    assertThat(TestServer.json(expired).get("expiresAt").asText())
        .isEqualTo(TokenTimes.plusDays(s.clock.instant(), -1));
  }

  /** Formats instants as the admin API does. */
  private static final class TokenTimes {
    static String plusDays(Instant instant, int days) {
      return instant.plus(Duration.ofDays(days)).toString();
    }
  }

  // ------------------------------------------------------------------ policy and exact dates

  @ParameterizedTest
  @MethodSource("databases")
  void createWhenOutsideThePolicyThenUnprocessableOnExpiresInAndThePreviewAgrees(String kind)
      throws Exception {
    TestServer s =
        start(
            kind,
            b -> b.policy(TokenPolicy.builder().maxLifetime(Duration.ofDays(30)).build()),
            f -> f);

    HttpResponse<String> ninety =
        s.admin(
            "POST",
            "/tokens",
            "alice",
            "{\"name\":\"a\",\"expiresIn\":\"90d\",\"type\":\"read-only\"}");
    HttpResponse<String> never =
        s.admin(
            "POST",
            "/tokens",
            "alice",
            "{\"name\":\"b\",\"expiresIn\":\"never\",\"type\":\"read-only\"}");
    HttpResponse<String> late =
        s.admin(
            "POST",
            "/tokens",
            "alice",
            "{\"name\":\"c\",\"expiresAt\":\""
                + s.clock.instant().plus(Duration.ofDays(31))
                + "\",\"type\":\"read-only\"}");
    HttpResponse<String> preview =
        s.admin("GET", "/tokens/expiry-preview?expiresIn=never", "alice", null);
    HttpResponse<String> policy = s.admin("GET", "/tokens/expiry-policy", "alice", null);

    for (HttpResponse<String> refused : new HttpResponse[] {ninety, never, late, preview}) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
      assertThat(TestServer.json(refused).get("errors").has("expiresIn"))
          .as(refused.body())
          .isTrue();
    }
    JsonNode offered = TestServer.json(policy);
    assertThat(offered.get("presets").toString()).isEqualTo("[\"1d\",\"7d\",\"30d\"]");
    assertThat(offered.get("neverExpires").asBoolean()).isFalse();
    assertThat(offered.get("maxLifetime").asText()).isEqualTo("PT720H");
    assertThat(offered.get("latestExpiresAt").asText())
        .isEqualTo(s.clock.instant().plus(Duration.ofDays(30)).toString());
    assertThat(offered.get("maxGracePeriod").asText()).isEqualTo("PT168H");
    assertThat(s.tokenCount()).isZero();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void createAndPatchWhenExpiresAtGivenThenThatExactInstant(String kind) throws Exception {
    TestServer s = start(kind);
    Instant at = Instant.parse("2027-03-04T05:06:07.891Z");

    JsonNode created =
        create(s, "{\"name\":\"dated\",\"expiresAt\":\"" + at + "\",\"type\":\"read-only\"}");
    String id = created.get("token").get("id").asText();
    HttpResponse<String> moved =
        s.admin("PATCH", "/tokens/" + id, "alice", "{\"expiresAt\":\"2027-05-01T00:00:00Z\"}");
    HttpResponse<String> both =
        s.admin(
            "PATCH",
            "/tokens/" + id,
            "alice",
            "{\"expiresIn\":\"7d\",\"expiresAt\":\"2027-05-01T00:00:00Z\"}");
    HttpResponse<String> unreadable =
        s.admin("PATCH", "/tokens/" + id, "alice", "{\"expiresAt\":\"next tuesday\"}");
    HttpResponse<String> past =
        s.admin("PATCH", "/tokens/" + id, "alice", "{\"expiresAt\":\"2020-01-01T00:00:00Z\"}");

    assertThat(created.get("token").get("expiresAt").asText()).isEqualTo(at.toString());
    assertThat(TestServer.json(moved).get("expiresAt").asText()).isEqualTo("2027-05-01T00:00:00Z");
    for (HttpResponse<String> refused : new HttpResponse[] {both, unreadable, past}) {
      assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
      assertThat(TestServer.json(refused).get("errors").has("expiresAt"))
          .as(refused.body())
          .isTrue();
    }
  }

  // ------------------------------------------------------------------ inactivity

  @ParameterizedTest
  @MethodSource("databases")
  void requestWhenTokenIdleLongerThanTheMaximumThenTheSame401AndTheSweepDeletesIt(String kind)
      throws Exception {
    TestServer s = start(kind, b -> b.maxIdle(Duration.ofDays(30)), f -> f);
    JsonNode idle = create(s, "{\"name\":\"idle\",\"expiresIn\":\"never\",\"type\":\"read-only\"}");
    JsonNode busy = create(s, "{\"name\":\"busy\",\"expiresIn\":\"never\",\"type\":\"read-only\"}");
    String busyBearer = "Bearer " + busy.get("plaintext").asText();
    s.clock.advance(Duration.ofDays(20));
    assertThat(s.get(CONTRACTS, busyBearer).statusCode()).isEqualTo(200);
    s.tokenry.flushLastUsed();
    s.clock.advance(Duration.ofDays(11));

    HttpResponse<String> rejected = s.get(CONTRACTS, "Bearer " + idle.get("plaintext").asText());
    HttpResponse<String> unknown = s.get(CONTRACTS, "Bearer tkr_nope");

    assertThat(rejected.statusCode()).isEqualTo(401);
    assertThat(rejected.body()).isEqualTo(unknown.body());
    assertThat(s.get(CONTRACTS, busyBearer).statusCode()).isEqualTo(200);
    assertThat(s.tokenry.revokeInactive()).isEqualTo(1);
    assertThat(
            s.admin("GET", "/tokens/" + idle.get("token").get("id").asText(), "alice", null)
                .statusCode())
        .isEqualTo(404);
  }
}

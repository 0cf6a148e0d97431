package dev.tokenry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tokenry.Actor;
import dev.tokenry.AuditFilter;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.Role;
import dev.tokenry.TokenPolicy;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.servlet.ClientAddressResolver;
import dev.tokenry.spi.AuditAction;
import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.ForwardingTokenStore;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenPolicies;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spring.boot.app.DemoHost;
import dev.tokenry.store.memory.InMemoryAuditLog;
import dev.tokenry.store.memory.InMemoryTokenStore;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * The bearer filter with the host's own beans, over real HTTP: the host's {@code
 * ClientAddressResolver} (a trusted proxy's {@code X-Forwarded-For}) gives the address recorded as
 * last use and counted by the throttle; {@code tokenry.throttle.max-failures-per-minute=3} answers
 * the fourth attempt of an address 429 with {@code Retry-After} and Tokenry's JSON, without asking
 * the store, while other addresses go on; {@code tokenry.expiry-header} renames the expiry header;
 * the host's {@code AuditLog} and {@code TokenPolicies} beans reach the {@code Tokenry} bean.
 */
@SpringBootTest(
    classes = DemoHost.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "tokenry.throttle.max-failures-per-minute=3",
      "tokenry.expiry-header=X-Token-Expires",
      "tokenry.last-used.flush-interval=50ms"
    })
@Import(BearerFilterHostBeansHttpTest.HostBeans.class)
class BearerFilterHostBeansHttpTest {

  static final Actor ALICE = Actor.user("alice", "acme", Role.OWNER);

  /** Counts the store's lookups, to prove a throttled request never reaches it. */
  static final AtomicInteger LOOKUPS = new AtomicInteger();

  @TestConfiguration(proxyBeanMethods = false)
  static class HostBeans {

    @Bean
    ClientAddressResolver proxyAware() {
      return ClientAddressResolver.trustedProxyHeader("X-Forwarded-For", Set.of("127.0.0.1"));
    }

    @Bean
    AuditLog auditLog() {
      return new InMemoryAuditLog();
    }

    @Bean
    TokenPolicies policies() {
      return organization ->
          TokenPolicy.builder().maxLifetime(Duration.ofDays(30)).neverExpires(false).build();
    }

    @Bean
    TokenStore countingStore() {
      TokenStore store = new InMemoryTokenStore();
      return new ForwardingTokenStore() {
        @Override
        protected TokenStore delegate() {
          return store;
        }

        @Override
        public Optional<StoredToken> find(String id) {
          LOOKUPS.incrementAndGet();
          return super.find(id);
        }
      };
    }
  }

  @LocalServerPort int port;
  @Autowired Tokenry tokenry;

  private IssuedToken issue() {
    return tokenry.issue(
        ALICE,
        TokenRequest.builder()
            .name("t-" + System.nanoTime())
            .type(TokenType.READ_ONLY)
            .expiresIn(ExpiryPreset.ONE_DAY)
            .build());
  }

  private HttpResponse<String> me(String token, String from) {
    return new Http(port)
        .get("/api/v1/me", "Authorization", "Bearer " + token, "X-Forwarded-For", from);
  }

  @Test
  void throttleWhenAnAddressFailedThreeTimesThen429WithoutStoreAccessAndOthersGoOn() {
    String good = issue().plaintext();
    String bad = good.substring(0, good.length() - 1) + (good.endsWith("x") ? "y" : "x");
    for (int i = 0; i < 3; i++) {
      assertThat(me(bad, "198.51.100.7").statusCode()).isEqualTo(401);
    }

    int before = LOOKUPS.get();
    HttpResponse<String> throttled = me(good, "198.51.100.7");

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.body()).isEqualTo("{\"message\":\"Too Many Requests.\"}");
    assertThat(throttled.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(throttled.headers().firstValue("Cache-Control")).hasValue("no-store");
    assertThat(throttled.headers().firstValue("Retry-After"))
        .hasValueSatisfying(s -> assertThat(Long.parseLong(s)).isBetween(1L, 60L));
    assertThat(LOOKUPS.get()).isEqualTo(before);
    // Another client address is not held back, and a request without a token is not counted.
    assertThat(me(good, "198.51.100.8").statusCode()).isEqualTo(200);
    assertThat(new Http(port).get("/api/v1/me", "X-Forwarded-For", "198.51.100.7").statusCode())
        .isEqualTo(401);
  }

  @Test
  void throttleWhenIpv6AddressesOfOneSlash64FailThenTheyCountTogether() {
    String good = issue().plaintext();
    for (int i = 1; i <= 3; i++) {
      assertThat(me("tkr_wrong" + i, "2001:db8:1:2::" + i).statusCode()).isEqualTo(401);
    }

    assertThat(me(good, "2001:db8:1:2::99").statusCode()).isEqualTo(429);
    assertThat(me(good, "2001:db8:1:3::1").statusCode()).isEqualTo(200);
  }

  @Test
  void lastUseWhenTheHostHasAClientAddressResolverThenItsAddressIsRecorded() {
    IssuedToken issued = issue();

    assertThat(me(issued.plaintext(), "203.0.113.5").statusCode()).isEqualTo(200);
    tokenry.flushLastUsed();

    assertThat(tokenry.get(ALICE, issued.token().id()).lastUsedFrom()).hasValue("203.0.113.5");
  }

  @Test
  void expiryHeaderWhenRenamedThenTheNewNameCarriesTheExpiry() {
    IssuedToken issued = issue();

    HttpResponse<String> answer = me(issued.plaintext(), "203.0.113.6");

    assertThat(answer.statusCode()).isEqualTo(200);
    Instant expires = issued.token().expiresAt().orElseThrow();
    assertThat(answer.headers().firstValue("X-Token-Expires")).hasValue(expires.toString());
    assertThat(answer.headers().firstValue("API-Token-Expiration")).isEmpty();
  }

  @Test
  void beansWhenTheHostHasAnAuditLogAndPoliciesThenTokenryUsesThem() {
    IssuedToken issued = issue();

    assertThat(
            tokenry
                .audit(ALICE, AuditFilter.builder().tokenId(issued.token().id()).build())
                .records())
        .extracting(r -> r.action())
        .containsExactly(AuditAction.ISSUED);
    assertThatThrownBy(
            () ->
                tokenry.issue(
                    ALICE,
                    TokenRequest.builder()
                        .name("too-long")
                        .type(TokenType.READ_ONLY)
                        .expiresIn(ExpiryPreset.NINETY_DAYS)
                        .build()))
        .hasMessageContaining("expiresIn");
  }

  @Test
  void auditWhenTheAdminApiIsCalledThenTheHostsClientAddressIsItsOrigin() throws Exception {
    HttpResponse<String> created =
        new Http(port)
            .post(
                "/admin/api/tokens",
                "application/json",
                "{\"name\":\"audited\",\"expiresIn\":\"7d\",\"type\":\"read-only\"}",
                "Authorization",
                Http.basic("alice", DemoHost.PASSWORD),
                "X-Forwarded-For",
                "203.0.113.44");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .readTree(created.body())
            .path("token")
            .path("id")
            .asText();

    assertThat(tokenry.audit(ALICE, AuditFilter.builder().tokenId(id).build()).records())
        .singleElement()
        .satisfies(r -> assertThat(r.origin().clientAddress()).hasValue("203.0.113.44"));
  }
}

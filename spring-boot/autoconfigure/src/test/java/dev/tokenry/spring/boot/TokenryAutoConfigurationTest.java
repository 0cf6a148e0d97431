package dev.tokenry.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.servlet.ActorResolver;
import dev.tokenry.servlet.AttemptThrottle;
import dev.tokenry.servlet.TokenAdminServlet;
import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import dev.tokenry.store.memory.InMemoryTokenStore;
import dev.tokenry.testing.CapturedLogs;
import dev.tokenry.testing.RecordingListener;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/** Each condition and property of the auto-configuration, without a server. */
class TokenryAutoConfigurationTest {

  private static final String HMAC_SECRET = "0123456789abcdef0123456789abcdef-extra";

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(TokenryAutoConfiguration.class));

  @Test
  void storeWhenNoDataSourceThenInMemoryWithAWarning() {
    try (CapturedLogs logs = new CapturedLogs()) {
      runner.run(
          context -> {
            assertThat(context).hasSingleBean(Tokenry.class);
            assertThat(context.getBean(TokenStore.class)).isInstanceOf(InMemoryTokenStore.class);
          });
      assertThat(logs.lines())
          .anySatisfy(line -> assertThat(line).startsWith("WARN").contains("vanish on restart"));
    }
  }

  @Test
  void storeWhenADataSourceExistsThenJdbcWithItsTablesCreated() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:ac-jdbc;DB_CLOSE_DELAY=-1")
        .run(
            context -> {
              assertThat(context.getBean(TokenStore.class)).isInstanceOf(JdbcTokenStore.class);
              Tokenry tokenry = context.getBean(Tokenry.class);
              String plaintext =
                  tokenry
                      .issue(
                          Actor.system("acme"),
                          TokenRequest.builder()
                              .name("CI")
                              .type(TokenType.READ_ONLY)
                              .expiresIn(ExpiryPreset.ONE_DAY)
                              .build())
                      .plaintext();
              assertThat(tokenry.verify(plaintext)).isPresent();
            });
  }

  @Test
  void storeWhenMemoryIsAskedForThenMemoryEvenWithADataSource() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:ac-mem;DB_CLOSE_DELAY=-1", "tokenry.store=memory")
        .run(
            context ->
                assertThat(context.getBean(TokenStore.class))
                    .isInstanceOf(InMemoryTokenStore.class));
  }

  @Test
  void storeWhenJdbcIsAskedForWithoutADataSourceThenStartUpFails() {
    runner
        .withPropertyValues("tokenry.store=jdbc")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("tokenry.store=jdbc needs a DataSource"));
  }

  @Test
  void storeWhenTheHostDefinesOneThenItIsUsed() {
    InMemoryTokenStore own = new InMemoryTokenStore();
    runner
        .withBean(TokenStore.class, () -> own)
        .run(context -> assertThat(context.getBean(TokenStore.class)).isSameAs(own));
  }

  @Test
  void propertiesWhenSetThenTokenryFollowsThem() {
    runner
        .withPropertyValues(
            "tokenry.prefix=acme_live",
            "tokenry.hasher=hmac-sha256",
            "tokenry.hmac.keys[0].id=k2",
            "tokenry.hmac.keys[0].secret=" + HMAC_SECRET,
            "tokenry.hmac.keys[1].id=k1",
            "tokenry.hmac.keys[1].secret=" + HMAC_SECRET + "-older",
            "tokenry.known-permissions=contracts:read,contracts:write",
            "tokenry.last-used.flush-interval=5s")
        .run(
            context -> {
              Tokenry tokenry = context.getBean(Tokenry.class);
              assertThat(tokenry.prefix()).isEqualTo("acme_live");
              assertThat(tokenry.toString()).contains("hmac-sha256");
              assertThat(tokenry.knownPermissions())
                  .hasValueSatisfying(k -> assertThat(k).hasSize(2));
              TokenryProperties properties = context.getBean(TokenryProperties.class);
              assertThat(properties.lastUsed().flushInterval()).hasSeconds(5);
              assertThat(properties.toString()).contains("k2").doesNotContain(HMAC_SECRET);
            });
  }

  @Test
  void hmacWhenAKeyIsTooShortThenStartUpFailsWithoutShowingIt() {
    runner
        .withPropertyValues(
            "tokenry.hasher=hmac-sha256",
            "tokenry.hmac.keys[0].id=k1",
            "tokenry.hmac.keys[0].secret=short-secret-17ch")
        .run(
            context -> {
              assertThat(context).hasFailed();
              assertThat(context.getStartupFailure())
                  .rootCause()
                  .hasMessageContaining("tokenry.hmac.keys[0].secret is 17 bytes; at least 32");
              Throwable failure = context.getStartupFailure();
              while (failure != null) {
                assertThat(String.valueOf(failure.getMessage()))
                    .doesNotContain("short-secret-17ch");
                failure = failure.getCause();
              }
            });
  }

  @Test
  void throttleWhenZeroThenNoneWhenOutOfRangeOrTheHeaderNameIsBadThenStartUpFails() {
    runner
        .withPropertyValues("tokenry.throttle.max-failures-per-minute=0")
        .run(
            context ->
                assertThat(context.getBean(AttemptThrottle.class))
                    .isSameAs(AttemptThrottle.none()));
    for (String bad :
        List.of(
            "tokenry.throttle.max-failures-per-minute=-1",
            "tokenry.throttle.max-failures-per-minute=1000001",
            "tokenry.expiry-header=Bad Header",
            "tokenry.expiry-header=X-Expiry\r\nSet-Cookie: a=b")) {
      runner
          .withPropertyValues(bad)
          .run(
              context ->
                  assertThat(context)
                      .getFailure()
                      .rootCause()
                      .hasMessageContaining(bad.substring(0, bad.indexOf('='))));
    }
  }

  @Test
  void beansWhenTheHostHasAnAttemptThrottleThenItIsKept() {
    AttemptThrottle own = AttemptThrottle.perInstance(5, Duration.ofSeconds(10));
    runner
        .withBean(AttemptThrottle.class, () -> own)
        .run(context -> assertThat(context.getBean(AttemptThrottle.class)).isSameAs(own));
  }

  @Test
  void hmacWhenNoKeyIsGivenThenStartUpFails() {
    runner
        .withPropertyValues("tokenry.hasher=hmac-sha256")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("needs tokenry.hmac.keys[0].id"));
  }

  @Test
  void propertiesWhenMalformedThenStartUpFailsNamingThem() {
    runner
        .withPropertyValues("tokenry.prefix=Not-A-Prefix")
        .run(context -> assertThat(context).hasFailed());
    runner
        .withPropertyValues("tokenry.known-permissions=contracts:*")
        .run(
            context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("concrete"));
    runner
        .withPropertyValues("tokenry.last-used.flush-interval=2h")
        .run(
            context ->
                assertThat(context)
                    .getFailure()
                    .rootCause()
                    .hasMessageContaining("lastUsedFlushInterval"));
    runner
        .withPropertyValues("tokenry.store=sometimes")
        .run(context -> assertThat(context).hasFailed());
  }

  private static List<String> tables(DataSource dataSource) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        ResultSet rows =
            connection.getMetaData().getTables(null, "PUBLIC", "%", new String[] {"TABLE"})) {
      while (rows.next()) {
        names.add(rows.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }

  @Test
  void schemaWhenTheTablePrefixIsNotTheDefaultThenTheStoreCreatesItsTablesWithoutFlyway() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:ac-prefix;DB_CLOSE_DELAY=-1",
            "tokenry.jdbc.table-prefix=acme_")
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(tables(context.getBean(DataSource.class)))
                  .contains("acme_tokens")
                  .doesNotContain("tokenry_tokens", TokenryFlyway.HISTORY_TABLE);
            });
  }

  @Test
  void schemaWhenInitializationIsOffThenNoTableIsCreated() {
    runner
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
        .withPropertyValues(
            "spring.datasource.url=jdbc:h2:mem:ac-off;DB_CLOSE_DELAY=-1",
            "tokenry.jdbc.initialize-schema=false")
        .run(
            context ->
                assertThat(tables(context.getBean(DataSource.class)))
                    .doesNotContain("tokenry_tokens", TokenryFlyway.HISTORY_TABLE));
  }

  @Test
  void listenersWhenTheHostDefinesSomeThenEachHearsEventsBesideTheLoggingOne() {
    RecordingListener first = new RecordingListener();
    RecordingListener second = new RecordingListener();
    try (CapturedLogs logs = new CapturedLogs()) {
      runner
          .withBean("first", TokenEventListener.class, () -> first)
          .withBean("second", TokenEventListener.class, () -> second)
          .run(
              context -> {
                Tokenry tokenry = context.getBean(Tokenry.class);
                tokenry.issue(
                    Actor.system("acme"),
                    TokenRequest.builder()
                        .name("CI")
                        .type(TokenType.READ_ONLY)
                        .expiresIn(ExpiryPreset.ONE_DAY)
                        .build());
              });
      assertThat(first.events).hasSize(1).allSatisfy(e -> assertThat(e).startsWith("issued "));
      assertThat(second.events).isEqualTo(first.events);
      assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("Token issued:"));
    }
  }

  @Test
  void clockWhenTheHostDefinesOneThenEveryInstantComesFromIt() {
    Instant fixed = Instant.parse("2030-01-02T03:04:05Z");
    runner
        .withBean(Clock.class, () -> Clock.fixed(fixed, ZoneOffset.UTC))
        .run(
            context ->
                assertThat(context.getBean(Tokenry.class).previewExpiry(ExpiryPreset.ONE_DAY))
                    .hasValue(fixed.plus(Duration.ofDays(1))));
  }

  private final WebApplicationContextRunner web =
      new WebApplicationContextRunner()
          .withConfiguration(
              AutoConfigurations.of(
                  TokenryAutoConfiguration.class, TokenryAdminAutoConfiguration.class));

  @Test
  void adminWhenAnActorResolverExistsThenMountedAtTheAdminPath() {
    web.withBean(ActorResolver.class, () -> request -> Optional.empty())
        .withPropertyValues("tokenry.admin.path=/settings/tokens/")
        .run(
            context -> {
              ServletRegistrationBean<?> registration =
                  context.getBean("tokenryAdminServlet", ServletRegistrationBean.class);
              assertThat(registration.getServlet()).isInstanceOf(TokenAdminServlet.class);
              assertThat(registration.getUrlMappings()).containsExactly("/settings/tokens/*");
            });
  }

  @Test
  void adminWhenNoActorResolverOrDisabledThenNotMounted() {
    web.run(context -> assertThat(context).doesNotHaveBean("tokenryAdminServlet"));
    web.withBean(ActorResolver.class, () -> request -> Optional.empty())
        .withPropertyValues("tokenry.admin.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean("tokenryAdminServlet"));
  }

  @Test
  void adminWhenThePathIsNotPlainThenStartUpFails() {
    for (String path : new String[] {"admin", "/admin/../x", "/admin/*", "/admin//api", "/"}) {
      web.withBean(ActorResolver.class, () -> request -> Optional.empty())
          .withPropertyValues("tokenry.admin.path=" + path)
          .run(context -> assertThat(context).as(path).hasFailed());
    }
  }
}

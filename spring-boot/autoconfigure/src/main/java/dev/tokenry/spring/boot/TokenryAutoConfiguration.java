package dev.tokenry.spring.boot;

import dev.tokenry.HmacKey;
import dev.tokenry.TokenHashers;
import dev.tokenry.Tokenry;
import dev.tokenry.servlet.AttemptThrottle;
import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.ProjectDirectory;
import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.TokenPolicies;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.UserPermissionResolver;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import dev.tokenry.store.memory.InMemoryTokenStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.util.ClassUtils;

/**
 * The store and the {@link Tokenry} instance. A {@code TokenStore} bean of the application wins;
 * else the JDBC store on the application's {@code DataSource} (its tables created or migrated at
 * start-up); else the in-memory store, with a WARN that tokens vanish on restart. Every bean of the
 * host's {@link UserPermissionResolver}, {@link ProjectDirectory}, {@link Clock}, {@link AuditLog},
 * {@link TokenPolicies} and {@link TokenEventListener} types is used.
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
      "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
      "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
    })
@EnableConfigurationProperties(TokenryProperties.class)
public class TokenryAutoConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(TokenryAutoConfiguration.class);
  private static final boolean FLYWAY_PRESENT =
      ClassUtils.isPresent(
          "org.flywaydb.core.Flyway", TokenryAutoConfiguration.class.getClassLoader());

  /** Created by Spring. */
  public TokenryAutoConfiguration() {}

  /**
   * The token store, unless the application defines one.
   *
   * @param properties {@code tokenry.*}
   * @param dataSource the application's data source, if any
   * @return the JDBC store, or the in-memory one
   */
  @Bean
  @ConditionalOnMissingBean(TokenStore.class)
  // After the host's Flyway, Liquibase or SQL init: the host's Flyway refuses a schema that already
  // holds tables (Tokenry's) without its own history; Tokenry's history accepts the host's tables.
  @DependsOnDatabaseInitialization
  public TokenStore tokenryTokenStore(
      TokenryProperties properties, ObjectProvider<DataSource> dataSource) {
    DataSource source = dataSource.getIfUnique();
    TokenryProperties.StoreType type = properties.store();
    if (type == TokenryProperties.StoreType.JDBC && source == null) {
      throw new IllegalStateException(
          "tokenry.store=jdbc needs a DataSource bean (spring.datasource.url), and none is unique");
    }
    if (type == TokenryProperties.StoreType.MEMORY
        || (type == TokenryProperties.StoreType.AUTO && source == null)) {
      LOG.warn(
          "Tokenry keeps its tokens in memory: they vanish on restart. Give the application a"
              + " DataSource (or set tokenry.store=jdbc) to keep them.");
      return new InMemoryTokenStore();
    }
    return jdbcStore(source, properties.jdbc());
  }

  private static JdbcTokenStore jdbcStore(DataSource source, TokenryProperties.Jdbc jdbc) {
    boolean defaultPrefix = "tokenry_".equals(jdbc.tablePrefix());
    boolean migrate = jdbc.initializeSchema() && FLYWAY_PRESENT && defaultPrefix;
    JdbcTokenStore store =
        JdbcTokenStore.builder()
            .dataSource(source)
            .tablePrefix(jdbc.tablePrefix())
            .createTablesIfMissing(jdbc.initializeSchema() && !migrate)
            .build();
    if (migrate) {
      TokenryFlyway.migrate(source, store.dialect());
    }
    return store;
  }

  /**
   * The Tokenry instance, unless the application defines one. Closed with the context, which writes
   * the pending last-used times.
   *
   * @param properties {@code tokenry.*}
   * @param store the store
   * @param userPermissions the host's user permissions, for personal tokens
   * @param projects the host's project directory
   * @param clock the host's clock
   * @param listeners every event listener bean, in {@code @Order}
   * @param auditLog the host's audit log, where every management action is recorded
   * @param policies the host's token policies of each organization
   * @return the configured instance
   */
  @Bean
  @ConditionalOnMissingBean
  public Tokenry tokenry(
      TokenryProperties properties,
      TokenStore store,
      ObjectProvider<UserPermissionResolver> userPermissions,
      ObjectProvider<ProjectDirectory> projects,
      ObjectProvider<Clock> clock,
      ObjectProvider<TokenEventListener> listeners,
      ObjectProvider<AuditLog> auditLog,
      ObjectProvider<TokenPolicies> policies) {
    Tokenry.Builder builder =
        Tokenry.builder()
            .store(store)
            .prefix(properties.prefix())
            .hasher(hasher(properties))
            .clock(clock.getIfUnique(Clock::systemUTC))
            .lastUsedFlushInterval(properties.lastUsed().flushInterval());
    userPermissions.ifUnique(builder::userPermissions);
    projects.ifUnique(builder::projects);
    auditLog.ifUnique(builder::auditLog);
    policies.ifUnique(builder::policies);
    if (!properties.knownPermissions().isEmpty()) {
      builder.knownPermissions(properties.knownPermissions());
    }
    listeners.orderedStream().forEach(builder::addEventListener);
    return builder.build();
  }

  /**
   * The bearer filter's failed-attempt throttle, unless the application defines one (such as the
   * fleet-wide {@code tokenry-throttle-postgresql}): counted in this process's memory from {@code
   * tokenry.throttle.max-failures-per-minute}, none when that is 0.
   *
   * @param properties {@code tokenry.*}
   * @return the throttle
   */
  @Bean
  @ConditionalOnMissingBean
  public AttemptThrottle tokenryAttemptThrottle(TokenryProperties properties) {
    int max = properties.throttle().maxFailuresPerMinute();
    if (max == 0) {
      return AttemptThrottle.none();
    }
    return AttemptThrottle.perInstance(max, Duration.ofMinutes(1));
  }

  static TokenHasher hasher(TokenryProperties properties) {
    return switch (properties.hasher()) {
      case SHA256 -> TokenHashers.sha256();
      case ARGON2ID -> TokenHashers.argon2id();
      case HMAC_SHA256 -> hmac(properties.hmac().keys());
    };
  }

  private static TokenHasher hmac(List<TokenryProperties.Key> keys) {
    if (keys.isEmpty()) {
      throw new IllegalStateException(
          "tokenry.hasher=hmac-sha256 needs tokenry.hmac.keys[0].id and tokenry.hmac.keys[0].secret");
    }
    HmacKey[] all = new HmacKey[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      TokenryProperties.Key key = keys.get(i);
      if (key.id() == null || key.secret() == null) {
        throw new IllegalStateException(
            "tokenry.hmac.keys[" + i + "] needs both an id and a secret");
      }
      byte[] material = key.secret().getBytes(StandardCharsets.UTF_8);
      if (material.length < HmacKey.MIN_LENGTH) {
        // The length only, never the secret.
        throw new IllegalStateException(
            "tokenry.hmac.keys["
                + i
                + "].secret is "
                + material.length
                + " bytes; at least "
                + HmacKey.MIN_LENGTH
                + " are needed");
      }
      all[i] = HmacKey.of(key.id(), material);
    }
    HmacKey[] older = new HmacKey[all.length - 1];
    System.arraycopy(all, 1, older, 0, older.length);
    return TokenHashers.hmacSha256(all[0], older);
  }
}

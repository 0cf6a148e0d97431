package dev.tokenry.spring.boot;

import dev.tokenry.store.jdbc.JdbcDialect;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies Tokenry's own migrations ({@code classpath:db/tokenry/<dialect>}, every {@code V*.sql}
 * there) with their own history table, so that they sit beside the host's Flyway migrations — its
 * own {@code V1__…} included — without either history breaking. Loaded only when Flyway is on the
 * class path.
 */
final class TokenryFlyway {

  /** Tokenry's Flyway history table, apart from the host's {@code flyway_schema_history}. */
  static final String HISTORY_TABLE = "tokenry_schema_history";

  private static final Logger LOG = LoggerFactory.getLogger(TokenryFlyway.class);

  private TokenryFlyway() {}

  static void migrate(DataSource dataSource, JdbcDialect dialect) {
    Flyway flyway =
        Flyway.configure(TokenryFlyway.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:" + dialect.schemaLocation())
            .table(HISTORY_TABLE)
            // An existing schema of the host's is expected: Tokenry's history starts empty beside
            // it.
            .baselineOnMigrate(true)
            .baselineVersion("0")
            .load();
    MigrateResult result = flyway.migrate();
    LOG.info(
        "Tokenry schema: {} migration(s) applied, now at version {} ({})",
        result.migrationsExecuted,
        result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion,
        HISTORY_TABLE);
  }
}

package dev.tokenry.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;

/**
 * The databases {@link JdbcTokenStore} supports. They differ only in their schema file; the
 * statements the store runs are the same standard SQL on both.
 */
public enum JdbcDialect {

  /** H2 2.x, in memory, embedded or over TCP. */
  H2("h2", "H2"),

  /** PostgreSQL 14 or later. */
  POSTGRESQL("postgresql", "PostgreSQL");

  /** The schema version the files in this jar create. */
  static final int SCHEMA_VERSION = 1;

  private final String folder;
  private final String productName;

  JdbcDialect(String folder, String productName) {
    this.folder = folder;
    this.productName = productName;
  }

  /**
   * Returns where this dialect's schema file lies on the class path, for example {@code
   * db/tokenry/postgresql/V1__tokenry_tokens.sql}. The name follows Flyway's {@code
   * V<version>__<description>.sql} pattern, and the file uses the default table prefix {@code
   * tokenry_}.
   *
   * @return the class-path resource name, without a leading slash
   */
  public String schemaResource() {
    return "db/tokenry/" + folder + "/V" + SCHEMA_VERSION + "__tokenry_tokens.sql";
  }

  /**
   * Returns where this dialect's audit table file lies on the class path, {@code
   * db/tokenry/<dialect>/V3__tokenry_audit.sql}, which {@link JdbcAuditLog} runs when asked to
   * create its table.
   *
   * @return the class-path resource name, without a leading slash
   */
  public String auditSchemaResource() {
    return "db/tokenry/" + folder + "/V3__tokenry_audit.sql";
  }

  /**
   * Returns the folder of the schema files, usable as a Flyway location ({@code
   * classpath:db/tokenry/postgresql}).
   *
   * @return the class-path folder, without a leading or trailing slash
   */
  public String schemaLocation() {
    return "db/tokenry/" + folder;
  }

  /**
   * Picks the dialect from a connection's metadata.
   *
   * @param metaData the metadata of a connection to the database
   * @return the dialect
   * @throws SQLException if the metadata cannot be read
   * @throws IllegalStateException if the database is neither H2 nor PostgreSQL
   */
  public static JdbcDialect detect(DatabaseMetaData metaData) throws SQLException {
    requireNonNull(metaData, "metaData must not be null");
    String product = metaData.getDatabaseProductName();
    for (JdbcDialect dialect : values()) {
      if (dialect.productName.equalsIgnoreCase(product)) {
        return dialect;
      }
    }
    throw new IllegalStateException(
        "JdbcTokenStore supports H2 and PostgreSQL, but the database is '"
            + product
            + "'; if it speaks one of their SQL dialects, choose it with "
            + "JdbcTokenStore.builder().dialect(...)");
  }
}

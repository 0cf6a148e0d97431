package dev.tokenry.store.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.List;

/**
 * The databases {@link JdbcTokenStore} supports. They differ only in their schema files (PostgreSQL
 * has one more: the triggers that announce changes to the record caches); the statements the store
 * runs are the same standard SQL on both.
 */
public enum JdbcDialect {

  /** H2 2.x, in memory, embedded or over TCP. */
  H2(
      "h2",
      "H2",
      List.of("V1__tokenry_tokens.sql", "V2__tokenry_lifecycle.sql", "V3__tokenry_audit.sql")),

  /** PostgreSQL 14 or later. */
  POSTGRESQL(
      "postgresql",
      "PostgreSQL",
      List.of(
          "V1__tokenry_tokens.sql",
          "V2__tokenry_lifecycle.sql",
          "V3__tokenry_audit.sql",
          "V4__tokenry_change_trigger.sql"));

  private final String folder;
  private final String productName;

  /**
   * The schema files of the dialect, in the order they are applied. Each is also a plain Flyway
   * migration ({@code V<version>__<description>.sql}) of the dialect's folder, so a host may run
   * them with Flyway instead; a new schema version is a new file at the end of the list. Versions 1
   * to 3 are the same on both; version 4 (the change triggers) is PostgreSQL's alone, as H2 has no
   * notifications.
   */
  private final List<String> schemaFiles;

  JdbcDialect(String folder, String productName, List<String> schemaFiles) {
    this.folder = folder;
    this.productName = productName;
    this.schemaFiles = schemaFiles;
  }

  /** The schema version this dialect's files in this jar create: 3 on H2, 4 on PostgreSQL. */
  int schemaVersion() {
    return schemaFiles.size();
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
    return schemaResources().get(0);
  }

  /**
   * Returns every schema file of this dialect in the order they must be applied, the first being
   * {@link #schemaResource()}: {@code V1__tokenry_tokens.sql}, then {@code
   * V2__tokenry_lifecycle.sql} (superseded secrets, last-used address, expiry-notice claims), then
   * {@code V3__tokenry_audit.sql} (the audit table of {@link JdbcAuditLog}), and on PostgreSQL
   * {@code V4__tokenry_change_trigger.sql} (the triggers that announce every committed change of a
   * token row to the record caches). Each is idempotent, so running them all again on an up-to-date
   * schema changes nothing.
   *
   * @return the class-path resource names, without a leading slash
   */
  public List<String> schemaResources() {
    return schemaFiles.stream().map(file -> schemaLocation() + "/" + file).toList();
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

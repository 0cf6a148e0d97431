package dev.tokenry.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A dialect's schema files, read from this jar in order and joined, with the default prefix {@code
 * tokenry_} replaced by the configured one and split into statements. The files hold only {@code
 * --} comment lines and statements ending in {@code ;} at the end of a line, and no string literal
 * holds a {@code ;}; a PL/pgSQL function body ({@code $$ ... $$}, whose statements end in {@code
 * ;}) is written on one line, so that only the {@code ;} after its closing {@code $$} ends a line.
 */
final class SchemaScript {

  /** The prefix the shipped files are written with. */
  static final String DEFAULT_PREFIX = "tokenry_";

  private SchemaScript() {}

  /**
   * Returns the text of all schema files, in order, for a table prefix.
   *
   * @param dialect the dialect
   * @param tablePrefix the table prefix
   * @return the SQL text
   */
  static String text(JdbcDialect dialect, String tablePrefix) {
    StringBuilder text = new StringBuilder();
    for (String resource : dialect.schemaResources()) {
      text.append(text(resource, tablePrefix)).append('\n');
    }
    return text.toString();
  }

  /** Returns any schema file's text, by class-path resource name, for a table prefix. */
  static String text(String resource, String tablePrefix) {
    try (InputStream in = SchemaScript.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "schema file " + resource + " is missing from the class path");
      }
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return sql.replace(DEFAULT_PREFIX, tablePrefix);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read schema file " + resource, e);
    }
  }

  /**
   * Splits a schema text into statements, dropping comment lines.
   *
   * @param text the SQL text
   * @return the statements, without their final {@code ;}
   */
  static List<String> statements(String text) {
    List<String> statements = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.startsWith("--")) {
        continue;
      }
      current.append(line).append('\n');
      if (trimmed.endsWith(";")) {
        String statement = current.toString().strip();
        statements.add(statement.substring(0, statement.length() - 1));
        current.setLength(0);
      }
    }
    if (!current.toString().isBlank()) {
      statements.add(current.toString().strip());
    }
    return List.copyOf(statements);
  }
}

package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SchemaFilesTest {

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void schemaResourceWhenLookedUpThenInTheJarUnderAFlywayVersionedName(JdbcDialect dialect)
      throws Exception {
    String resource = dialect.schemaResource();

    assertThat(resource)
        .startsWith(dialect.schemaLocation() + "/")
        .matches("db/tokenry/(h2|postgresql)/V1__tokenry_tokens\\.sql");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      assertThat(sql)
          .contains("CREATE TABLE IF NOT EXISTS tokenry_tokens (")
          .contains(
              "CONSTRAINT tokenry_tokens_name_uq UNIQUE (organization_id, owner_id, name_key)")
          .contains("ON tokenry_tokens (organization_id, created_at DESC, id DESC)")
          .contains("TIMESTAMP(3) WITH TIME ZONE");
    }
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void schemaResourcesWhenListedThenEveryVersionInOrderAsFlywayNamesThem(JdbcDialect dialect)
      throws Exception {
    List<String> resources = dialect.schemaResources();

    assertThat(resources).first().isEqualTo(dialect.schemaResource());
    for (int i = 0; i < resources.size(); i++) {
      String resource = resources.get(i);
      assertThat(resource)
          .startsWith(dialect.schemaLocation() + "/V" + (i + 1) + "__")
          .endsWith(".sql");
      try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
        assertThat(in).as(resource).isNotNull();
      }
    }
    assertThat(resources.get(1)).endsWith("/V2__tokenry_lifecycle.sql");
    assertThat(resources.get(2)).endsWith("/V3__tokenry_audit.sql");
    assertThat(resources).hasSize(dialect.schemaVersion());
  }

  @Test
  void schemaResourcesWhenPostgresThenTheChangeTriggerComesLastAndH2HasNone() {
    assertThat(JdbcDialect.POSTGRESQL.schemaResources())
        .hasSize(4)
        .last()
        .isEqualTo("db/tokenry/postgresql/V4__tokenry_change_trigger.sql");
    assertThat(JdbcDialect.H2.schemaResources()).hasSize(3);
    assertThat(
            getClass().getClassLoader().getResource("db/tokenry/h2/V4__tokenry_change_trigger.sql"))
        .as("H2 has no notifications, so no version 4 for Flyway to find")
        .isNull();
  }

  @Test
  void postgresqlSchemaWhenOrderingIdsThenUsesTheBinaryCollation() {
    assertThat(SchemaScript.text(JdbcDialect.POSTGRESQL, "tokenry_"))
        .contains("id              VARCHAR(64) COLLATE \"C\" NOT NULL");
  }

  @ParameterizedTest
  @EnumSource(JdbcDialect.class)
  void statementsWhenPrefixChangedThenEveryNameUsesItAndCommentsAreDropped(JdbcDialect dialect) {
    List<String> statements = SchemaScript.statements(SchemaScript.text(dialect, "acme_"));

    assertThat(statements).hasSize(dialect == JdbcDialect.POSTGRESQL ? 16 : 10);
    assertThat(statements.get(0))
        .startsWith("CREATE TABLE IF NOT EXISTS acme_tokens (")
        .contains("CONSTRAINT acme_tokens_pk PRIMARY KEY (id)")
        .contains("CONSTRAINT acme_tokens_name_uq")
        .doesNotEndWith(";");
    assertThat(statements.get(1))
        .startsWith("CREATE INDEX IF NOT EXISTS acme_tokens_org_created_idx")
        .contains("ON acme_tokens (");
    assertThat(statements.subList(2, 6))
        .allSatisfy(
            s -> assertThat(s).startsWith("ALTER TABLE acme_tokens ADD COLUMN IF NOT EXISTS"));
    assertThat(statements.get(6))
        .startsWith("CREATE INDEX IF NOT EXISTS acme_tokens_expires_idx")
        .contains("ON acme_tokens (expires_at, id)");
    assertThat(statements.get(7)).startsWith("CREATE TABLE IF NOT EXISTS acme_audit (");
    assertThat(statements.subList(8, 10))
        .allSatisfy(s -> assertThat(s).startsWith("CREATE INDEX IF NOT EXISTS acme_audit_"));
    if (dialect == JdbcDialect.POSTGRESQL) {
      assertThat(statements.get(10))
          .startsWith("CREATE OR REPLACE FUNCTION acme_tokens_notify_change()")
          .contains("pg_notify('acme_tokens_changes', OLD.id);")
          .endsWith("END $$");
      assertThat(statements.get(11))
          .startsWith("CREATE OR REPLACE TRIGGER acme_tokens_changes")
          .contains("ON acme_tokens FOR EACH ROW EXECUTE FUNCTION acme_tokens_notify_change()");
      assertThat(statements.get(12))
          .startsWith("CREATE OR REPLACE FUNCTION acme_tokens_notify_truncate()")
          .contains("pg_notify('acme_tokens_changes', '*');");
      assertThat(statements.get(13))
          .startsWith("CREATE OR REPLACE TRIGGER acme_tokens_truncated")
          .contains("AFTER TRUNCATE ON acme_tokens FOR EACH STATEMENT");
      assertThat(statements.subList(14, 16))
          .containsExactly(
              "ALTER TABLE acme_tokens ENABLE ALWAYS TRIGGER acme_tokens_changes",
              "ALTER TABLE acme_tokens ENABLE ALWAYS TRIGGER acme_tokens_truncated");
    }
    assertThat(String.join("\n", statements)).doesNotContain("tokenry").doesNotContain("--");
  }

  @Test
  void detectWhenProductUnknownThenNamesItAndTheWayOut() {
    java.sql.DatabaseMetaData metaData =
        (java.sql.DatabaseMetaData)
            java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {java.sql.DatabaseMetaData.class},
                (proxy, method, args) ->
                    method.getName().equals("getDatabaseProductName") ? "MySQL" : null);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> JdbcDialect.detect(metaData))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'MySQL'")
        .hasMessageContaining("JdbcTokenStore.builder().dialect(...)");
  }
}

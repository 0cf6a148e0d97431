package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.spi.TokenFixture;
import dev.tokenry.testsupport.PostgresServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Two JVMs insert the same token name at the same moment, round after round: this JVM and a child
 * JVM ({@link InsertRaceProcess}), released together by a PostgreSQL advisory lock. Every round
 * leaves exactly one row, and exactly one of the two gets the duplicate-name exception.
 */
class PostgresTwoJvmRaceTest {

  private static final int ROUNDS = 5;
  private static final long FIRST_KEY = 7_300_000L;

  @Test
  @Timeout(120)
  void insertWhenSameNameFromTwoJvmsAtOnceThenOneRowAndOneDuplicateEachRound() throws Exception {
    PostgresServer server = PostgresServer.shared();
    PGSimpleDataSource database = server.newDatabase();
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(database).createTablesIfMissing(true).build();
    String org = TokenFixture.randomOrganizationId();

    try (Connection gate = database.getConnection()) {
      for (int round = 0; round < ROUNDS; round++) {
        lock(gate, "SELECT pg_advisory_lock(?)", FIRST_KEY + round);
      }
      Process child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  InsertRaceProcess.class.getName(),
                  String.valueOf(server.port()),
                  database.getDatabaseName(),
                  org,
                  String.valueOf(ROUNDS),
                  String.valueOf(FIRST_KEY))
              .redirectErrorStream(true)
              .start();
      BufferedReader childOutput =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      try {
        for (int round = 0; round < ROUNDS; round++) {
          int r = round;
          CompletableFuture<String> here =
              CompletableFuture.supplyAsync(
                  () -> {
                    try {
                      return InsertRaceProcess.race(database, store, org, r, FIRST_KEY + r);
                    } catch (Exception e) {
                      return e.toString();
                    }
                  });
          waitForWaiters(database, FIRST_KEY + round, 2);
          lock(gate, "SELECT pg_advisory_unlock(?)", FIRST_KEY + round);

          List<String> outcomes = new ArrayList<>();
          outcomes.add(here.get(30, TimeUnit.SECONDS));
          outcomes.add(nextResult(childOutput));
          assertThat(outcomes)
              .as("round %d", round)
              .containsExactlyInAnyOrder("inserted", "duplicate");
          assertThat(rows(database, org, "Race " + round)).isEqualTo(1);
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();
      } finally {
        child.destroyForcibly();
      }
    }
  }

  private static String nextResult(BufferedReader childOutput) throws Exception {
    for (String line = childOutput.readLine(); line != null; line = childOutput.readLine()) {
      if (line.startsWith(InsertRaceProcess.RESULT)) {
        return line.substring(InsertRaceProcess.RESULT.length());
      }
      System.out.println("child: " + line);
    }
    return "(child ended)";
  }

  private static void lock(Connection connection, String sql, long key) throws Exception {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setLong(1, key);
      statement.execute();
    }
  }

  private static void waitForWaiters(PGSimpleDataSource database, long key, int expected)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      try (Connection connection = database.getConnection();
          PreparedStatement statement =
              connection.prepareStatement(
                  "SELECT COUNT(*) FROM pg_locks"
                      + " WHERE locktype = 'advisory' AND NOT granted AND objid = ?")) {
        statement.setLong(1, key);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          if (rows.getInt(1) >= expected) {
            return;
          }
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("the two inserters never both waited on lock " + key);
  }

  private static int rows(PGSimpleDataSource database, String org, String name) throws Exception {
    try (Connection connection = database.getConnection();
        PreparedStatement statement =
            connection.prepareStatement(
                "SELECT COUNT(*) FROM tokenry_tokens WHERE organization_id = ? AND name = ?")) {
      statement.setString(1, org);
      statement.setString(2, name);
      try (ResultSet rows = statement.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }
  }
}

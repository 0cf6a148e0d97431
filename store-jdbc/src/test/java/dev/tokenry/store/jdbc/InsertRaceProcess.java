package dev.tokenry.store.jdbc;

import static dev.tokenry.spi.TokenFixture.organizationToken;

import dev.tokenry.DuplicateTokenNameException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The other JVM of {@code PostgresTwoJvmRaceTest}: for each round, waits on a PostgreSQL advisory
 * lock the test holds, then inserts a token with the round's name and prints what happened.
 */
public final class InsertRaceProcess {

  /** What starts each result line on standard output (other lines may be log output). */
  static final String RESULT = "RESULT ";

  private InsertRaceProcess() {}

  /**
   * Runs the rounds.
   *
   * @param args port, database, organization, rounds, first lock key
   * @throws Exception on any failure other than a duplicate name
   */
  public static void main(String[] args) throws Exception {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {"127.0.0.1"});
    dataSource.setPortNumbers(new int[] {Integer.parseInt(args[0])});
    dataSource.setDatabaseName(args[1]);
    dataSource.setUser("tokenry");
    JdbcTokenStore store = JdbcTokenStore.builder().dataSource(dataSource).build();
    String org = args[2];
    int rounds = Integer.parseInt(args[3]);
    long firstKey = Long.parseLong(args[4]);
    for (int round = 0; round < rounds; round++) {
      System.out.println(RESULT + race(dataSource, store, org, round, firstKey + round));
    }
  }

  static String race(
      javax.sql.DataSource dataSource, JdbcTokenStore store, String org, int round, long key)
      throws Exception {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement wait = connection.prepareStatement("SELECT pg_advisory_lock_shared(?)")) {
      wait.setLong(1, key);
      wait.execute();
    }
    try {
      store.insert(organizationToken(org).name("Race " + round).build());
      return "inserted";
    } catch (DuplicateTokenNameException e) {
      return "duplicate";
    }
  }
}

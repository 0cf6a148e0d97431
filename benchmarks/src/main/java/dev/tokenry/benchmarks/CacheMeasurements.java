package dev.tokenry.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenHashers;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.store.jdbc.CacheAccess;
import dev.tokenry.store.jdbc.JdbcTokenStore;
import dev.tokenry.testsupport.PostgresServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The record cache's figures that are counts and latencies rather than JMH scores, on a PostgreSQL
 * server this program starts:
 *
 * <ol>
 *   <li>Queries per verification at steady state: 1,000 hot tokens, 100,000 verifications, with and
 *       without the cache, counted on the server ({@code pg_stat_user_tables.idx_scan + seq_scan}
 *       of the token table, and {@code pg_stat_database.xact_commit}).
 *   <li>Revocation on store A seen as a rejection on store B (its own pool and cache, a thread
 *       verifying hot tokens all the while): p50 / p99 / max over the revokes, with where the time
 *       goes (A's revoke call, A's commit to a bare pgjdbc listener's receipt, A's commit to B's
 *       first rejection).
 * </ol>
 *
 * <pre>
 * java -cp benchmarks/target/tokenry-benchmarks.jar dev.tokenry.benchmarks.CacheMeasurements [revokes [latency-only]]
 * </pre>
 */
public final class CacheMeasurements {

  private static final Actor ADMIN = Actor.system(Fixtures.ORGANIZATION);

  private CacheMeasurements() {}

  public static void main(String[] args) throws Exception {
    int revokes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
    boolean latencyOnly = args.length > 1 && args[1].equals("latency-only");
    boolean queriesOnly = args.length > 1 && args[1].equals("queries-only");
    System.out.println("Run at " + Instant.now());
    try (PostgresServer server =
        PostgresServer.startNew(
            Map.of("shared_buffers", "128MB", "shared_preload_libraries", "pg_stat_statements"))) {
      if (!latencyOnly) {
        queriesPerVerification(server, null, 10_000);
        queriesPerVerification(server, Duration.ofSeconds(1), 0);
        queriesPerVerification(server, Duration.ofSeconds(1), 10_000);
        queriesPerVerification(server, Duration.ofSeconds(10), 10_000);
      }
      if (!queriesOnly) {
        for (boolean underLoad : new boolean[] {true, false}) {
          revocationLatency(server, revokes, underLoad, false);
          revocationLatency(server, revokes, underLoad, true);
        }
      }
    }
  }

  private static HikariDataSource pool(PGSimpleDataSource driver) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(driver);
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  /**
   * 1,000 hot tokens, each verified twice, then three seconds at the rate (the refresher's steady
   * state), then 100,000 verifications at the rate counted on the server.
   *
   * @param ratePerSecond verifications per second, paced; 0 for as fast as one thread goes
   */
  private static void queriesPerVerification(
      PostgresServer server, Duration bound, int ratePerSecond) throws Exception {
    boolean cache = bound != null;
    PGSimpleDataSource driver = server.newDatabase();
    try (HikariDataSource pool = pool(driver)) {
      JdbcTokenStore.Builder builder =
          JdbcTokenStore.builder().dataSource(pool).createTablesIfMissing(true);
      if (cache) {
        builder.listenerDataSource(driver).cacheRecords(bound);
      }
      try (JdbcTokenStore store = builder.build();
          Tokenry tokenry =
              Tokenry.builder().store(store).lastUsedFlushInterval(Duration.ofHours(1)).build()) {
        String[] hot =
            Fixtures.populate(
                store, 1_000, 1_000, TokenHashers.sha256(), TokenHashers.sha256(), null);
        if (cache) {
          awaitServing(store);
        }
        for (int round = 0; round < 2; round++) {
          for (String token : hot) {
            tokenry.verify(token);
          }
        }
        long warmUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        long paceNanos = ratePerSecond == 0 ? 0 : 1_000_000_000L / ratePerSecond;
        for (int i = 0; System.nanoTime() < warmUntil; i++) {
          tokenry.verify(hot[i % hot.length]);
          pace(paceNanos, warmUntil - TimeUnit.SECONDS.toNanos(3), i);
        }
        // The tokens stay in use while the counters settle, as they would on a server.
        int[] next = {0};
        Runnable keepInUse = () -> tokenry.verify(hot[next[0]++ % hot.length]);
        long[] before = counters(pool, driver, keepInUse);
        long[] statementsBefore = statements(driver);
        int verified = 0;
        long started = System.nanoTime();
        for (int i = 0; i < 100_000; i++) {
          if (tokenry.verify(hot[i % hot.length]).isPresent()) {
            verified++;
          }
          pace(paceNanos, started, i);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long[] statementsAfter = statements(driver);
        long[] after = counters(pool, driver, keepInUse);
        long calls = statementsAfter[0] - statementsBefore[0];
        long rowsRead = statementsAfter[1] - statementsBefore[1];
        long reads = after[0] - before[0];
        long commits = after[1] - before[1];
        System.out.printf(
            "queries per verification, %s: %d of 100,000 verified in %.2f s (%.0f/s, one"
                + " thread, %s); token-table scans %d (%.5f per verification); transactions committed"
                + " %d (%.5f per verification); statements on the token table (pg_stat_statements)"
                + " %d (%.5f per verification), rows they returned %d (%.5f per verification)%n",
            cache ? "with the cache (bound " + bound.toSeconds() + " s)" : "without the cache",
            verified,
            seconds,
            100_000 / seconds,
            ratePerSecond == 0 ? "as fast as it goes" : "paced at " + ratePerSecond + "/s",
            reads,
            reads / 100_000.0,
            commits,
            commits / 100_000.0,
            calls,
            calls / 100_000.0,
            rowsRead,
            rowsRead / 100_000.0);
      }
    }
  }

  /** Waits until verification {@code i} of a paced run is due; no wait when unpaced. */
  private static void pace(long paceNanos, long started, int i) {
    if (paceNanos == 0) {
      return;
    }
    long due = started + (i + 1) * paceNanos;
    long left;
    while ((left = due - System.nanoTime()) > 0) {
      if (left > 100_000) {
        LockSupport.parkNanos(left - 50_000);
      } else {
        Thread.onSpinWait();
      }
    }
  }

  /**
   * Statements run on the token table and the rows they returned, from {@code pg_stat_statements}
   * (counted at each statement's end, for every backend, the listener's and the refresher's too).
   */
  private static long[] statements(PGSimpleDataSource driver) throws SQLException {
    try (Connection connection = driver.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      try (ResultSet row =
          statement.executeQuery(
              "SELECT coalesce(sum(calls), 0), coalesce(sum(rows), 0) FROM pg_stat_statements"
                  + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())"
                  + " AND query LIKE '%tokenry_tokens%' AND query NOT LIKE '%pg_stat%'")) {
        row.next();
        return new long[] {row.getLong(1), row.getLong(2)};
      }
    }
  }

  /**
   * Reads the server's counters for the database, after the pool has closed its idle connections (a
   * backend that exits writes its statistics at once; an idle one only now and then), verifying
   * 10,000 a second meanwhile. The counted window thus includes the verifications of these 1.5 s
   * without counting them: the figures err on the high side.
   */
  private static long[] counters(
      HikariDataSource pool, PGSimpleDataSource driver, Runnable keepInUse) throws SQLException {
    pool.getHikariPoolMXBean().softEvictConnections();
    long settled = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
    for (int i = 0; System.nanoTime() < settled; i++) {
      keepInUse.run();
      pace(100_000, settled - TimeUnit.MILLISECONDS.toNanos(1_500), i);
    }
    try (Connection connection = driver.getConnection();
        Statement statement = connection.createStatement()) {
      long scans;
      try (ResultSet row =
          statement.executeQuery(
              "SELECT coalesce(idx_scan, 0) + coalesce(seq_scan, 0) FROM pg_stat_user_tables"
                  + " WHERE relname = 'tokenry_tokens'")) {
        row.next();
        scans = row.getLong(1);
      }
      long commits;
      try (ResultSet row =
          statement.executeQuery(
              "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
        row.next();
        commits = row.getLong(1);
      }
      return new long[] {scans, commits};
    }
  }

  private static void awaitServing(JdbcTokenStore store) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!CacheAccess.serving(store)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the record cache did not start serving");
      }
      Thread.sleep(20);
    }
  }

  /**
   * Revokes on A and times until B rejects. With {@code comparisons}, two more listeners run in
   * this process beside B's (a bare pgjdbc one and a socket reader like B's) to show where the time
   * goes; without them nothing but B's own threads and the load compete for the cores.
   */
  private static void revocationLatency(
      PostgresServer server, int revokes, boolean underLoad, boolean comparisons) throws Exception {
    PGSimpleDataSource driver = server.newDatabase();
    int warmUp = Math.max(50, revokes / 10);
    int total = warmUp + revokes;
    long[] revokeCall = new long[revokes];
    long[] toListener = new long[revokes];
    long[] toSocketListener = new long[revokes];
    long[] toRejection = new long[revokes];
    int notServing = 0;
    Map<String, Long> heard = new ConcurrentHashMap<>();
    Map<String, Long> heardOnSocket = new ConcurrentHashMap<>();
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong loadVerifications = new AtomicLong();
    try (HikariDataSource poolA = pool(driver);
        HikariDataSource poolB = pool(driver);
        JdbcTokenStore storeA =
            JdbcTokenStore.builder().dataSource(poolA).createTablesIfMissing(true).build();
        JdbcTokenStore storeB =
            JdbcTokenStore.builder()
                .dataSource(poolB)
                .listenerDataSource(driver)
                .cacheRecords(Duration.ofSeconds(10))
                .build();
        Tokenry a = Tokenry.builder().store(storeA).build();
        Tokenry b = Tokenry.builder().store(storeB).build();
        Connection bare = driver.getConnection();
        Connection socket = driver.getConnection()) {
      for (Connection listening : List.of(bare, socket)) {
        try (Statement statement = listening.createStatement()) {
          statement.execute("LISTEN tokenry_tokens_changes");
        }
      }
      Thread socketListener =
          new Thread(
              CacheAccess.socketListener(
                  socket,
                  payload -> {
                    long now = System.nanoTime();
                    for (String id : payload.split(" ")) {
                      heardOnSocket.put(id, now);
                    }
                  }),
              "socket-listener");
      socketListener.setDaemon(true);
      if (comparisons) {
        socketListener.start();
      }
      Thread listener =
          new Thread(
              () -> {
                PGConnection pg;
                try {
                  pg = bare.unwrap(PGConnection.class);
                  while (running.get()) {
                    PGNotification[] notifications = pg.getNotifications(100);
                    long now = System.nanoTime();
                    if (notifications != null) {
                      for (PGNotification n : notifications) {
                        for (String id : n.getParameter().split(" ")) {
                          heard.put(id, now);
                        }
                      }
                    }
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException(e);
                }
              },
              "bare-listener");
      listener.setDaemon(true);
      if (comparisons) {
        listener.start();
      }
      awaitServing(storeB);
      String[] hot = new String[64];
      for (int i = 0; i < hot.length; i++) {
        hot[i] = issue(a, "hot " + i).plaintext();
      }
      Thread load =
          new Thread(
              () -> {
                int i = 0;
                while (running.get()) {
                  b.verify(hot[i++ & 63]);
                  loadVerifications.incrementAndGet();
                }
              },
              "load-on-B");
      load.setDaemon(true);
      if (underLoad) {
        load.start();
      }
      long started = System.nanoTime();
      for (int i = 0; i < total; i++) {
        IssuedToken issued = issue(a, "revoked " + i);
        String id = issued.token().id();
        // Twice: the first reads the database and caches, the second is served from memory.
        for (int round = 0; round < 2; round++) {
          if (b.verify(issued.plaintext()).isEmpty()) {
            throw new IllegalStateException("B does not verify a fresh token");
          }
        }
        boolean wasServing = CacheAccess.serving(storeB);
        long t0 = System.nanoTime();
        a.revoke(ADMIN, id);
        long t1 = System.nanoTime();
        // The probe sleeps 10 µs (about 60 µs with the timer's slack) between tries, so that it
        // does not take a core of its own from B's load and listener.
        while (b.verify(issued.plaintext()).isPresent()) {
          LockSupport.parkNanos(10_000);
        }
        long t2 = System.nanoTime();
        long deadline = t2 + TimeUnit.SECONDS.toNanos(5);
        Long receipt = null;
        Long socketReceipt = null;
        if (comparisons) {
          while ((receipt = heard.remove(id)) == null && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
          while ((socketReceipt = heardOnSocket.remove(id)) == null
              && System.nanoTime() < deadline) {
            Thread.onSpinWait();
          }
        }
        if (i >= warmUp) {
          int k = i - warmUp;
          revokeCall[k] = t1 - t0;
          toRejection[k] = t2 - t1;
          toListener[k] = receipt == null ? Long.MAX_VALUE : receipt - t1;
          toSocketListener[k] = socketReceipt == null ? Long.MAX_VALUE : socketReceipt - t1;
          if (!wasServing) {
            notServing++;
          }
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      running.set(false);
      if (underLoad) {
        load.join(5_000);
      }
      if (comparisons) {
        listener.join(5_000);
      }
      System.out.printf(
          "revocation to rejection, %d revokes on A (after %d warm-up), %s; B's cache not serving"
              + " at %d revokes; B's listener reads %s%n",
          revokes,
          warmUp,
          underLoad
              ? String.format(
                  "B verifying hot tokens meanwhile (%.0f verifications/s on B's load thread)",
                  loadVerifications.get() / seconds)
              : "no load thread on B (only the probe)",
          notServing,
          CacheAccess.readsSocket(storeB) ? "the socket" : "through pgjdbc's getNotifications");
      print("A's revoke call (delete + NOTIFY + commit)", revokeCall);
      if (comparisons) {
        print("A's revoke returned -> bare pgjdbc listener received", toListener);
        print("A's revoke returned -> a socket reader like B's received", toSocketListener);
      }
      print("A's revoke returned -> B rejects", toRejection);
    }
  }

  private static IssuedToken issue(Tokenry tokenry, String name) {
    return tokenry.issue(
        ADMIN,
        TokenRequest.builder()
            .name(name)
            .expiresIn(ExpiryPreset.THIRTY_DAYS)
            .type(TokenType.READ_ONLY)
            .build());
  }

  private static void print(String what, long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "  %s: p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
        what,
        sorted[sorted.length / 2] / 1e6,
        sorted[(int) Math.ceil(sorted.length * 0.99) - 1] / 1e6,
        sorted[sorted.length - 1] / 1e6);
  }
}

package dev.tokenry.store.jdbc;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a dedicated PostgreSQL connection for the changes every {@link JdbcTokenStore}
 * announces, and drops them from the {@link RecordCache}. It tells the cache to serve only while it
 * has proved recently that it hears everything: every heartbeat interval it sends a notification to
 * its own channel, and when that comes back, every change committed before it was sent has come
 * back too (PostgreSQL delivers notifications in commit order), so the cache may serve for one
 * lease from the moment it was sent. A lost connection stops the cache at once; the listener
 * reconnects with back-off, listens again, drops every entry, and serves again after its first
 * heartbeat is back.
 */
final class ChangeListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(JdbcTokenStore.class);

  private static final long MIN_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final DataSource dataSource;
  private final ChangeChannel channel;
  private final RecordCache cache;
  private final long intervalNanos;
  private final long leaseNanos;
  private final int networkTimeoutMillis;
  private final String markPrefix;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile int backendPid;
  private volatile long lastHeardSentAt;

  ChangeListener(
      DataSource dataSource, ChangeChannel channel, RecordCache cache, Duration maxStaleness) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.cache = cache;
    long quarter = maxStaleness.toNanos() / 4;
    this.intervalNanos =
        Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(quarter, TimeUnit.SECONDS.toNanos(1)));
    this.leaseNanos = 3 * intervalNanos;
    this.networkTimeoutMillis = (int) Math.max(2_000, TimeUnit.NANOSECONDS.toMillis(leaseNanos));
    byte[] nonce = new byte[6];
    new SecureRandom().nextBytes(nonce);
    this.markPrefix =
        ChangeChannel.HEARTBEAT_MARK + java.util.HexFormat.of().formatHex(nonce) + ":";
    this.thread = new Thread(this::run, "tokenry-record-cache-listener");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /** The server process id of the listening connection, 0 while there is none (for tests). */
  int backendPid() {
    return backendPid;
  }

  /** How long one heartbeat lets the cache serve. */
  Duration lease() {
    return Duration.ofNanos(leaseNanos);
  }

  /** Back-off before the next connect; reset when a heartbeat came back (listener thread only). */
  private long backoff = MIN_BACKOFF_MILLIS;

  /** Whether the loss was logged and the recovery is still to be (listener thread only). */
  private boolean lostLogged;

  private void run() {
    while (running) {
      try (Connection connection = dataSource.getConnection()) {
        PGConnection pg = connection.unwrap(PGConnection.class);
        connection.setAutoCommit(true);
        connection.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
        try (Statement statement = connection.createStatement()) {
          statement.execute(channel.listen());
        }
        backendPid = pg.getBackendPID();
        cache.resynchronize();
        lastHeardSentAt = System.nanoTime();
        listen(connection, pg);
      } catch (SQLException | RuntimeException e) {
        cache.stopServing();
        backendPid = 0;
        if (running && !lostLogged) {
          LOG.warn(
              "Record cache listener on channel {} lost its connection ({}, SQL state {});"
                  + " every verification reads the database until it is back",
              channel.name,
              e.getClass().getSimpleName(),
              e instanceof SQLException sql ? SqlFailures.sqlState(sql) : "none");
          lostLogged = true;
        }
      }
      cache.stopServing();
      backendPid = 0;
      if (!running) {
        break;
      }
      try {
        Thread.sleep(backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  /**
   * Heartbeats and drains notifications until the listener is closed (returns) or the connection
   * fails or stops answering (throws).
   */
  private void listen(Connection connection, PGConnection pg) throws SQLException {
    boolean heardOne = false;
    while (running) {
      long sentAt = System.nanoTime();
      channel.heartbeat(connection, markPrefix + sentAt);
      long nextBeat = sentAt + intervalNanos;
      long wait;
      while (running && (wait = nextBeat - System.nanoTime()) > 0) {
        PGNotification[] notifications =
            pg.getNotifications((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait)));
        if (notifications == null) {
          continue;
        }
        for (PGNotification notification : notifications) {
          if (!channel.name.equals(notification.getName())) {
            continue;
          }
          String payload = notification.getParameter();
          if (payload.startsWith(markPrefix)) {
            long heardSentAt = Long.parseLong(payload.substring(markPrefix.length()));
            if (heardSentAt - lastHeardSentAt > 0) {
              lastHeardSentAt = heardSentAt;
            }
            cache.serveUntil(lastHeardSentAt + leaseNanos);
            if (!heardOne) {
              heardOne = true;
              backoff = MIN_BACKOFF_MILLIS;
              if (lostLogged) {
                lostLogged = false;
                LOG.info(
                    "Record cache listener on channel {} is back; the cache serves again",
                    channel.name);
              }
            }
          } else {
            cache.invalidate(ChangeChannel.ids(payload));
          }
        }
      }
      if (System.nanoTime() - lastHeardSentAt > 2 * leaseNanos + intervalNanos) {
        throw new SQLException("no heartbeat came back within two leases", "08006");
      }
    }
  }

  /** Stops listening; the cache stops serving. Waits a moment for the thread to end. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(TimeUnit.NANOSECONDS.toMillis(intervalNanos) + 2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    cache.close();
  }
}

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a dedicated PostgreSQL connection for the changes the table's triggers announce
 * (schema V4), and drops them from the {@link RecordCache}. It tells the cache to serve only while
 * it has proved recently that it hears everything: every heartbeat interval it sends a notification
 * to its own channel, in a statement that sends it only if both change triggers are there and
 * enabled, and when that comes back, every change committed before it was sent has come back too
 * (PostgreSQL delivers notifications in commit order), so the cache may serve for one lease from
 * the moment it was sent, and every entry still cached is fresh as of then. A lost connection stops
 * the cache at once; the listener reconnects with back-off, listens again, drops every entry, and
 * serves again after its first heartbeat is back. A missing or disabled trigger stops the cache
 * until a heartbeat finds both again. The connection is read through a {@link NotificationSource}:
 * its socket directly when pgjdbc lets it be reached, else pgjdbc's {@code getNotifications}.
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
  private volatile long lastTriggerlessSentAt;
  private volatile boolean readsSocket;

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

  /** Whether missing change triggers were logged (listener thread only). */
  private boolean triggersMissingLogged;

  /** Whether the listener reads its connection's socket itself (for tests). */
  boolean readsSocket() {
    return readsSocket;
  }

  private void run() {
    while (running) {
      NotificationSource source = null;
      try {
        Connection connection = dataSource.getConnection();
        try {
          connection.setAutoCommit(true);
          connection.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
          try (Statement statement = connection.createStatement()) {
            statement.execute(channel.listen());
          }
          backendPid = connection.unwrap(PGConnection.class).getBackendPID();
          source = NotificationSource.open(connection);
        } finally {
          if (source == null) {
            connection.close();
          }
        }
        readsSocket = source.readsSocket();
        cache.resynchronize();
        lastHeardSentAt = System.nanoTime();
        lastTriggerlessSentAt = lastHeardSentAt;
        listen(source);
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
      } finally {
        if (source != null) {
          source.close();
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
   * Heartbeats and hands notifications to the cache until the listener is closed (returns) or the
   * connection fails or stops answering (throws).
   */
  private void listen(NotificationSource source) throws SQLException {
    Heartbeats heartbeats = new Heartbeats();
    while (running) {
      long sentAt = System.nanoTime();
      heartbeats.unanswered.add(sentAt);
      source.send(channel.heartbeat(markPrefix + sentAt), heartbeats);
      long nextBeat = sentAt + intervalNanos;
      long wait;
      while (running && (wait = nextBeat - System.nanoTime()) > 0) {
        source.poll(wait, heartbeats);
      }
      long lastSign =
          lastHeardSentAt - lastTriggerlessSentAt > 0 ? lastHeardSentAt : lastTriggerlessSentAt;
      if (System.nanoTime() - lastSign > 2 * leaseNanos + intervalNanos) {
        throw new SQLException("no heartbeat came back within two leases", "08006");
      }
    }
  }

  /** What the listening connection hands on: invalidations, heartbeats and their answers. */
  private final class Heartbeats implements NotificationSource.Handler {

    /** When the heartbeats whose answers are still to come were sent, oldest first. */
    final java.util.ArrayDeque<Long> unanswered = new java.util.ArrayDeque<>();

    private boolean heardOne;

    @Override
    public void notification(String name, String payload) {
      if (!channel.name.equals(name)) {
        return;
      }
      if (payload.startsWith(markPrefix)) {
        heard(Long.parseLong(payload.substring(markPrefix.length())));
      } else if (ChangeChannel.EVERYTHING.equals(payload)) {
        cache.resynchronize();
      } else {
        cache.invalidate(ChangeChannel.ids(payload));
      }
    }

    @Override
    public void answered(long rows) {
      Long sentAt = unanswered.poll();
      if (rows == 0) {
        if (sentAt != null) {
          lastTriggerlessSentAt = sentAt;
        }
        // The heartbeat was not sent: the table's change triggers are missing or disabled, so
        // changes may go unannounced. Serve nothing until they are back.
        cache.stopServing();
        if (!triggersMissingLogged) {
          triggersMissingLogged = true;
          LOG.error(
              "Record cache on table {} serves nothing: the table's change triggers {} and {} are"
                  + " missing or disabled (apply schema V4, db/tokenry/postgresql/"
                  + "V4__tokenry_change_trigger.sql); every verification reads the database",
              channel.tableName,
              channel.name,
              channel.truncatedTrigger());
        }
      }
    }

    private void heard(long heardSentAt) {
      if (heardSentAt - lastHeardSentAt > 0) {
        lastHeardSentAt = heardSentAt;
      }
      cache.serveUntil(lastHeardSentAt + leaseNanos);
      if (triggersMissingLogged) {
        triggersMissingLogged = false;
        LOG.info(
            "Record cache on table {} found its change triggers; it serves again",
            channel.tableName);
      }
      if (!heardOne) {
        heardOne = true;
        backoff = MIN_BACKOFF_MILLIS;
        if (lostLogged) {
          lostLogged = false;
          LOG.info(
              "Record cache listener on channel {} is back; the cache serves again", channel.name);
        }
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

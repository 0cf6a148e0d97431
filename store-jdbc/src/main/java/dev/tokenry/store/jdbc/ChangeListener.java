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
  private final SecureRandom random = new SecureRandom();

  /** The mark of this connection's heartbeats: a new random nonce per connection. */
  private String markPrefix = "";

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

  /** The send time of the latest own heartbeat heard (for tests). */
  long lastHeardSentAt() {
    return lastHeardSentAt;
  }

  /** Back-off before the next connect; reset when a heartbeat came back (listener thread only). */
  private long backoff = MIN_BACKOFF_MILLIS;

  /** Whether the loss was logged and the recovery is still to be (listener thread only). */
  private boolean lostLogged;

  /** When the current connection was made (listener thread only). */
  private long connectedAt;

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
        source = connect();
        readsSocket = source.readsSocket();
        cache.resynchronize();
        lastHeardSentAt = System.nanoTime();
        lastTriggerlessSentAt = lastHeardSentAt;
        listen(source);
      } catch (SQLException | RuntimeException | LinkageError e) {
        // LinkageError: a driver unlike the one this was built against; try again, fail closed.
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
   * Connects and listens. The driver's connection is unwrapped before {@code LISTEN}, and a
   * connection that listens but cannot be read is never given back listening.
   */
  private NotificationSource connect() throws SQLException {
    Connection connection = dataSource.getConnection();
    boolean listening = false;
    try {
      connection.setAutoCommit(true);
      connection.setNetworkTimeout(Runnable::run, networkTimeoutMillis);
      int pid = connection.unwrap(PGConnection.class).getBackendPID();
      try (Statement statement = connection.createStatement()) {
        statement.execute(channel.listen());
      }
      listening = true;
      NotificationSource source = NotificationSource.open(connection);
      byte[] nonce = new byte[8];
      random.nextBytes(nonce);
      markPrefix = ChangeChannel.HEARTBEAT_MARK + java.util.HexFormat.of().formatHex(nonce) + ":";
      backendPid = pid;
      connectedAt = System.nanoTime();
      return source;
    } catch (SQLException | RuntimeException | LinkageError e) {
      release(connection, listening);
      throw e;
    }
  }

  /** Gives up a connection that could not be read: not listening, or not at all. */
  private static void release(Connection connection, boolean listening) {
    if (listening) {
      try (Statement statement = connection.createStatement()) {
        statement.execute("UNLISTEN *");
      } catch (SQLException | RuntimeException e) {
        try {
          connection.abort(Runnable::run);
        } catch (SQLException | RuntimeException ignored) {
          // Closing below is all that is left.
        }
      }
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      // Nothing left to release.
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
      heartbeats.sent(sentAt);
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

    /** The send times of the latest heartbeats, the only ones a heartbeat may carry. */
    private final long[] recent = new long[16];

    private int recentNext;

    private int recentFilled;

    private boolean heardOne;

    private boolean backoffReset;

    void sent(long sentAt) {
      recent[recentNext] = sentAt;
      recentNext = (recentNext + 1) % recent.length;
      recentFilled = Math.min(recentFilled + 1, recent.length);
    }

    private boolean recentlySent(String mark) {
      long sentAt;
      try {
        sentAt = Long.parseLong(mark);
      } catch (NumberFormatException e) {
        return false;
      }
      for (int i = 0; i < recentFilled; i++) {
        if (recent[i] == sentAt) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void notification(int pid, String name, String payload) {
      if (!channel.name.equals(name)) {
        return;
      }
      if (payload.startsWith(ChangeChannel.HEARTBEAT_MARK)) {
        // Anyone who may connect can notify the channel: only this connection's own heartbeat,
        // one it sent lately, proves anything; any other mark is ignored.
        if (pid == backendPid
            && payload.startsWith(markPrefix)
            && recentlySent(payload.substring(markPrefix.length()))) {
          heard(Long.parseLong(payload.substring(markPrefix.length())));
        }
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
                  + "V4__tokenry_change_trigger.sql), or the listener's connection reaches another"
                  + " database or table than the store's; every verification reads the database",
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
      if (!backoffReset && System.nanoTime() - connectedAt > leaseNanos) {
        // Reset only once the connection has lasted a lease: a server that ends every session
        // right after its first heartbeat must not be reconnected to twenty times a second.
        backoffReset = true;
        backoff = MIN_BACKOFF_MILLIS;
      }
      if (!heardOne) {
        heardOne = true;
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

package dev.tokenry.store.jdbc;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.PGStream;
import org.postgresql.core.QueryExecutorBase;

/**
 * The listening connection of a {@link ChangeListener}, seen as a stream of notifications and of
 * answers to the commands it sends. Two ways to read it: straight from the connection's socket
 * ({@link SocketNotifications}, the default on pgjdbc, which hands over each notification the
 * moment its bytes arrive), or through pgjdbc's {@code getNotifications} ({@link
 * DriverNotifications}, when the socket cannot be reached), which waits a millisecond after every
 * message for more. DECISIONS 57 says why.
 */
interface NotificationSource extends AutoCloseable {

  /** What a source hands on, on the listener's thread, in the order the server sent it. */
  interface Handler {

    /**
     * A notification on a channel this connection listens to, sent by the server process {@code
     * pid} (this connection's own for its heartbeats; anyone may notify a channel).
     */
    void notification(int pid, String channel, String payload);

    /** A command sent with {@link #send} has finished, having returned this many rows. */
    void answered(long rows);
  }

  /** Sends a command; its answer comes through {@link #poll} (or at once, on the driver's path). */
  void send(String sql, Handler handler) throws SQLException;

  /**
   * Waits up to {@code timeoutNanos} for what the server sends and hands it on.
   *
   * @throws SQLException when the connection fails, the server closes it or reports an error
   */
  void poll(long timeoutNanos, Handler handler) throws SQLException;

  /** Whether this source reads the socket itself (for tests and the start-up log). */
  boolean readsSocket();

  /**
   * Gives the connection up: the socket reader ends the physical connection, so that no pool ever
   * hands out a connection whose protocol state the driver no longer knows.
   */
  @Override
  void close();

  /**
   * Opens a source on a connection that has just run {@code LISTEN}: the socket reader when the
   * connection is pgjdbc's over a plain or TLS socket, else the driver's path.
   */
  static NotificationSource open(Connection connection) throws SQLException {
    PGStream stream = Internals.stream(connection);
    java.net.Socket socket;
    try {
      if (stream == null || stream.isGssEncrypted()) {
        return new DriverNotifications(connection);
      }
      // Let the driver read whatever it may already hold, so that the socket starts at a message.
      PGConnection pg = connection.unwrap(PGConnection.class);
      do {
        pg.getNotifications();
      } while (stream.hasMessagePending());
      socket = stream.getSocket();
    } catch (java.io.IOException e) {
      throw new SQLException("the listening connection failed", "08006", e);
    } catch (LinkageError e) {
      // A pgjdbc without these methods: its own reading still works.
      return new DriverNotifications(connection);
    }
    return new SocketNotifications(connection, socket);
  }

  /** Reaches pgjdbc's protocol stream, which its API does not expose. */
  final class Internals {

    private static final Field PG_STREAM = pgStreamField();

    private Internals() {}

    private static Field pgStreamField() {
      try {
        Field field = QueryExecutorBase.class.getDeclaredField("pgStream");
        field.setAccessible(true);
        return field;
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }

    /** The connection's protocol stream, or null when this driver does not have one to reach. */
    static PGStream stream(Connection connection) {
      if (PG_STREAM == null) {
        return null;
      }
      try {
        if (!connection.isWrapperFor(BaseConnection.class)) {
          return null;
        }
        Object executor = connection.unwrap(BaseConnection.class).getQueryExecutor();
        return executor instanceof QueryExecutorBase ? (PGStream) PG_STREAM.get(executor) : null;
      } catch (SQLException | ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null;
      }
    }
  }
}

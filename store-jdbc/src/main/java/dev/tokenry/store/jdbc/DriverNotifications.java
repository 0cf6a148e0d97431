package dev.tokenry.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/** Notifications through pgjdbc's {@code getNotifications}: any PostgreSQL connection it made. */
final class DriverNotifications implements NotificationSource {

  private final Connection connection;
  private final PGConnection pg;

  DriverNotifications(Connection connection) throws SQLException {
    this.connection = connection;
    this.pg = connection.unwrap(PGConnection.class);
  }

  @Override
  public void send(String sql, Handler handler) throws SQLException {
    long rows = 0;
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows++;
      }
    }
    handler.answered(rows);
  }

  @Override
  public void poll(long timeoutNanos, Handler handler) throws SQLException {
    PGNotification[] notifications =
        pg.getNotifications((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(timeoutNanos)));
    if (notifications != null) {
      for (PGNotification notification : notifications) {
        handler.notification(
            notification.getPID(), notification.getName(), notification.getParameter());
      }
    }
  }

  @Override
  public boolean readsSocket() {
    return false;
  }

  /** Stops listening, so that the connection goes back to a pool clean, and closes it. */
  @Override
  public void close() {
    try (Statement statement = connection.createStatement()) {
      statement.execute("UNLISTEN *");
    } catch (SQLException | RuntimeException e) {
      // The connection is broken already; closing it is all that is left.
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException e) {
      // Nothing to do: it was the listener's only use of it.
    }
  }
}

package dev.tokenry.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The PostgreSQL notification channel on which every {@link JdbcTokenStore} of one table announces
 * changed token ids, in the transaction of the change, for the record caches of every process to
 * drop them. A payload is the changed ids separated by spaces; a payload starting with {@code !} is
 * a listener's heartbeat and names no token (ids are base62, so they never start with it).
 */
final class ChangeChannel {

  /** Ids per notification: 16-character ids and a space each stay well under the 8000-byte cap. */
  static final int IDS_PER_NOTIFICATION = 250;

  static final String HEARTBEAT_MARK = "!";

  private static final String NOTIFY = "SELECT pg_notify(?, ?)";

  final String name;

  /**
   * The channel of a table.
   *
   * @param tableName the table name, already checked to be lower-case letters, digits and {@code _}
   */
  ChangeChannel(String tableName) {
    this.name = tableName + "_changes";
  }

  /** The LISTEN command; the name is an identifier made of checked characters only. */
  String listen() {
    return "LISTEN " + name;
  }

  /**
   * Announces changed ids on the connection, inside its current transaction: PostgreSQL delivers
   * them when, and only if, that transaction commits.
   */
  void publish(Connection connection, List<String> ids) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(NOTIFY)) {
      for (int from = 0; from < ids.size(); from += IDS_PER_NOTIFICATION) {
        statement.setString(1, name);
        statement.setString(
            2,
            String.join(" ", ids.subList(from, Math.min(ids.size(), from + IDS_PER_NOTIFICATION))));
        statement.execute();
      }
    }
  }

  /** Sends a heartbeat with this mark, outside any transaction of the store. */
  void heartbeat(Connection connection, String mark) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(NOTIFY)) {
      statement.setString(1, name);
      statement.setString(2, mark);
      statement.execute();
    }
  }

  /** The token ids a payload names; none for a heartbeat. */
  static List<String> ids(String payload) {
    if (payload == null || payload.isEmpty() || payload.startsWith(HEARTBEAT_MARK)) {
      return List.of();
    }
    return new ArrayList<>(Arrays.asList(payload.split(" ")));
  }
}

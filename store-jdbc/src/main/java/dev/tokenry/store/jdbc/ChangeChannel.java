package dev.tokenry.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The PostgreSQL notification channel on which the triggers of one table (schema version 4, {@code
 * V4__tokenry_change_trigger.sql}) announce changed token ids, in the transaction of the change,
 * for the record caches of every process to drop them. A payload is a changed id (the triggers send
 * one per row; several ids separated by spaces are read too); {@code *} is a {@code TRUNCATE} and
 * names every token; a payload starting with {@code !} is a listener's heartbeat and names no token
 * (ids are base62, so they never start with either).
 */
final class ChangeChannel {

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

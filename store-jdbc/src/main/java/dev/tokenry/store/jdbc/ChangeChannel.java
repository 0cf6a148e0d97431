package dev.tokenry.store.jdbc;

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

  /** The payload the TRUNCATE trigger sends: every entry is to go. */
  static final String EVERYTHING = "*";

  final String name;

  final String tableName;

  /** The oids of the store's database and table, once the store has read them (0 before). */
  private volatile long databaseOid;

  private volatile long tableOid;

  /**
   * The channel of a table.
   *
   * @param tableName the table name, already checked to be lower-case letters, digits and {@code _}
   */
  ChangeChannel(String tableName) {
    this.tableName = tableName;
    this.name = tableName + "_changes";
  }

  /** The LISTEN command; the name is an identifier made of checked characters only. */
  String listen() {
    return "LISTEN " + name;
  }

  /**
   * Ties the heartbeat to the database and table the store itself uses, as read on the store's
   * connection: a listener connection that reaches another database, or another table of the same
   * name (another schema on its search path), then sends no heartbeat, and the cache never serves.
   */
  void bind(long databaseOid, long tableOid) {
    this.databaseOid = databaseOid;
    this.tableOid = tableOid;
  }

  /** The name of the table's TRUNCATE trigger; the row trigger has the channel's name. */
  String truncatedTrigger() {
    return tableName + "_truncated";
  }

  /**
   * The heartbeat command: notifies the mark on the channel, in the same statement that checks that
   * both change triggers of the table are there and enabled, and only then. A heartbeat that comes
   * back thus proves both that every change committed before it was heard, and that every change
   * was announced. One row when it was sent, none when a trigger is missing or disabled.
   *
   * @param mark the heartbeat's payload: {@link #HEARTBEAT_MARK}, hex digits, {@code :}, digits
   */
  String heartbeat(String mark) {
    String table =
        tableOid > 0 ? Long.toString(tableOid) : "pg_catalog.to_regclass('" + tableName + "')";
    return "SELECT pg_catalog.pg_notify('"
        + name
        + "', '"
        + mark
        + "') WHERE (SELECT count(*) FROM pg_catalog.pg_trigger WHERE tgrelid = "
        + table
        + " AND tgname IN ('"
        + name
        + "', '"
        + truncatedTrigger()
        + "') AND tgenabled = 'A') = 2"
        + (databaseOid > 0
            ? " AND (SELECT oid FROM pg_catalog.pg_database"
                + " WHERE datname = pg_catalog.current_database()) = "
                + databaseOid
            : "");
  }

  /** The token ids a payload names; none for a heartbeat or for {@link #EVERYTHING}. */
  static List<String> ids(String payload) {
    if (payload == null
        || payload.isEmpty()
        || payload.startsWith(HEARTBEAT_MARK)
        || payload.equals(EVERYTHING)) {
      return List.of();
    }
    return new ArrayList<>(Arrays.asList(payload.split(" ")));
  }
}

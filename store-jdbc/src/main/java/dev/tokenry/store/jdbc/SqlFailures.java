package dev.tokenry.store.jdbc;

import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenryException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * Turns an {@link SQLException} into the exception a {@link dev.tokenry.spi.TokenStore} caller
 * expects, by its SQL state. The SQL exception is kept as the cause; the message names the SQL
 * state and the operation, never a value.
 */
final class SqlFailures {

  /** SQLSTATE of a unique or primary key violation, on PostgreSQL and H2 alike. */
  static final String UNIQUE_VIOLATION = "23505";

  private SqlFailures() {}

  /**
   * Returns the first SQL state found in the exception, its chain of next exceptions (where JDBC
   * drivers put the real failure of a batch) and its causes.
   *
   * @param e the failure
   * @return the SQL state, or {@code null} if none is given
   */
  static String sqlState(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          if (next.getSQLState() != null
              && !(next instanceof BatchUpdateException && next.getNextException() != null)) {
            return next.getSQLState();
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /**
   * Whether the failure is a unique or primary key violation.
   *
   * @param e the failure
   * @return true for SQL state 23505
   */
  static boolean isUniqueViolation(SQLException e) {
    return UNIQUE_VIOLATION.equals(sqlState(e));
  }

  /**
   * Whether a failure's messages name a constraint. Both PostgreSQL and H2 name the violated
   * constraint (or its index, whose name starts with the constraint's) in the message.
   *
   * @param e the failure
   * @param constraint the constraint name, in any case
   * @return true if some message in the chain holds the name
   */
  static boolean mentions(SQLException e, String constraint) {
    String wanted = constraint.toLowerCase(Locale.ROOT);
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        for (SQLException next = sql; next != null; next = next.getNextException()) {
          String message = next.getMessage();
          if (message != null && message.toLowerCase(Locale.ROOT).contains(wanted)) {
            return true;
          }
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * Translates a failure that has no meaning for the token store's contract. Data and integrity
   * errors (SQL state classes 22 and 23) say the request itself was wrong: a plain {@link
   * TokenryException}. Everything else means the database could not answer (connection refused or
   * lost, timeout, server shutting down, missing table, no resources): {@link
   * TokenStoreUnavailableException}, so that callers fail closed and never see "not found".
   *
   * @param operation what was attempted, such as {@code "find a token"}
   * @param e the failure
   * @return the exception to throw
   */
  static TokenryException translate(String operation, SQLException e) {
    String state = sqlState(e);
    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
      return new TokenryException(
          "The database refused to " + operation + " (SQL state " + state + ").",
          withheld(e, state));
    }
    String kind =
        isConnectionProblem(state, e)
            ? "the database is unreachable or timed out"
            : "the statement failed";
    return new TokenStoreUnavailableException(
        "Token store unavailable: could not "
            + operation
            + ", "
            + kind
            + " (SQL state "
            + state
            + ").",
        e);
  }

  /**
   * Returns a stand-in for a data or integrity failure that keeps its SQL state and vendor code but
   * not its text: drivers quote the offending values there (PostgreSQL's "Failing row contains
   * (...)", H2's "Value too long for column ...: '...'"), and the row holds the secret's hash.
   *
   * @param e the failure
   * @param state its SQL state
   * @return an exception safe to log
   */
  static SQLException withheld(SQLException e, String state) {
    SQLException safe =
        new SQLException(
            "SQL state "
                + state
                + " ("
                + e.getClass().getName()
                + "; its message is withheld because it can quote row values)",
            state,
            e.getErrorCode());
    safe.setStackTrace(e.getStackTrace());
    return safe;
  }

  /**
   * Whether the SQL state says that the connection, not the statement, failed: class 08 (connection
   * exception), 53 (insufficient resources), 57 (operator intervention, including query cancelled
   * by a timeout and server shutdown), HYT00/HYT01 (timeouts), H2's 90067 (connection broken) and
   * 90098 (database closed), or a transient or recoverable exception type.
   *
   * @param state the SQL state, possibly null
   * @param e the failure
   * @return true for a connection, resource or timeout problem
   */
  static boolean isConnectionProblem(String state, SQLException e) {
    if (e instanceof java.sql.SQLTransientException
        || e instanceof java.sql.SQLRecoverableException
        || e instanceof java.sql.SQLNonTransientConnectionException) {
      return true;
    }
    if (state == null) {
      return false;
    }
    return state.startsWith("08")
        || state.startsWith("53")
        || state.startsWith("57")
        || state.equals("HYT00")
        || state.equals("HYT01")
        || state.equals("90067")
        || state.equals("90098")
        || state.equals("90121");
  }
}

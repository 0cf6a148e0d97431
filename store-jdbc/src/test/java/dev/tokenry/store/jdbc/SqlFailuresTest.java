package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.TokenryException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlFailuresTest {

  @ParameterizedTest
  @ValueSource(strings = {"08001", "08006", "08S01", "57014", "57P01", "53300", "HYT00", "90067"})
  void translateWhenConnectionOrTimeoutStateThenUnavailableKeepingTheCause(String state) {
    SQLException failure = new SQLException("secret-looking driver text", state);

    TokenryException translated = SqlFailures.translate("find a token", failure);

    assertThat(translated)
        .isInstanceOf(TokenStoreUnavailableException.class)
        .hasMessage(
            "Token store unavailable: could not find a token, the database is unreachable"
                + " or timed out (SQL state "
                + state
                + ").")
        .hasCause(failure);
  }

  @Test
  void translateWhenStatementFailedThenStillUnavailableSayingSo() {
    SQLException failure = new SQLException("relation does not exist", "42P01");

    assertThat(SqlFailures.translate("list tokens", failure))
        .isInstanceOf(TokenStoreUnavailableException.class)
        .hasMessage(
            "Token store unavailable: could not list tokens, the statement failed"
                + " (SQL state 42P01).");
  }

  @Test
  void translateWhenNoStateButTransientTypeThenUnreachable() {
    assertThat(
            SqlFailures.translate(
                "find a token", new SQLTransientConnectionException("pool timed out")))
        .isInstanceOf(TokenStoreUnavailableException.class)
        .hasMessageContaining("unreachable or timed out (SQL state null)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"22001", "23514", "23502"})
  void translateWhenDataOrIntegrityStateThenPlainTokenryExceptionWithholdingTheRow(String state) {
    SQLException failure = new SQLException("Failing row contains (abc, $sha256$hash)", state, 7);

    TokenryException translated = SqlFailures.translate("insert a token", failure);

    assertThat(translated)
        .isExactlyInstanceOf(TokenryException.class)
        .hasMessage("The database refused to insert a token (SQL state " + state + ").");
    assertThat(translated.getCause())
        .isInstanceOf(SQLException.class)
        .hasMessageNotContaining("hash")
        .hasNoCause();
    assertThat(((SQLException) translated.getCause()).getSQLState()).isEqualTo(state);
    assertThat(((SQLException) translated.getCause()).getErrorCode()).isEqualTo(7);
  }

  @Test
  void sqlStateWhenBatchFailedThenTakenFromTheNextException() {
    BatchUpdateException batch =
        new BatchUpdateException("Batch entry 0 was aborted", "99999", new int[0]);
    batch.setNextException(new SQLException("connection lost", "08006"));

    assertThat(SqlFailures.sqlState(batch)).isEqualTo("08006");
    assertThat(SqlFailures.translate("record last use of tokens", batch))
        .isInstanceOf(TokenStoreUnavailableException.class)
        .hasMessageContaining("(SQL state 08006)");
  }

  @Test
  void sqlStateWhenWrappedThenFoundInTheCause() {
    SQLException outer = new SQLException("pool", null, new SQLException("inner", "23505"));

    assertThat(SqlFailures.isUniqueViolation(outer)).isTrue();
    assertThat(
            SqlFailures.mentions(
                new SQLException("violates \"TOKENRY_TOKENS_NAME_UQ_INDEX_A\""),
                "tokenry_tokens_name_uq"))
        .isTrue();
  }
}

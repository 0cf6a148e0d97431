package dev.tokenry.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The starter itself: settings, stop and start, and what closing leaves behind. */
@Timeout(180)
class PostgresServerTest {

  @Test
  void startNewWhenSettingGivenThenServerUsesItAndSurvivesStopAndStart() throws SQLException {
    try (PostgresServer server = PostgresServer.startNew(Map.of("shared_buffers", "16MB"))) {
      DataSource database = server.newDatabase();
      assertThat(show(database, "shared_buffers")).isEqualTo("16MB");
      assertThat(show(database, "fsync")).isEqualTo("off");

      server.stop();
      assertThatThrownBy(() -> show(database, "fsync")).isInstanceOf(SQLException.class);
      server.start();
      assertThat(show(database, "listen_addresses")).isEqualTo("127.0.0.1");
    }
  }

  @Test
  void sharedWhenCalledTwiceThenSameServer() {
    assertThat(PostgresServer.shared()).isSameAs(PostgresServer.shared());
    assertThat(PostgresServer.shared().newDatabase().getDatabaseName())
        .isNotEqualTo(PostgresServer.shared().newDatabase().getDatabaseName());
  }

  @Test
  void startNewWhenSettingCouldInjectOptionsThenRejected() {
    assertThatThrownBy(() -> PostgresServer.startNew(Map.of("fsync", "off -c port=1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported PostgreSQL setting: fsync=off -c port=1");
  }

  private static String show(DataSource database, String setting) throws SQLException {
    try (Connection connection = database.getConnection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SHOW " + setting)) {
      result.next();
      return result.getString(1);
    }
  }
}

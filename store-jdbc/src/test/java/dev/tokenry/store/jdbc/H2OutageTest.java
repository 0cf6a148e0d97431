package dev.tokenry.store.jdbc;

import static dev.tokenry.spi.TokenFixture.organizationToken;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.spi.StoredToken;
import dev.tokenry.spi.TokenFixture;
import java.sql.SQLException;
import org.h2.jdbcx.JdbcDataSource;
import org.h2.tools.Server;
import org.junit.jupiter.api.Test;

/** H2 over TCP: the server stops (connection refused) and starts again on the same port. */
class H2OutageTest {

  @Test
  void findWhenServerStoppedThenUnavailableAndWhenRestartedThenFoundAgain() throws Exception {
    Server server = Server.createTcpServer("-tcpPort", "0", "-ifNotExists").start();
    int port = server.getPort();
    JdbcDataSource dataSource = new JdbcDataSource();
    dataSource.setURL(
        "jdbc:h2:tcp://127.0.0.1:"
            + port
            + "/mem:outage"
            + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1");
    dataSource.setUser("sa");
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(dataSource).createTablesIfMissing(true).build();
    StoredToken token = organizationToken(TokenFixture.randomOrganizationId()).build();
    store.insert(token);
    try {
      server.stop();

      Throwable thrown = catchThrowable(() -> store.find(token.id()));

      assertThat(thrown)
          .isInstanceOf(TokenStoreUnavailableException.class)
          .hasMessageContaining("unreachable or timed out")
          .cause()
          .isInstanceOf(SQLException.class);
      server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
      assertThat(store.find(token.id())).contains(token);
    } finally {
      server.stop();
    }
  }

  @Test
  void buildWhenDatabaseDownThenStartsUnlessAskedToCreateTables() throws Exception {
    int port;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JdbcDataSource nowhere = new JdbcDataSource();
    nowhere.setURL("jdbc:h2:tcp://127.0.0.1:" + port + "/mem:nowhere");

    JdbcTokenStore lazy = JdbcTokenStore.builder().dataSource(nowhere).build();
    Throwable creating =
        catchThrowable(
            () -> JdbcTokenStore.builder().dataSource(nowhere).createTablesIfMissing(true).build());

    assertThat(lazy.tableName()).isEqualTo("tokenry_tokens");
    assertThat(creating)
        .isInstanceOf(TokenStoreUnavailableException.class)
        .hasMessageContaining("detect the database dialect")
        .hasCauseInstanceOf(SQLException.class);
    assertThat(catchThrowable(() -> lazy.find("abc")))
        .isInstanceOf(TokenStoreUnavailableException.class);
  }
}

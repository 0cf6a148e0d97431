package dev.tokenry.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.Actor;
import dev.tokenry.ExpiryPreset;
import dev.tokenry.IssuedToken;
import dev.tokenry.TokenRequest;
import dev.tokenry.TokenType;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.TokenFixture;
import dev.tokenry.testsupport.Freezer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An H2 TCP server in a JVM of its own freezes (SIGSTOP) under a running store: with {@code
 * NETWORK_TIMEOUT} in the URL each call ends within the bound as unavailable, and after SIGCONT the
 * same store works again.
 */
@Timeout(120)
class H2StallTest {

  private static final Pattern LISTENING = Pattern.compile("tcp://[^:]+:(\\d+)");

  private Process server;
  private int port;

  @BeforeEach
  void startServer() throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    server =
        new ProcessBuilder(
                List.of(
                    java,
                    "-cp",
                    System.getProperty("java.class.path"),
                    "org.h2.tools.Server",
                    "-tcp",
                    "-tcpPort",
                    "0",
                    "-ifNotExists"))
            .redirectErrorStream(true)
            .start();
    BufferedReader output =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      Matcher matcher = LISTENING.matcher(line);
      if (matcher.find()) {
        port = Integer.parseInt(matcher.group(1));
        return;
      }
    }
    throw new IllegalStateException("the H2 server did not say where it listens");
  }

  @AfterEach
  void stopServer() throws Exception {
    server.destroyForcibly();
    server.waitFor(10, TimeUnit.SECONDS);
  }

  @Test
  void verifyAndIssueWhenServerFrozenThenUnavailableWithinBoundAndAfterThawWorkAgain() {
    JdbcDataSource dataSource = new JdbcDataSource();
    // NETWORK_TIMEOUT (milliseconds) is the client socket's read timeout; without it a call
    // waits for the frozen server forever.
    dataSource.setURL(
        "jdbc:h2:tcp://127.0.0.1:"
            + port
            + "/mem:stall"
            + System.nanoTime()
            + ";DB_CLOSE_DELAY=-1;NETWORK_TIMEOUT=3000");
    dataSource.setUser("sa");
    JdbcTokenStore store =
        JdbcTokenStore.builder().dataSource(dataSource).createTablesIfMissing(true).build();
    Actor admin = Actor.system(TokenFixture.randomOrganizationId());
    try (Tokenry tokenry =
            Tokenry.builder().store(store).lastUsedFlushInterval(Duration.ofHours(1)).build();
        Freezer freezer = new Freezer(server.toHandle())) {
      IssuedToken issued = tokenry.issue(admin, request("Before"));
      assertThat(tokenry.verify(issued.plaintext())).isPresent();

      freezer.freeze();
      Stall.assertUnavailableWithinBound("H2 verify", () -> tokenry.verify(issued.plaintext()));
      Stall.assertUnavailableWithinBound("H2 issue", () -> tokenry.issue(admin, request("During")));
      freezer.thaw();

      Stall.eventually(() -> assertThat(tokenry.verify(issued.plaintext())).isPresent());
      IssuedToken after = tokenry.issue(admin, request("After"));
      assertThat(tokenry.verify(after.plaintext())).isPresent();
    }
  }

  private static TokenRequest request(String name) {
    return TokenRequest.builder()
        .name(name)
        .expiresIn(ExpiryPreset.THIRTY_DAYS)
        .type(TokenType.READ_ONLY)
        .build();
  }
}

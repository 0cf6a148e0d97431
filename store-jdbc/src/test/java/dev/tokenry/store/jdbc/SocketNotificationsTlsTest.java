package dev.tokenry.store.jdbc;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.testsupport.PostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The socket reader on a TLS connection: pgjdbc sets TLS up, the reader reads the decrypted stream
 * of the same {@link SSLSocket}. The server's certificate is made here with the JDK's keytool.
 */
@Timeout(120)
class SocketNotificationsTlsTest {

  @TempDir Path directory;

  @Test
  void openWhenConnectionUsesTlsThenReadsTheTlsSocket() throws Exception {
    Path keys = tlsFiles();
    try (PostgresServer server =
        PostgresServer.startNew(
            Map.of(
                "ssl", "on",
                "ssl_cert_file", keys.resolve("server.crt").toString(),
                "ssl_key_file", keys.resolve("server.key").toString()))) {
      PGSimpleDataSource database = server.newDatabase();
      database.setSslMode("require");
      try (Connection connection = database.getConnection();
          Connection writer = database.getConnection()) {
        try (Statement statement = connection.createStatement();
            ResultSet ssl =
                statement.executeQuery(
                    "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
          assertThat(ssl.next()).isTrue();
          assertThat(ssl.getBoolean(1)).as("the listening connection is encrypted").isTrue();
          statement.execute("LISTEN tokenry_test_changes");
        }
        assertThat(NotificationSource.Internals.stream(connection).getSocket())
            .isInstanceOf(SSLSocket.class);
        try (NotificationSource source = NotificationSource.open(connection)) {
          assertThat(source.readsSocket()).isTrue();
          try (Statement statement = writer.createStatement()) {
            statement.execute("NOTIFY tokenry_test_changes, 'over tls'");
          }
          List<String> payloads = new ArrayList<>();
          List<Long> answers = new ArrayList<>();
          NotificationSource.Handler handler =
              new NotificationSource.Handler() {
                @Override
                public void notification(int pid, String channel, String payload) {
                  payloads.add(payload);
                }

                @Override
                public void answered(long rows) {
                  answers.add(rows);
                }
              };
          source.send("SELECT 1", handler);
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
          while ((payloads.isEmpty() || answers.isEmpty()) && System.nanoTime() < deadline) {
            source.poll(TimeUnit.MILLISECONDS.toNanos(100), handler);
          }

          assertThat(payloads).containsExactly("over tls");
          assertThat(answers).containsExactly(1L);
        }
      }
    }
  }

  /** A self-signed certificate and its key in PEM, readable by the server's user only. */
  private Path tlsFiles() throws Exception {
    Path keyStore = directory.resolve("server.p12");
    run(
        "keytool",
        "-genkeypair",
        "-alias",
        "server",
        "-keyalg",
        "RSA",
        "-keysize",
        "2048",
        "-dname",
        "CN=localhost",
        "-validity",
        "2",
        "-storetype",
        "PKCS12",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "changeit",
        "-keypass",
        "changeit");
    run(
        "keytool",
        "-exportcert",
        "-rfc",
        "-alias",
        "server",
        "-keystore",
        keyStore.toString(),
        "-storepass",
        "changeit",
        "-file",
        directory.resolve("server.crt").toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      store.load(in, "changeit".toCharArray());
    }
    PrivateKey key = (PrivateKey) store.getKey("server", "changeit".toCharArray());
    String pem =
        "-----BEGIN PRIVATE KEY-----\n"
            + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(key.getEncoded())
            + "\n-----END PRIVATE KEY-----\n";
    Path keyFile = directory.resolve("server.key");
    Files.writeString(keyFile, pem, US_ASCII);
    Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    if ("root".equals(System.getProperty("user.name"))) {
      // As root the server runs as postgres, and it insists on owning its key.
      UserPrincipal postgres =
          directory
              .getFileSystem()
              .getUserPrincipalLookupService()
              .lookupPrincipalByName("postgres");
      for (Path file : List.of(directory, keyFile, directory.resolve("server.crt"))) {
        Files.setOwner(file, postgres);
      }
    }
    return directory;
  }

  private static void run(String... command) throws IOException, InterruptedException {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", command[0]);
    List<String> line = new ArrayList<>(List.of(command));
    line.set(0, keytool.toString());
    Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), US_ASCII);
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
    }
  }
}

package dev.tokenry.store.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real PostgreSQL server for the tests, started from the Debian/Ubuntu {@code postgresql}
 * package's binaries ({@code /usr/lib/postgresql/<version>/bin}) into a temporary directory, on a
 * free port of 127.0.0.1, with trust authentication for the user {@code tokenry}.
 *
 * <ul>
 *   <li>Binaries: {@code TOKENRY_PG_BIN} if set, else the newest {@code /usr/lib/postgresql/N/bin}
 *       with N at least 14. If there are none and the JVM runs as root with {@code apt-get}, it
 *       installs the {@code postgresql} package ({@code apt-get update}, then
 *       {@code apt-get install -y postgresql}).
 *   <li>{@code initdb} and {@code postgres} refuse to run as root, so as root they run as the
 *       package's {@code postgres} user through {@code runuser -u postgres --}; the temporary
 *       directory is handed to that user.
 *   <li>No binaries and no way to install them: the tests fail when the environment variable
 *       {@code CI} is {@code true}, and are aborted with this explanation otherwise.
 * </ul>
 *
 * <p>{@link #shared()} is one server for the whole test run, stopped by a shutdown hook; tests that
 * stop the server start their own with {@link #startNew()}. Public, in store-jdbc's test-jar, for
 * the example application's PostgreSQL test.
 */
public final class PostgresServer implements AutoCloseable {

  private static final String USER = "tokenry";
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer shared;

  private final Path binaries;
  private final Path directory;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;

  private PostgresServer(Path binaries, Path directory, int port, boolean asPostgresUser) {
    this.binaries = binaries;
    this.directory = directory;
    this.data = directory.resolve("data");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  /**
   * Returns the server shared by all tests of this JVM, starting it on first use.
   *
   * @return the running server
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = startNew();
      PostgresServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
    }
    return shared;
  }

  /**
   * Creates a new cluster in a temporary directory and starts a server on it.
   *
   * @return the running server; close it to stop it and delete its files
   */
  static PostgresServer startNew() {
    Path binaries = findOrInstallBinaries();
    boolean root = isRoot();
    try {
      Path directory = Files.createTempDirectory("tokenry-pg");
      if (root) {
        UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName("postgres");
        Files.setOwner(directory, postgres);
      }
      PostgresServer server = new PostgresServer(binaries, directory, freePort(), root);
      server.run(List.of(binaries.resolve("initdb").toString(), "-D", server.data.toString(),
          "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a PostgreSQL directory", e);
    }
  }

  /** Starts the server (again) on its port; returns when it accepts connections. */
  void start() {
    run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(),
        "-l", directory.resolve("postgres.log").toString(), "-w", "-t", "60",
        "-o", "-p " + port + " -k " + directory + " -c listen_addresses=127.0.0.1"
            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            + " -c max_connections=200 -c shared_buffers=32MB",
        "start"));
  }

  /** Stops the server at once (fast shutdown: open sessions are ended). */
  void stop() {
    run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
        "-w", "-t", "60", "stop"));
  }

  /** Stops the server if it runs and deletes its files. */
  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        stop();
      }
    } catch (RuntimeException e) {
      System.err.println("Could not stop PostgreSQL in " + directory + ": " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("Could not delete " + directory + ": " + e.getMessage());
    }
  }

  int port() {
    return port;
  }

  /**
   * Creates a new empty database.
   *
   * @return a data source for it (a new connection per call, as a plain driver data source)
   */
  public PGSimpleDataSource newDatabase() {
    String name = "tokenry_test_" + DATABASES.incrementAndGet();
    try (Connection connection = dataSource("postgres").getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("could not create database " + name, e);
    }
    return dataSource(name);
  }

  /**
   * Returns a data source for a database of this server.
   *
   * @param database the database name
   * @return the data source, with short connect and socket timeouts
   */
  PGSimpleDataSource dataSource(String database) {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {"127.0.0.1"});
    dataSource.setPortNumbers(new int[] {port});
    dataSource.setDatabaseName(database);
    dataSource.setUser(USER);
    dataSource.setConnectTimeout(3);
    dataSource.setLoginTimeout(3);
    dataSource.setSocketTimeout(30);
    return dataSource;
  }

  /**
   * Runs an SQL file with {@code psql}, stopping at the first error.
   *
   * @param database the database
   * @param file the SQL file
   * @return what psql printed
   */
  String psql(String database, Path file) {
    return execute(List.of(binaries.resolve("psql").toString(), "-X", "-v", "ON_ERROR_STOP=1",
        "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", USER, "-d", database,
        "-f", file.toString()), null, 60);
  }

  /**
   * Puts a HikariCP pool in front of a data source, as most hosts do.
   *
   * @param dataSource the driver data source
   * @return the pool; close it when done
   */
  static HikariDataSource pooled(DataSource dataSource) {
    return pooled(dataSource, 2_000);
  }

  /**
   * Puts a HikariCP pool in front of a data source, as most hosts do.
   *
   * @param dataSource the driver data source
   * @param connectionTimeoutMillis how long a caller waits for a connection, at least 250
   * @return the pool; close it when done
   */
  static HikariDataSource pooled(DataSource dataSource, long connectionTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(dataSource);
    config.setMaximumPoolSize(10);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setValidationTimeout(1_000);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  private void run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    execute(full, directory, 120);
  }

  private static String execute(List<String> command, Path workingDirectory, int timeoutSeconds) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      builder.environment().put("LC_ALL", "C");
      builder.environment().put("DEBIAN_FRONTEND", "noninteractive");
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("timed out: " + String.join(" ", command));
      }
      String text = new String(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException("failed (exit " + process.exitValue() + "): "
            + String.join(" ", command) + "\n" + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  private static Path findOrInstallBinaries() {
    Optional<Path> found = findBinaries();
    if (found.isEmpty() && isRoot() && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      System.err.println("PostgreSQL binaries not found; installing the Debian package postgresql");
      execute(List.of("apt-get", "update"), null, 600);
      execute(List.of("apt-get", "install", "-y", "--no-install-recommends", "postgresql"), null,
          900);
      found = findBinaries();
    }
    if (found.isPresent()) {
      return found.get();
    }
    String why = "No PostgreSQL 14+ server binaries: set TOKENRY_PG_BIN to a bin directory with"
        + " initdb, pg_ctl and postgres, or install the package postgresql (as root these tests"
        + " install it themselves with apt-get).";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.abort(why);
    throw new AssertionError(why);
  }

  private static Optional<Path> findBinaries() {
    String configured = System.getenv("TOKENRY_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      Path bin = Path.of(configured);
      if (!Files.isExecutable(bin.resolve("initdb"))) {
        fail("TOKENRY_PG_BIN=" + configured + " holds no executable initdb");
      }
      return Optional.of(bin);
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(dir -> dir.getFileName().toString().matches("\\d+"))
          .filter(dir -> Integer.parseInt(dir.getFileName().toString()) >= 14)
          .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb"))
              && Files.isExecutable(dir.resolve("bin/pg_ctl")))
          .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
          .map(dir -> dir.resolve("bin"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name").toLowerCase(Locale.ROOT));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    }
  }
}

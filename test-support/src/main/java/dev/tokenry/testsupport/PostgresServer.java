package dev.tokenry.testsupport;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.opentest4j.TestAbortedException;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A real, throw-away PostgreSQL server for tests and benchmarks, started from the Debian/Ubuntu
 * {@code postgresql} package's binaries into a temporary directory, on a free port of 127.0.0.1,
 * with trust authentication for the user {@value #USER}. Durability is off ({@code fsync},
 * synchronous commit, full page writes): nothing here needs to survive a crash.
 *
 * <ul>
 *   <li>Binaries: {@code TOKENRY_PG_BIN} if set, else the newest {@code /usr/lib/postgresql/N/bin}
 *       with N at least 14. If there are none and the JVM runs as root with {@code apt-get}, it
 *       installs the {@code postgresql} package ({@code apt-get update}, then {@code apt-get
 *       install -y --no-install-recommends postgresql}).
 *   <li>{@code initdb} and {@code postgres} refuse to run as root, so as root they run as the
 *       package's {@code postgres} user through {@code runuser -u postgres --}; the temporary
 *       directory is handed to that user.
 *   <li>No binaries and no way to install them: when the environment variable {@code CI} is {@code
 *       true} this fails with an {@link IllegalStateException}; otherwise it throws opentest4j's
 *       {@link TestAbortedException}, which JUnit reports as an aborted test with the explanation
 *       (never a silent skip). A benchmark simply fails with that message.
 * </ul>
 *
 * <p>{@link #shared()} is one server for the whole JVM. Tests that stop the server, and the
 * benchmarks, start their own with {@link #startNew()}. Every server is also stopped by a shutdown
 * hook, so a JVM that ends without closing it (a killed benchmark fork, a test run cut short)
 * leaves no PostgreSQL process behind.
 *
 * <pre>{@code
 * PGSimpleDataSource database = PostgresServer.shared().newDatabase();
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {

  /** The superuser every server is created with; it connects without a password. */
  public static final String USER = "tokenry";

  private static final List<String> DEFAULT_SETTINGS =
      List.of(
          "listen_addresses=127.0.0.1",
          "fsync=off",
          "synchronous_commit=off",
          "full_page_writes=off",
          "max_connections=200",
          "shared_buffers=32MB");
  private static final Pattern SETTING_NAME = Pattern.compile("[a-z][a-z0-9_.]*");
  private static final Pattern SETTING_VALUE = Pattern.compile("[A-Za-z0-9_.:/-]+");
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static PostgresServer shared;

  private final Path binaries;
  private final Path directory;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;
  private final Map<String, String> settings;
  private final Thread stopOnExit;
  private boolean closed;

  private PostgresServer(
      Path binaries,
      Path directory,
      int port,
      boolean asPostgresUser,
      Map<String, String> settings) {
    this.binaries = binaries;
    this.directory = directory;
    this.data = directory.resolve("data");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
    this.settings = settings;
    this.stopOnExit = new Thread(this::close, "postgres-stop");
  }

  /**
   * Returns the server shared by everything in this JVM, starting it on first use. Never close it:
   * the shutdown hook stops it when the JVM ends.
   *
   * @return the running server
   */
  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = startNew();
    }
    return shared;
  }

  /**
   * Creates a new cluster in a temporary directory and starts a server of its own on it, for a
   * caller that stops, restarts or otherwise disturbs it.
   *
   * @return the running server; close it to stop it and delete its files
   */
  public static PostgresServer startNew() {
    return startNew(Map.of());
  }

  /**
   * Like {@link #startNew()}, with server settings added to (or replacing) the defaults, for
   * example {@code Map.of("shared_buffers", "128MB")} for a benchmark over a large table.
   *
   * @param settings PostgreSQL settings by name, passed as {@code -c name=value}; names and values
   *     limited to letters, digits and {@code _ . : / -}
   * @return the running server; close it to stop it and delete its files
   */
  public static PostgresServer startNew(Map<String, String> settings) {
    Map<String, String> merged = new LinkedHashMap<>();
    for (String setting : DEFAULT_SETTINGS) {
      merged.put(
          setting.substring(0, setting.indexOf('=')), setting.substring(setting.indexOf('=') + 1));
    }
    new TreeMap<>(settings)
        .forEach(
            (name, value) -> {
              if (!SETTING_NAME.matcher(name).matches()
                  || !SETTING_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException(
                    "unsupported PostgreSQL setting: " + name + "=" + value);
              }
              merged.put(name, value);
            });
    Path binaries = findOrInstallBinaries();
    boolean root = isRoot();
    Path directory;
    try {
      directory = Files.createTempDirectory("tokenry-pg");
      if (root) {
        UserPrincipal postgres =
            directory
                .getFileSystem()
                .getUserPrincipalLookupService()
                .lookupPrincipalByName("postgres");
        Files.setOwner(directory, postgres);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a PostgreSQL directory", e);
    }
    PostgresServer server = new PostgresServer(binaries, directory, freePort(), root, merged);
    Runtime.getRuntime().addShutdownHook(server.stopOnExit);
    try {
      server.run(
          List.of(
              binaries.resolve("initdb").toString(),
              "-D",
              server.data.toString(),
              "-U",
              USER,
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--locale=C",
              "--no-sync"));
      server.start();
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** Starts the server (again) on its port; returns when it accepts connections. */
  public void start() {
    String options =
        settings.entrySet().stream()
            .map(setting -> "-c " + setting.getKey() + "=" + setting.getValue())
            .collect(Collectors.joining(" ", "-p " + port + " -k " + directory + " ", ""));
    run(
        List.of(
            binaries.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-l",
            directory.resolve("postgres.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            options,
            "start"));
  }

  /** Stops the server at once (fast shutdown: open sessions are ended); {@link #start()} again. */
  public void stop() {
    run(
        List.of(
            binaries.resolve("pg_ctl").toString(),
            "-D",
            data.toString(),
            "-m",
            "fast",
            "-w",
            "-t",
            "60",
            "stop"));
  }

  /** Stops the server if it runs and deletes its files; does nothing the second time. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Thread.currentThread() != stopOnExit) {
      try {
        Runtime.getRuntime().removeShutdownHook(stopOnExit);
      } catch (IllegalStateException shuttingDown) {
        // The hook runs anyway and finds the server closed.
      }
    }
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

  /**
   * Returns the running server's postmaster process (the first line of {@code postmaster.pid}), the
   * parent of every backend: hand it to a {@link Freezer} to make the server stall.
   *
   * @return the postmaster
   * @throws IllegalStateException if the server does not run
   */
  public ProcessHandle postmaster() {
    try {
      long pid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).trim());
      return ProcessHandle.of(pid)
          .orElseThrow(() -> new IllegalStateException("PostgreSQL " + pid + " does not run"));
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("PostgreSQL in " + directory + " does not run", e);
    }
  }

  /**
   * Returns the TCP port the server listens on, on 127.0.0.1.
   *
   * @return the port
   */
  public int port() {
    return port;
  }

  /**
   * Creates a new empty database, so that each test class has tables of its own.
   *
   * @return a data source for it (see {@link #dataSource(String)})
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
   * Returns a plain driver data source (a new connection per call) for a database of this server,
   * with 3-second connect and login timeouts and a 30-second socket timeout; set others on it.
   *
   * @param database the database name
   * @return the data source
   */
  public PGSimpleDataSource dataSource(String database) {
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
   * Runs an SQL file with {@code psql}, stopping at the first error, as an operator applying a
   * schema file would.
   *
   * @param database the database
   * @param file the SQL file
   * @return what psql printed
   */
  public String psql(String database, Path file) {
    return execute(
        List.of(
            binaries.resolve("psql").toString(),
            "-X",
            "-v",
            "ON_ERROR_STOP=1",
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-U",
            USER,
            "-d",
            database,
            "-f",
            file.toString()),
        null,
        60);
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
        throw new IllegalStateException(
            "failed (exit "
                + process.exitValue()
                + "): "
                + String.join(" ", command)
                + "\n"
                + text);
      }
      return text;
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  private static synchronized Path findOrInstallBinaries() {
    Optional<Path> found = findBinaries();
    if (found.isEmpty() && isRoot() && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      System.err.println("PostgreSQL binaries not found; installing the Debian package postgresql");
      execute(List.of("apt-get", "update"), null, 600);
      execute(
          List.of("apt-get", "install", "-y", "--no-install-recommends", "postgresql"), null, 900);
      found = findBinaries();
    }
    if (found.isPresent()) {
      return found.get();
    }
    String why =
        "No PostgreSQL 14+ server binaries: set TOKENRY_PG_BIN to a bin directory with"
            + " initdb, pg_ctl and postgres, or install the package postgresql (as root this installs"
            + " it itself with apt-get).";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new IllegalStateException(why + " CI=true, so this is a failure, not a skip.");
    }
    throw new TestAbortedException(why);
  }

  private static Optional<Path> findBinaries() {
    String configured = System.getenv("TOKENRY_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      Path bin = Path.of(configured);
      if (!Files.isExecutable(bin.resolve("initdb"))
          || !Files.isExecutable(bin.resolve("pg_ctl"))) {
        throw new IllegalStateException(
            "TOKENRY_PG_BIN=" + configured + " holds no executable initdb and pg_ctl");
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
          .filter(
              dir ->
                  Files.isExecutable(dir.resolve("bin/initdb"))
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

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on 127.0.0.1", e);
    }
  }
}

package dev.tokenry.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away PostgreSQL server for the JDBC benchmark, started the way store-jdbc's test harness
 * ({@code PostgresServer}, a JUnit test class there) starts one: the Debian package's binaries
 * ({@code TOKENRY_PG_BIN}, else the newest {@code /usr/lib/postgresql/N/bin} with N ≥ 14, else
 * installed with {@code apt-get} when running as root), {@code initdb} into a temporary directory,
 * run as the {@code postgres} user when we are root, on a free port of 127.0.0.1, trust
 * authentication. Durability is off (fsync, synchronous commit) as in the tests: the benchmark reads.
 */
final class BenchPostgres implements AutoCloseable {

  static final String USER = "tokenry";

  private final Path binaries;
  private final Path directory;
  private final Path data;
  private final int port;
  private final boolean asPostgresUser;

  private BenchPostgres(Path binaries, Path directory, int port, boolean asPostgresUser) {
    this.binaries = binaries;
    this.directory = directory;
    this.data = directory.resolve("data");
    this.port = port;
    this.asPostgresUser = asPostgresUser;
  }

  static BenchPostgres start() {
    Path binaries = findOrInstallBinaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    try {
      Path directory = Files.createTempDirectory("tokenry-bench-pg");
      if (root) {
        UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
            .lookupPrincipalByName("postgres");
        Files.setOwner(directory, postgres);
      }
      BenchPostgres server = new BenchPostgres(binaries, directory, freePort(), root);
      server.run(List.of(binaries.resolve("initdb").toString(), "-D", server.data.toString(),
          "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
      server.run(List.of(binaries.resolve("pg_ctl").toString(), "-D", server.data.toString(),
          "-l", directory.resolve("postgres.log").toString(), "-w", "-t", "60",
          "-o", "-p " + server.port + " -k " + directory + " -c listen_addresses=127.0.0.1"
              + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
              + " -c shared_buffers=128MB",
          "start"));
      // A fork that is killed still stops its server (a normal end calls close() first).
      Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("could not prepare a PostgreSQL directory", e);
    }
  }

  PGSimpleDataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setServerNames(new String[] {"127.0.0.1"});
    dataSource.setPortNumbers(new int[] {port});
    dataSource.setDatabaseName("postgres");
    dataSource.setUser(USER);
    dataSource.setConnectTimeout(5);
    dataSource.setSocketTimeout(60);
    return dataSource;
  }

  @Override
  public synchronized void close() {
    if (!Files.exists(directory)) {
      return;
    }
    try {
      run(List.of(binaries.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
          "-w", "-t", "60", "stop"));
    } catch (RuntimeException e) {
      System.err.println("Could not stop PostgreSQL in " + directory + ": " + e.getMessage());
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      System.err.println("Could not delete " + directory + ": " + e.getMessage());
    }
  }

  private void run(List<String> command) {
    List<String> full = new ArrayList<>();
    if (asPostgresUser) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(command);
    execute(full, directory, 120);
  }

  private static void execute(List<String> command, Path workingDirectory, int timeoutSeconds) {
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
      if (process.exitValue() != 0) {
        throw new IllegalStateException("failed (exit " + process.exitValue() + "): "
            + String.join(" ", command) + "\n" + new String(output, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not run " + String.join(" ", command), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
    }
  }

  private static Path findOrInstallBinaries() {
    Optional<Path> found = findBinaries();
    if (found.isEmpty() && "root".equals(System.getProperty("user.name"))
        && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
      System.err.println("PostgreSQL binaries not found; installing the Debian package postgresql");
      execute(List.of("apt-get", "update"), null, 600);
      execute(List.of("apt-get", "install", "-y", "--no-install-recommends", "postgresql"), null,
          900);
      found = findBinaries();
    }
    return found.orElseThrow(() -> new IllegalStateException("No PostgreSQL 14+ server binaries:"
        + " set TOKENRY_PG_BIN to a bin directory with initdb and pg_ctl, or install the package"
        + " postgresql, or leave the PostgreSQL cases out with -p jdbc=h2-100000"));
  }

  private static Optional<Path> findBinaries() {
    String configured = System.getenv("TOKENRY_PG_BIN");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured));
    }
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(root)) {
      return versions
          .filter(dir -> dir.getFileName().toString().matches("\\d+"))
          .filter(dir -> Integer.parseInt(dir.getFileName().toString()) >= 14)
          .filter(dir -> Files.isExecutable(dir.resolve("bin/initdb")))
          .max(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())))
          .map(dir -> dir.resolve("bin"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}

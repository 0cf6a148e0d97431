package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example application's command line options.
 *
 * @param port the HTTP port; 0 picks a free one
 * @param host the address to listen on; the loopback address unless asked otherwise, because the
 *     demo takes the acting user from a header anybody could send
 * @param jdbcUrl the database (H2 or PostgreSQL JDBC URL)
 * @param jdbcUser the database user, empty for none
 * @param jdbcPassword the database password, empty for none; never printed
 * @param prefix the token prefix
 * @param lastUsedFlush how often last-used times are written
 * @param help whether only the usage was asked for
 * @param secretScanningKeys a JSON file {@code {"<key id>": "<PEM public key>"}} of the keys the
 *     leak receivers accept, if given
 * @param maxFailuresPerMinute failed verifications per minute and client address before 429; 0
 *     turns throttling off
 * @param cacheMaxStaleness the record cache's bound on PostgreSQL ({@code
 *     JdbcTokenStore.Builder.cacheRecords}); {@link Duration#ZERO} leaves the cache off
 */
public record AppOptions(
    int port,
    String host,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String prefix,
    Duration lastUsedFlush,
    boolean help,
    Optional<Path> secretScanningKeys,
    int maxFailuresPerMinute,
    Duration cacheMaxStaleness) {

  /**
   * Failed verifications per minute and address allowed unless {@code --max-failures-per-minute}.
   */
  public static final int DEFAULT_MAX_FAILURES_PER_MINUTE = 100;

  /** The default database: an H2 file under {@code ./data}, so tokens survive a restart. */
  public static final String DEFAULT_JDBC_URL = "jdbc:h2:./data/tokenry-demo";

  /** The default address: loopback only. */
  public static final String DEFAULT_HOST = "127.0.0.1";

  /** The usage text printed by {@code --help} and after a bad option. */
  public static final String USAGE =
      String.join(
          System.lineSeparator(),
          "Usage: java -jar tokenry-examples.jar [options]",
          "  --port N                HTTP port (default 8080; 0 picks a free one)",
          "  --host H                address to listen on (default " + DEFAULT_HOST + "; the demo",
          "                          trusts the tokenry-demo-user cookie, so keep it off networks)",
          "  --jdbc-url URL          database (default " + DEFAULT_JDBC_URL + ");",
          "                          jdbc:h2:... and jdbc:postgresql://... both work",
          "  --jdbc-user USER        database user (default: none, or 'sa' for H2)",
          "  --jdbc-password PASS    database password (or env TOKENRY_JDBC_PASSWORD)",
          "  --prefix P              token prefix (default tkr)",
          "  --last-used-flush D     how often last-used times are written, e.g. 2s, 500ms, 1m"
              + " (default 2s)",
          "  --secret-scanning-keys FILE  public keys of the leak receivers, a JSON object",
          "                          {\"<key id>\": \"<PEM public key>\"} (default: none, every",
          "                          report is refused with 401)",
          "  --max-failures-per-minute N  failed token checks per minute and client address",
          "                          before 429 (default "
              + DEFAULT_MAX_FAILURES_PER_MINUTE
              + "; 0 turns throttling off)",
          "  --cache-max-staleness D PostgreSQL only: keep verified token records in memory, none",
          "                          served older than D (e.g. 1s); changes reach every instance",
          "                          at once through LISTEN/NOTIFY (default: no cache)",
          "  --help                  this text");

  private static final Pattern DURATION = Pattern.compile("(\\d{1,7})(ms|s|m|h)");

  /** Checks the values. */
  public AppOptions {
    requireNonNull(host, "host must not be null");
    requireNonNull(jdbcUrl, "jdbcUrl must not be null");
    requireNonNull(jdbcUser, "jdbcUser must not be null");
    requireNonNull(jdbcPassword, "jdbcPassword must not be null");
    requireNonNull(prefix, "prefix must not be null");
    requireNonNull(lastUsedFlush, "lastUsedFlush must not be null");
    requireNonNull(cacheMaxStaleness, "cacheMaxStaleness must not be null");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
    }
    requireNonNull(secretScanningKeys, "secretScanningKeys must not be null");
    if (maxFailuresPerMinute < 0 || maxFailuresPerMinute > 1_000_000) {
      throw new IllegalArgumentException(
          "--max-failures-per-minute must be 0 to 1000000, was " + maxFailuresPerMinute);
    }
  }

  /**
   * Options without leak-receiver keys, with the default throttle and without the record cache.
   *
   * @param port the HTTP port
   * @param host the address to listen on
   * @param jdbcUrl the database
   * @param jdbcUser the database user
   * @param jdbcPassword the database password
   * @param prefix the token prefix
   * @param lastUsedFlush how often last-used times are written
   * @param help whether only the usage was asked for
   */
  public AppOptions(
      int port,
      String host,
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      String prefix,
      Duration lastUsedFlush,
      boolean help) {
    this(port, host, jdbcUrl, jdbcUser, jdbcPassword, prefix, lastUsedFlush, help, Duration.ZERO);
  }

  /**
   * Options without leak-receiver keys and with the default throttle.
   *
   * @param port the HTTP port
   * @param host the address to listen on
   * @param jdbcUrl the database
   * @param jdbcUser the database user
   * @param jdbcPassword the database password
   * @param prefix the token prefix
   * @param lastUsedFlush how often last-used times are written
   * @param help whether only the usage was asked for
   * @param cacheMaxStaleness the record cache's bound; {@link Duration#ZERO} for none
   */
  public AppOptions(
      int port,
      String host,
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      String prefix,
      Duration lastUsedFlush,
      boolean help,
      Duration cacheMaxStaleness) {
    this(
        port,
        host,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        prefix,
        lastUsedFlush,
        help,
        Optional.empty(),
        DEFAULT_MAX_FAILURES_PER_MINUTE,
        cacheMaxStaleness);
  }

  /**
   * Options without the record cache.
   *
   * @param port the HTTP port
   * @param host the address to listen on
   * @param jdbcUrl the database
   * @param jdbcUser the database user
   * @param jdbcPassword the database password
   * @param prefix the token prefix
   * @param lastUsedFlush how often last-used times are written
   * @param help whether only the usage was asked for
   * @param secretScanningKeys the leak receivers' keys file, if any
   * @param maxFailuresPerMinute failed verifications per minute and address before 429
   */
  public AppOptions(
      int port,
      String host,
      String jdbcUrl,
      String jdbcUser,
      String jdbcPassword,
      String prefix,
      Duration lastUsedFlush,
      boolean help,
      Optional<Path> secretScanningKeys,
      int maxFailuresPerMinute) {
    this(
        port,
        host,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        prefix,
        lastUsedFlush,
        help,
        secretScanningKeys,
        maxFailuresPerMinute,
        Duration.ZERO);
  }

  /**
   * Reads the command line.
   *
   * @param args the arguments of {@code main}
   * @return the options, defaults filled in
   * @throws IllegalArgumentException with a message for the user when an option is wrong
   */
  public static AppOptions parse(List<String> args) {
    int port = 8080;
    String host = DEFAULT_HOST;
    String jdbcUrl = DEFAULT_JDBC_URL;
    String jdbcUser = null;
    String jdbcPassword = System.getenv().getOrDefault("TOKENRY_JDBC_PASSWORD", "");
    String prefix = "tkr";
    Duration flush = Duration.ofSeconds(2);
    Duration cache = Duration.ZERO;
    boolean help = false;
    Path keys = null;
    int maxFailures = DEFAULT_MAX_FAILURES_PER_MINUTE;
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      if (name.equals("--help") || name.equals("-h")) {
        help = true;
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.size()) {
          throw new IllegalArgumentException(
              isKnown(name) ? name + " needs a value" : "unknown option '" + name + "'");
        }
        value = args.get(++i);
      }
      switch (name) {
        case "--port" -> port = parsePort(value);
        case "--host" -> host = requireText(name, value);
        case "--jdbc-url" -> jdbcUrl = requireText(name, value);
        case "--jdbc-user" -> jdbcUser = value;
        case "--jdbc-password" -> jdbcPassword = value;
        case "--prefix" -> prefix = requireText(name, value);
        case "--last-used-flush" -> flush = parseDuration(value);
        case "--secret-scanning-keys" -> keys = Path.of(requireText(name, value));
        case "--max-failures-per-minute" -> maxFailures = parseMaxFailures(value);
        case "--cache-max-staleness" -> cache = parseDuration(name, value);
        default -> throw new IllegalArgumentException("unknown option '" + name + "'");
      }
    }
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--jdbc-url must start with jdbc:h2: or jdbc:postgresql:, was '" + jdbcUrl + "'");
    }
    if (!cache.isZero() && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--cache-max-staleness needs a jdbc:postgresql: database (the cache learns of changes"
              + " through LISTEN/NOTIFY, which H2 lacks)");
    }
    if (!cache.isZero()
        && (cache.compareTo(Duration.ofMillis(10)) < 0
            || cache.compareTo(Duration.ofMinutes(10)) > 0)) {
      throw new IllegalArgumentException(
          "--cache-max-staleness must be between 10ms and 10m, was '" + cache + "'");
    }
    if (jdbcUser == null) {
      jdbcUser = jdbcUrl.startsWith("jdbc:h2:") ? "sa" : "";
    }
    return new AppOptions(
        port,
        host,
        jdbcUrl,
        jdbcUser,
        jdbcPassword,
        prefix,
        flush,
        help,
        Optional.ofNullable(keys),
        maxFailures,
        cache);
  }

  private static boolean isKnown(String name) {
    return List.of(
            "--port",
            "--host",
            "--jdbc-url",
            "--jdbc-user",
            "--jdbc-password",
            "--prefix",
            "--last-used-flush",
            "--secret-scanning-keys",
            "--max-failures-per-minute",
            "--cache-max-staleness")
        .contains(name);
  }

  private static int parseMaxFailures(String value) {
    try {
      int max = Integer.parseInt(value);
      if (max >= 0 && max <= 1_000_000) {
        return max;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--max-failures-per-minute must be a number from 0 to 1000000, was '" + value + "'");
  }

  private static String requireText(String name, String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be empty");
    }
    return value;
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "--port must be a number from 0 to 65535, was '" + value + "'");
  }

  /**
   * Reads a duration such as {@code 2s}, {@code 500ms}, {@code 1m} or {@code 1h}.
   *
   * @param value the text
   * @return the duration
   * @throws IllegalArgumentException if the text is not such a duration
   */
  static Duration parseDuration(String value) {
    return parseDuration("--last-used-flush", value);
  }

  private static Duration parseDuration(String name, String value) {
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          name + " must look like 2s, 500ms, 1m or 1h, was '" + value + "'");
    }
    long amount = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      default -> Duration.ofHours(amount);
    };
  }

  @Override
  public String toString() {
    return "AppOptions[port="
        + port
        + ", host="
        + host
        + ", jdbcUrl="
        + jdbcUrl
        + ", jdbcUser="
        + jdbcUser
        + ", jdbcPassword="
        + (jdbcPassword.isEmpty() ? "" : "****")
        + ", prefix="
        + prefix
        + ", lastUsedFlush="
        + lastUsedFlush
        + ", secretScanningKeys="
        + secretScanningKeys.map(Path::toString).orElse("")
        + ", maxFailuresPerMinute="
        + maxFailuresPerMinute
        + ", cacheMaxStaleness="
        + cacheMaxStaleness
        + "]";
  }
}

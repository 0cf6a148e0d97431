package dev.tokenry.examples;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
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
 */
public record AppOptions(
    int port,
    String host,
    String jdbcUrl,
    String jdbcUser,
    String jdbcPassword,
    String prefix,
    Duration lastUsedFlush,
    boolean help) {

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
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("--port must be between 0 and 65535, was " + port);
    }
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
    boolean help = false;
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
        default -> throw new IllegalArgumentException("unknown option '" + name + "'");
      }
    }
    if (!jdbcUrl.startsWith("jdbc:h2:") && !jdbcUrl.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException(
          "--jdbc-url must start with jdbc:h2: or jdbc:postgresql:, was '" + jdbcUrl + "'");
    }
    if (jdbcUser == null) {
      jdbcUser = jdbcUrl.startsWith("jdbc:h2:") ? "sa" : "";
    }
    return new AppOptions(port, host, jdbcUrl, jdbcUser, jdbcPassword, prefix, flush, help);
  }

  private static boolean isKnown(String name) {
    return List.of(
            "--port",
            "--host",
            "--jdbc-url",
            "--jdbc-user",
            "--jdbc-password",
            "--prefix",
            "--last-used-flush")
        .contains(name);
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
    Matcher m = DURATION.matcher(value.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "--last-used-flush must look like 2s, 500ms, 1m or 1h, was '" + value + "'");
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
        + "]";
  }
}

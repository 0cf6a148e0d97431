package dev.tokenry.throttle.postgresql;

import static java.util.Objects.requireNonNull;

import dev.tokenry.servlet.AttemptThrottle;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link AttemptThrottle} that counts for a whole fleet: every server sharing one PostgreSQL
 * counts a client's failed attempts in the same Bucket4j bucket (one row per client key, locked
 * with {@code SELECT … FOR UPDATE}), so an attacker gets {@code maxAttempts} per window in total,
 * not per server.
 *
 * <pre>{@code
 * AttemptThrottle throttle = PostgresAttemptThrottle.builder()
 *     .dataSource(dataSource)
 *     .maxAttempts(100).window(Duration.ofMinutes(1))
 *     .createTableIfMissing(true)
 *     .build();
 * TokenAuthenticationFilter filter =
 *     TokenAuthenticationFilter.builder(tokenry, rules).throttle(throttle).build();
 * }</pre>
 *
 * <p>The bucket holds {@code maxAttempts} and refills them evenly over {@code window} (a token
 * bucket, which bounds every sliding window of that length at {@code 2 × maxAttempts} and a
 * sustained rate at {@code maxAttempts} per window). Only {@link #record} touches the database;
 * {@link #retryAfter}, called on every request, reads this server's memory: a client whose bucket
 * ran dry is blocked here until it refills, and another server learns it on that client's next
 * failure there, so a fleet of {@code n} servers lets at most {@code n - 1} attempts past the
 * limit. Memory for blocked clients is bounded. When the database cannot answer, counting falls
 * back to this server alone ({@link AttemptThrottle#perInstance}) and a warning is logged at most
 * once a minute; requests are never failed because of the throttle.
 */
public final class PostgresAttemptThrottle implements AttemptThrottle, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresAttemptThrottle.class);
  private static final Pattern TABLE = Pattern.compile("[a-z][a-z0-9_]{0,62}");
  private static final String SCHEMA = "db/tokenry/throttle/postgresql.sql";
  private static final int MAX_KEY_LENGTH = 64;

  private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
  private final BucketConfiguration configuration;
  private final Clock clock;
  private final long refillOneMillis;
  private final int maxBlocked;
  private final Map<String, Long> blockedUntil = new ConcurrentHashMap<>();
  private final AttemptThrottle fallback;
  private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
  private final int maxAttempts;
  private final Duration window;

  private PostgresAttemptThrottle(Builder builder) {
    this.clock = builder.clock;
    this.maxAttempts = builder.maxAttempts;
    this.window = builder.window;
    this.maxBlocked = builder.maxBlockedClients;
    this.refillOneMillis = Math.max(1, window.toMillis() / maxAttempts);
    this.configuration =
        BucketConfiguration.builder()
            .addLimit(limit -> limit.capacity(maxAttempts).refillGreedy(maxAttempts, window))
            .build();
    Clock bucketClock = builder.clock;
    this.buckets =
        Bucket4jPostgreSQL.selectForUpdateBasedBuilder(builder.dataSource)
            .primaryKeyMapper(PrimaryKeyMapper.STRING)
            .table(builder.tableName)
            .idColumn("id")
            .stateColumn("state")
            .expiresAtColumn("expires_at")
            .expirationAfterWrite(
                ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                    Duration.ofSeconds(1)))
            .clientClock(
                new TimeMeter() {
                  @Override
                  public long currentTimeNanos() {
                    return bucketClock.millis() * 1_000_000L;
                  }

                  @Override
                  public boolean isWallClockBased() {
                    return true;
                  }
                })
            .requestTimeout(builder.requestTimeout)
            .build();
    this.fallback = AttemptThrottle.perInstance(maxAttempts, window, builder.maxBlockedClients);
  }

  /**
   * Starts a configuration; {@link Builder#dataSource} is required.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Duration retryAfter(String clientKey) {
    Long until = blockedUntil.get(clientKey);
    long now = clock.millis();
    if (until != null) {
      if (now < until) {
        return Duration.ofMillis(until - now);
      }
      blockedUntil.remove(clientKey, until);
    }
    return fallback.retryAfter(clientKey);
  }

  @Override
  public void record(String clientKey) {
    String key =
        clientKey.length() > MAX_KEY_LENGTH ? clientKey.substring(0, MAX_KEY_LENGTH) : clientKey;
    ConsumptionProbe probe;
    try {
      probe = buckets.builder().build(key, () -> configuration).tryConsumeAndReturnRemaining(1);
    } catch (RuntimeException e) {
      warn(e);
      fallback.record(key);
      return;
    }
    long waitMillis;
    if (!probe.isConsumed()) {
      waitMillis = Math.max(1, probe.getNanosToWaitForRefill() / 1_000_000L);
    } else if (probe.getRemainingTokens() == 0) {
      waitMillis = refillOneMillis; // the next attempt would find the bucket empty
    } else {
      return;
    }
    long now = clock.millis();
    if (blockedUntil.size() >= maxBlocked) {
      makeRoom(now);
    }
    blockedUntil.merge(key, now + waitMillis, Math::max);
  }

  /**
   * Deletes rows of clients whose buckets are full again; call it now and then (for example hourly)
   * so the table holds only recent clients. Safe to run on every server at once.
   *
   * @return how many rows were deleted
   */
  public int removeExpired() {
    int total = 0;
    int removed;
    do {
      removed = buckets.removeExpired(1000);
      total += removed;
    } while (removed == 1000);
    return total;
  }

  /** How many clients this server holds as blocked (for tests of the bound). */
  int blockedClients() {
    return blockedUntil.size();
  }

  private void makeRoom(long now) {
    blockedUntil.values().removeIf(until -> until <= now);
    for (Iterator<String> it = blockedUntil.keySet().iterator();
        it.hasNext() && blockedUntil.size() >= maxBlocked; ) {
      it.next();
      it.remove();
    }
  }

  private void warn(RuntimeException e) {
    long now = clock.millis();
    long last = lastWarning.get();
    if ((last == Long.MIN_VALUE || now - last >= 60_000) && lastWarning.compareAndSet(last, now)) {
      LOG.warn(
          "Throttle database unavailable; counting failed attempts on this server only: {}",
          e.toString());
    }
  }

  /** Nothing to release: the data source belongs to the host. */
  @Override
  public void close() {}

  @Override
  public String toString() {
    return "PostgresAttemptThrottle(" + maxAttempts + " per " + window + ")";
  }

  /** Configures a {@link PostgresAttemptThrottle}. Not thread-safe. */
  public static final class Builder {
    private DataSource dataSource;
    private int maxAttempts = 100;
    private Duration window = Duration.ofMinutes(1);
    private String tableName = "tokenry_throttle";
    private boolean createTable;
    private int maxBlockedClients = 100_000;
    private Duration requestTimeout = Duration.ofSeconds(2);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The shared PostgreSQL. Required.
     *
     * @param dataSource a pooled data source
     * @return this builder
     */
    public Builder dataSource(DataSource dataSource) {
      this.dataSource = requireNonNull(dataSource, "dataSource must not be null");
      return this;
    }

    /**
     * Attempts allowed per window and client; default 100.
     *
     * @param maxAttempts 1 to 1,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxAttempts(int maxAttempts) {
      if (maxAttempts < 1 || maxAttempts > 1_000_000) {
        throw new IllegalArgumentException("maxAttempts must be 1 to 1000000, was " + maxAttempts);
      }
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * The window; default 1 minute.
     *
     * @param window 1 second to 1 day
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder window(Duration window) {
      requireNonNull(window, "window must not be null");
      if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException("window must be 1 second to 1 day, was " + window);
      }
      this.window = window;
      return this;
    }

    /**
     * The bucket table; default {@code tokenry_throttle} (its DDL is {@code
     * db/tokenry/throttle/postgresql.sql} in this jar).
     *
     * @param tableName {@code [a-z][a-z0-9_]{0,62}}
     * @return this builder
     * @throws IllegalArgumentException if malformed
     */
    public Builder tableName(String tableName) {
      requireNonNull(tableName, "tableName must not be null");
      if (!TABLE.matcher(tableName).matches()) {
        throw new IllegalArgumentException(
            "tableName must match [a-z][a-z0-9_]{0,62}, was '" + tableName + "'");
      }
      this.tableName = tableName;
      return this;
    }

    /**
     * Whether {@link #build()} creates the table when missing; off by default.
     *
     * @param create true to create
     * @return this builder
     */
    public Builder createTableIfMissing(boolean create) {
      this.createTable = create;
      return this;
    }

    /**
     * Clients held as blocked in this server's memory at once; default 100,000.
     *
     * @param max 100 to 10,000,000
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxBlockedClients(int max) {
      if (max < 100 || max > 10_000_000) {
        throw new IllegalArgumentException("maxBlockedClients must be 100 to 10000000, was " + max);
      }
      this.maxBlockedClients = max;
      return this;
    }

    /**
     * How long one count may take in the database before it counts locally instead; default 2
     * seconds.
     *
     * @param timeout 10 milliseconds to 1 minute
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder requestTimeout(Duration timeout) {
      requireNonNull(timeout, "timeout must not be null");
      if (timeout.compareTo(Duration.ofMillis(10)) < 0
          || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
        throw new IllegalArgumentException("requestTimeout must be 10ms to 1min, was " + timeout);
      }
      this.requestTimeout = timeout;
      return this;
    }

    /** Test clock for buckets and blocks. */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Builds the throttle, creating the table first when asked to.
     *
     * @return the throttle
     * @throws IllegalStateException if no data source was given, or the table cannot be created
     */
    public PostgresAttemptThrottle build() {
      if (dataSource == null) {
        throw new IllegalStateException("dataSource is required");
      }
      if (createTable) {
        createTable(dataSource, tableName);
      }
      return new PostgresAttemptThrottle(this);
    }

    private static void createTable(DataSource dataSource, String tableName) {
      String text;
      try (InputStream in =
          PostgresAttemptThrottle.class.getClassLoader().getResourceAsStream(SCHEMA)) {
        if (in == null) {
          throw new IllegalStateException(SCHEMA + " is missing from the class path");
        }
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      text = text.replace("tokenry_throttle", tableName);
      try (Connection connection = dataSource.getConnection();
          Statement statement = connection.createStatement()) {
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R")) {
          if (line.strip().startsWith("--") || line.isBlank()) {
            continue;
          }
          current.append(line).append('\n');
          if (line.strip().endsWith(";")) {
            String sql = current.toString().strip();
            statement.execute(sql.substring(0, sql.length() - 1));
            current.setLength(0);
          }
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "could not create throttle table " + tableName + " (SQL state " + e.getSQLState() + ")",
            e);
      }
    }
  }
}

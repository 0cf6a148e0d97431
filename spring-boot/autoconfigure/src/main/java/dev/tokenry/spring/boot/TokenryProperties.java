package dev.tokenry.spring.boot;

import dev.tokenry.servlet.TokenAuthenticationFilter;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tokenry's settings under {@code tokenry.*}, bound once at start-up and checked when the beans are
 * built (a malformed prefix, an unknown permission or an HMAC key shorter than 32 bytes stops the
 * application). {@link #toString()} never shows a key's secret.
 *
 * @param prefix the token prefix, {@code [a-z][a-z0-9]{1,15}} optionally with one {@code _} part
 * @param realm the realm named in {@code WWW-Authenticate} answers
 * @param store which store to use when the application defines no {@code TokenStore} bean
 * @param hasher how new tokens are hashed
 * @param hmac the keys of the {@code hmac-sha256} hasher
 * @param knownPermissions the permission catalogue: custom tokens may hold only these, and
 *     wildcards such as {@code *:read} become Spring authorities over it
 * @param lastUsed the last-used write-behind
 * @param admin the admin API servlet
 * @param projectPaths path patterns whose {@code {projectId}} variable must be covered by a
 *     project-scoped token, such as {@code /api/projects/{projectId}/**}
 * @param jdbc the JDBC store
 * @param expiryHeader the response header that carries the token's expiry (ISO-8601 UTC) on every
 *     answer to an authenticated request; absent for tokens that never expire; empty sends none
 * @param throttle the failed-attempt throttle of the bearer filter
 */
@ConfigurationProperties("tokenry")
public record TokenryProperties(
    @DefaultValue("tkr") String prefix,
    @DefaultValue("tokenry") String realm,
    @DefaultValue("auto") StoreType store,
    @DefaultValue("sha256") HasherType hasher,
    @DefaultValue Hmac hmac,
    List<String> knownPermissions,
    @DefaultValue LastUsed lastUsed,
    @DefaultValue Admin admin,
    List<String> projectPaths,
    @DefaultValue Jdbc jdbc,
    @DefaultValue(TokenAuthenticationFilter.DEFAULT_EXPIRY_HEADER) String expiryHeader,
    @DefaultValue Throttle throttle) {

  /**
   * Binds the properties; absent lists become empty.
   *
   * @param prefix the token prefix
   * @param realm the realm
   * @param store which store
   * @param hasher which hasher
   * @param hmac the HMAC keys
   * @param knownPermissions the permission catalogue
   * @param lastUsed the last-used write-behind
   * @param admin the admin API
   * @param projectPaths the project path patterns
   * @param jdbc the JDBC store
   * @param expiryHeader the expiry header's name, or empty for none
   * @param throttle the failed-attempt throttle
   */
  public TokenryProperties {
    expiryHeader = expiryHeader == null ? "" : expiryHeader.trim();
    if (!expiryHeader.isEmpty() && !HEADER_NAME.matcher(expiryHeader).matches()) {
      throw new IllegalArgumentException(
          "tokenry.expiry-header must be an HTTP header name of at most 64 characters, or empty"
              + " to send none");
    }
    knownPermissions = knownPermissions == null ? List.of() : List.copyOf(knownPermissions);
    projectPaths = projectPaths == null ? List.of() : List.copyOf(projectPaths);
  }

  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,64}");

  /** Which store Tokenry uses when the application defines no {@code TokenStore} bean. */
  public enum StoreType {
    /** The JDBC store on the application's {@code DataSource} if there is one, else memory. */
    AUTO,
    /** The JDBC store; start-up fails without a {@code DataSource}. */
    JDBC,
    /** The in-memory store: tokens vanish on restart (tests, demos). */
    MEMORY
  }

  /** How new tokens are hashed (older hashes still verify and are upgraded on use). */
  public enum HasherType {
    /** SHA-256, the default. */
    SHA256,
    /** HMAC-SHA-256 with the keys of {@code tokenry.hmac.keys}: the production recommendation. */
    HMAC_SHA256,
    /** Argon2id (needs {@code de.mkammerer:argon2-jvm}), behind a bounded verification cache. */
    ARGON2ID
  }

  /**
   * The keys of the {@code hmac-sha256} hasher.
   *
   * @param keys newest first: the first hashes new tokens, all of them verify
   */
  public record Hmac(List<Key> keys) {

    /**
     * Binds the keys; absent becomes empty.
     *
     * @param keys newest first
     */
    public Hmac {
      keys = keys == null ? List.of() : List.copyOf(keys);
    }
  }

  /**
   * One HMAC key.
   *
   * @param id the key id stored in each hash, {@code [A-Za-z0-9_.-]{1,32}}
   * @param secret the key: its UTF-8 bytes, at least 32 of them (for example {@code openssl rand
   *     -base64 48}); keep it out of the database and out of source control
   */
  public record Key(String id, String secret) {

    /** Shows the id only. */
    @Override
    public String toString() {
      return "Key[id=" + id + ", secret=******]";
    }
  }

  /**
   * The last-used write-behind.
   *
   * @param flushInterval how often last-used times are written, at most one write per token per
   *     interval; between 10 ms and 1 h
   */
  public record LastUsed(@DefaultValue("30s") Duration flushInterval) {}

  /**
   * The admin API servlet.
   *
   * @param path where it is mounted; every path beneath is behind the host's sign-in
   * @param enabled whether to mount it; when unset, it is mounted when an {@code ActorResolver}
   *     bean exists
   */
  public record Admin(@DefaultValue("/admin/api") String path, Boolean enabled) {}

  /**
   * The JDBC store.
   *
   * @param initializeSchema whether to create or migrate Tokenry's tables at start-up
   * @param tablePrefix the prefix of Tokenry's tables; Flyway migrations apply to the default
   *     {@code tokenry_} only (another prefix creates the tables without Flyway)
   */
  public record Jdbc(
      @DefaultValue("true") boolean initializeSchema,
      @DefaultValue("tokenry_") String tablePrefix) {}

  /**
   * The bearer filter's failed-attempt throttle, ignored when the application has an {@code
   * AttemptThrottle} bean.
   *
   * @param maxFailuresPerMinute failed verifications (a bad, expired or revoked token) allowed per
   *     client address and minute before that address is answered 429 with {@code Retry-After},
   *     without store access; IPv6 addresses count by /64; 0 turns throttling off
   */
  public record Throttle(
      @DefaultValue("" + TokenAuthenticationFilter.DEFAULT_MAX_FAILURES_PER_MINUTE)
          int maxFailuresPerMinute) {

    /**
     * Binds and checks the limit.
     *
     * @param maxFailuresPerMinute 0 (off) to 1,000,000
     */
    public Throttle {
      if (maxFailuresPerMinute < 0 || maxFailuresPerMinute > 1_000_000) {
        throw new IllegalArgumentException(
            "tokenry.throttle.max-failures-per-minute must be 0 (off) to 1000000, was "
                + maxFailuresPerMinute);
      }
    }
  }
}

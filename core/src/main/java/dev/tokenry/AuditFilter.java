package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.AuditAction;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link Tokenry#audit} lists: filters on token, actor, action and time, and the page.
 *
 * <pre>{@code
 * AuditPage page = tokenry.audit(actor, AuditFilter.builder().tokenId(id).limit(50).build());
 * }</pre>
 */
public final class AuditFilter {

  /** The page size unless set. */
  public static final int DEFAULT_LIMIT = 50;

  /** The largest page size. */
  public static final int MAX_LIMIT = 100;

  private final Optional<String> tokenId;
  private final Optional<String> actorUserId;
  private final Optional<AuditAction> action;
  private final Optional<Instant> from;
  private final Optional<Instant> until;
  private final int limit;
  private final Optional<String> cursor;

  private AuditFilter(Builder builder) {
    this.tokenId = Optional.ofNullable(builder.tokenId);
    this.actorUserId = Optional.ofNullable(builder.actorUserId);
    this.action = Optional.ofNullable(builder.action);
    this.from = Optional.ofNullable(builder.from);
    this.until = Optional.ofNullable(builder.until);
    this.limit = builder.limit;
    this.cursor = Optional.ofNullable(builder.cursor);
  }

  /**
   * Starts a filter that keeps everything, newest first, {@value #DEFAULT_LIMIT} per page.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the token filter.
   *
   * @return only records about this token id
   */
  public Optional<String> tokenId() {
    return tokenId;
  }

  /**
   * Returns the actor filter.
   *
   * @return only records of this user id
   */
  public Optional<String> actorUserId() {
    return actorUserId;
  }

  /**
   * Returns the action filter.
   *
   * @return only records of this action
   */
  public Optional<AuditAction> action() {
    return action;
  }

  /**
   * Returns the start of the time range.
   *
   * @return only records at or after this instant
   */
  public Optional<Instant> from() {
    return from;
  }

  /**
   * Returns the end of the time range.
   *
   * @return only records before this instant
   */
  public Optional<Instant> until() {
    return until;
  }

  /**
   * Returns the page size.
   *
   * @return 1 to {@value #MAX_LIMIT}
   */
  public int limit() {
    return limit;
  }

  /**
   * Returns the cursor of the page to read.
   *
   * @return a {@link AuditPage#nextCursor()} of the same filter, or empty for the first page
   */
  public Optional<String> cursor() {
    return cursor;
  }

  /** Builds an {@link AuditFilter}. Not thread-safe. */
  public static final class Builder {
    private String tokenId;
    private String actorUserId;
    private AuditAction action;
    private Instant from;
    private Instant until;
    private int limit = DEFAULT_LIMIT;
    private String cursor;

    private Builder() {}

    /**
     * Keeps only records about one token.
     *
     * @param tokenId the token id
     * @return this builder
     */
    public Builder tokenId(String tokenId) {
      this.tokenId = requireNonNull(tokenId, "tokenId must not be null");
      return this;
    }

    /**
     * Keeps only records of one actor.
     *
     * @param userId the actor's user id ({@code system} for the system actor and leak reports)
     * @return this builder
     */
    public Builder actorUserId(String userId) {
      this.actorUserId = requireNonNull(userId, "userId must not be null");
      return this;
    }

    /**
     * Keeps only records of one action.
     *
     * @param action the action
     * @return this builder
     */
    public Builder action(AuditAction action) {
      this.action = requireNonNull(action, "action must not be null");
      return this;
    }

    /**
     * Keeps only records at or after an instant.
     *
     * @param from the start, inclusive
     * @return this builder
     */
    public Builder from(Instant from) {
      this.from = requireNonNull(from, "from must not be null");
      return this;
    }

    /**
     * Keeps only records before an instant.
     *
     * @param until the end, exclusive
     * @return this builder
     */
    public Builder until(Instant until) {
      this.until = requireNonNull(until, "until must not be null");
      return this;
    }

    /**
     * Sets the page size.
     *
     * @param limit 1 to {@value #MAX_LIMIT}
     * @return this builder
     * @throws InvalidTokenRequestException naming {@code limit} if out of range
     */
    public Builder limit(int limit) {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new InvalidTokenRequestException(
            "limit", "limit must be a whole number between 1 and " + MAX_LIMIT);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Reads the page after a cursor from an earlier answer with the same filters.
     *
     * @param cursor the cursor
     * @return this builder
     */
    public Builder cursor(String cursor) {
      this.cursor = requireNonNull(cursor, "cursor must not be null");
      return this;
    }

    /**
     * Builds the filter.
     *
     * @return the filter
     */
    public AuditFilter build() {
      return new AuditFilter(this);
    }
  }
}

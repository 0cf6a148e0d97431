package dev.tokenry;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Which of the tokens an actor may see to list, and which page. Lists are newest first; pass the
 * {@link TokenPage#nextCursor()} of one page to get the next.
 *
 * <pre>{@code
 * TokenPage page = tokenry.list(alice, TokenFilter.builder().nameContains("deploy").limit(50).build());
 * }</pre>
 */
public final class TokenFilter {

  /** The page size used when none is given. */
  public static final int DEFAULT_LIMIT = 20;

  /** The largest page size allowed. */
  public static final int MAX_LIMIT = 100;

  private static final TokenFilter ALL = builder().build();

  private final TokenKind kind;
  private final String projectId;
  private final String nameContains;
  private final int limit;
  private final String cursor;

  private TokenFilter(Builder builder) {
    this.kind = builder.kind;
    this.projectId = builder.projectId;
    this.nameContains = builder.nameContains;
    this.limit = builder.limit;
    this.cursor = builder.cursor;
  }

  /**
   * Every token the actor may see, first page, default size.
   *
   * @return the filter
   */
  public static TokenFilter all() {
    return ALL;
  }

  /**
   * Starts a filter.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the kind to keep.
   *
   * @return the kind, empty for both
   */
  public Optional<TokenKind> kind() {
    return Optional.ofNullable(kind);
  }

  /**
   * Returns the project whose project-scoped tokens to keep.
   *
   * @return the project id, empty for any scope
   */
  public Optional<String> projectId() {
    return Optional.ofNullable(projectId);
  }

  /**
   * Returns the text names must contain, compared case-insensitively and literally.
   *
   * @return the text, empty for any name
   */
  public Optional<String> nameContains() {
    return Optional.ofNullable(nameContains);
  }

  /**
   * Returns the page size.
   *
   * @return between 1 and {@link #MAX_LIMIT}
   */
  public int limit() {
    return limit;
  }

  /**
   * Returns the cursor of the page to read.
   *
   * @return the opaque cursor, empty for the first page
   */
  public Optional<String> cursor() {
    return Optional.ofNullable(cursor);
  }

  /** Collects the fields of a {@link TokenFilter}. */
  public static final class Builder {

    private TokenKind kind;
    private String projectId;
    private String nameContains;
    private int limit = DEFAULT_LIMIT;
    private String cursor;

    private Builder() {}

    /**
     * Keeps only tokens of this kind.
     *
     * @param kind the kind
     * @return this builder
     */
    public Builder kind(TokenKind kind) {
      this.kind = requireNonNull(kind, "kind must not be null");
      return this;
    }

    /**
     * Keeps only tokens limited to this project.
     *
     * @param projectId the project id
     * @return this builder
     */
    public Builder projectId(String projectId) {
      this.projectId = requireNonNull(projectId, "projectId must not be null");
      return this;
    }

    /**
     * Keeps only tokens whose name contains this text, case-insensitively; {@code %} and {@code _}
     * are plain characters.
     *
     * @param text the text; blank means any name
     * @return this builder
     */
    public Builder nameContains(String text) {
      requireNonNull(text, "nameContains must not be null");
      this.nameContains = text.isBlank() ? null : text.strip();
      return this;
    }

    /**
     * Sets the page size.
     *
     * @param limit between 1 and {@link #MAX_LIMIT}
     * @return this builder
     * @throws InvalidTokenRequestException if out of range
     */
    public Builder limit(int limit) {
      if (limit < 1 || limit > MAX_LIMIT) {
        throw new InvalidTokenRequestException(
            "limit", "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
      }
      this.limit = limit;
      return this;
    }

    /**
     * Continues after the page that returned this cursor.
     *
     * @param cursor a {@link TokenPage#nextCursor()} value
     * @return this builder
     */
    public Builder cursor(String cursor) {
      this.cursor = requireNonNull(cursor, "cursor must not be null");
      return this;
    }

    /**
     * Returns the filter.
     *
     * @return an immutable filter
     */
    public TokenFilter build() {
      return new TokenFilter(this);
    }
  }
}

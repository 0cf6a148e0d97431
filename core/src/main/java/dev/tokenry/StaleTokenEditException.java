package dev.tokenry;

/**
 * A conditional edit ({@link Tokenry#update(Actor, String, TokenUpdate, long)}) named a version the
 * token no longer has: someone changed it since the caller read it, and nothing was changed. Unlike
 * a plain {@link TokenConflictException}, retrying blindly is wrong; the caller should read the
 * token again and let its user decide.
 */
public class StaleTokenEditException extends TokenConflictException {

  private static final long serialVersionUID = 1L;

  /** The version the caller read. */
  private final long expectedVersion;

  /** The version the token had when the edit was refused. */
  private final long currentVersion;

  /**
   * Creates the exception.
   *
   * @param tokenId the id of the token
   * @param expectedVersion the version the caller read
   * @param currentVersion the version the token has now
   */
  public StaleTokenEditException(String tokenId, long expectedVersion, long currentVersion) {
    super(
        "Token "
            + tokenId
            + " is at version "
            + currentVersion
            + ", not "
            + expectedVersion
            + ": it was changed since it was read; nothing was changed.",
        null);
    this.expectedVersion = expectedVersion;
    this.currentVersion = currentVersion;
  }

  /**
   * Returns the version the caller read and expected.
   *
   * @return the expected version
   */
  public long expectedVersion() {
    return expectedVersion;
  }

  /**
   * Returns the version the token had when the edit was refused.
   *
   * @return the current version
   */
  public long currentVersion() {
    return currentVersion;
  }
}

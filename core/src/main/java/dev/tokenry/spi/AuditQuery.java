package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@link AuditLog#list} returns: one organization's records, newest first by {@code (at DESC,
 * id DESC)}, those matching every given filter, at most {@code limit}, strictly after {@code
 * after}.
 *
 * @param organizationId the organization
 * @param tokenOwner only records about personal tokens of this user
 * @param tokenId only records about this token
 * @param actorUserId only records of this actor
 * @param action only records of this action
 * @param from only records at or after this instant
 * @param until only records before this instant
 * @param limit the page size, 1 to 100
 * @param after the position of the last record of the previous page ({@link PageCursor#createdAt}
 *     is the record's {@code at})
 */
public record AuditQuery(
    String organizationId,
    Optional<String> tokenOwner,
    Optional<String> tokenId,
    Optional<String> actorUserId,
    Optional<AuditAction> action,
    Optional<Instant> from,
    Optional<Instant> until,
    int limit,
    Optional<PageCursor> after) {

  /**
   * Checks the components.
   *
   * @param organizationId the organization
   * @param tokenOwner only records about personal tokens of this user
   * @param tokenId only records about this token
   * @param actorUserId only records of this actor
   * @param action only records of this action
   * @param from only records at or after this instant
   * @param until only records before this instant
   * @param limit the page size, 1 to 100
   * @param after the position of the last record of the previous page ({@link PageCursor#createdAt}
   *     is the record's {@code at})
   * @throws NullPointerException if a component is null
   * @throws IllegalArgumentException if the limit is out of range
   */
  public AuditQuery {
    requireNonNull(organizationId, "organizationId must not be null");
    requireNonNull(tokenOwner, "tokenOwner must not be null");
    requireNonNull(tokenId, "tokenId must not be null");
    requireNonNull(actorUserId, "actorUserId must not be null");
    requireNonNull(action, "action must not be null");
    requireNonNull(from, "from must not be null");
    requireNonNull(until, "until must not be null");
    requireNonNull(after, "after must not be null");
    if (limit < 1 || limit > 100) {
      throw new IllegalArgumentException("limit must be 1 to 100, was " + limit);
    }
  }

  /**
   * Whether a record matches the filters (not the organization's page position).
   *
   * @param record the record
   * @return true if every given filter holds, the organization included
   */
  public boolean matches(AuditRecord record) {
    return record.organizationId().equals(organizationId)
        && (tokenOwner.isEmpty() || tokenOwner.equals(record.tokenOwner()))
        && (tokenId.isEmpty() || tokenId.equals(record.tokenId()))
        && (actorUserId.isEmpty() || actorUserId.get().equals(record.actorUserId()))
        && (action.isEmpty() || action.get() == record.action())
        && (from.isEmpty() || !record.at().isBefore(from.get()))
        && (until.isEmpty() || record.at().isBefore(until.get()));
  }
}

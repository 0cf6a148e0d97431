package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import dev.tokenry.AuditOrigin;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * One entry of the audit trail: who did what to which token, when and from where. It never holds a
 * plaintext token or a hash: tokens appear as id and masked form only.
 *
 * @param id the record's id, 16 base62 characters, unique
 * @param at when it happened (UTC, milliseconds)
 * @param organizationId the organization it belongs to
 * @param action what happened
 * @param actorUserId who did it ({@code system} for the system actor and for leak reports)
 * @param tokenId the token concerned, when there is one
 * @param maskedToken the token's masked form, such as {@code tkr_4fJ9x0QmZp2LrT7a_…}
 * @param tokenOwner the owner of a personal token concerned (Members see these records)
 * @param fields the fields an edit changed, sorted; empty for other actions
 * @param source who reported a leak, such as {@code github:content}
 * @param url where a leak was found
 * @param reason why an action was refused
 * @param origin the client address and user agent of the request, when known
 */
public record AuditRecord(
    String id,
    Instant at,
    String organizationId,
    AuditAction action,
    String actorUserId,
    Optional<String> tokenId,
    Optional<String> maskedToken,
    Optional<String> tokenOwner,
    Set<String> fields,
    Optional<String> source,
    Optional<String> url,
    Optional<String> reason,
    AuditOrigin origin) {

  /**
   * Checks the components and copies the fields into a sorted, unmodifiable set.
   *
   * @param id the record's id, 16 base62 characters, unique
   * @param at when it happened (UTC, milliseconds)
   * @param organizationId the organization it belongs to
   * @param action what happened
   * @param actorUserId who did it ({@code system} for the system actor and for leak reports)
   * @param tokenId the token concerned, when there is one
   * @param maskedToken the token's masked form, such as {@code tkr_4fJ9x0QmZp2LrT7a_…}
   * @param tokenOwner the owner of a personal token concerned (Members see these records)
   * @param fields the fields an edit changed, sorted; empty for other actions
   * @param source who reported a leak, such as {@code github:content}
   * @param url where a leak was found
   * @param reason why an action was refused
   * @param origin the client address and user agent of the request, when known
   * @throws NullPointerException if a component is null
   */
  public AuditRecord {
    requireNonNull(id, "id must not be null");
    requireNonNull(at, "at must not be null");
    requireNonNull(organizationId, "organizationId must not be null");
    requireNonNull(action, "action must not be null");
    requireNonNull(actorUserId, "actorUserId must not be null");
    requireNonNull(tokenId, "tokenId must not be null");
    requireNonNull(maskedToken, "maskedToken must not be null");
    requireNonNull(tokenOwner, "tokenOwner must not be null");
    fields = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(fields));
    requireNonNull(source, "source must not be null");
    requireNonNull(url, "url must not be null");
    requireNonNull(reason, "reason must not be null");
    requireNonNull(origin, "origin must not be null");
  }
}

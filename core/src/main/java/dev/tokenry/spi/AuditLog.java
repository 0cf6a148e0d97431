package dev.tokenry.spi;

import java.time.Instant;

/**
 * Where the audit trail is kept: append-only, listed per organization, pruned by age. Tokenry
 * appends a record after every management action ({@link AuditAction}); nothing ever updates or
 * deletes one except {@link #deleteOlderThan}. The contract is {@code dev.tokenry.spi
 * .AuditLogContract} in core's test-jar; {@code InMemoryAuditLog} and {@code JdbcAuditLog} pass it.
 * Implementations are thread-safe.
 */
public interface AuditLog {

  /**
   * Adds a record.
   *
   * @param record the record; its id is new
   * @throws dev.tokenry.TokenStoreUnavailableException if the log cannot be written
   */
  void append(AuditRecord record);

  /**
   * Lists one page of an organization's records.
   *
   * @param query the organization, the filters and the page
   * @return the page, newest first
   * @throws dev.tokenry.TokenStoreUnavailableException if the log cannot be read
   */
  AuditRecordPage list(AuditQuery query);

  /**
   * Deletes every record older than an instant (retention by age).
   *
   * @param cutoff records with {@code at} before this are deleted
   * @return how many were deleted
   * @throws dev.tokenry.TokenStoreUnavailableException if the log cannot be written
   */
  int deleteOlderThan(Instant cutoff);
}

package dev.tokenry.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One page of audit records and the position after its last record, if more may follow.
 *
 * @param records the records, newest first
 * @param next where the next page starts, empty on the last page
 */
public record AuditRecordPage(List<AuditRecord> records, Optional<PageCursor> next) {

  /**
   * Copies the list.
   *
   * @param records the records, newest first
   * @param next where the next page starts, empty on the last page
   * @throws NullPointerException if a component is null
   */
  public AuditRecordPage {
    records = List.copyOf(records);
    requireNonNull(next, "next must not be null");
  }
}

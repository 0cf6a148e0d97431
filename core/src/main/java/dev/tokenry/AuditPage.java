package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.AuditRecord;
import java.util.List;
import java.util.Optional;

/**
 * One page of the audit trail, newest first.
 *
 * @param records the records
 * @param nextCursor the cursor of the next page, empty on the last one
 */
public record AuditPage(List<AuditRecord> records, Optional<String> nextCursor) {

  /**
   * Copies the list.
   *
   * @param records the records
   * @param nextCursor the cursor of the next page, empty on the last one
   * @throws NullPointerException if a component is null
   */
  public AuditPage {
    records = List.copyOf(records);
    requireNonNull(nextCursor, "nextCursor must not be null");
  }
}

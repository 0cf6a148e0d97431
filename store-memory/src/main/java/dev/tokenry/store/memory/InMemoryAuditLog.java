package dev.tokenry.store.memory;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditQuery;
import dev.tokenry.spi.AuditRecord;
import dev.tokenry.spi.AuditRecordPage;
import dev.tokenry.spi.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * An {@link AuditLog} in this process's memory, for tests and single-process apps: records are kept
 * newest first in a sorted set, so a page costs the records it skips over, not the whole log. Lost
 * on restart; {@link dev.tokenry.Tokenry#deleteAuditRecordsOlderThan} bounds it.
 *
 * <pre>{@code
 * Tokenry tokenry = Tokenry.builder()
 *     .store(new InMemoryTokenStore())
 *     .auditLog(new InMemoryAuditLog())
 *     .build();
 * }</pre>
 */
public final class InMemoryAuditLog implements AuditLog {

  private static final Comparator<AuditRecord> NEWEST_FIRST =
      Comparator.comparing(AuditRecord::at).thenComparing(AuditRecord::id).reversed();

  private final NavigableSet<AuditRecord> records = new ConcurrentSkipListSet<>(NEWEST_FIRST);

  /** Creates an empty log. */
  public InMemoryAuditLog() {}

  @Override
  public void append(AuditRecord record) {
    records.add(requireNonNull(record, "record must not be null"));
  }

  @Override
  public AuditRecordPage list(AuditQuery query) {
    requireNonNull(query, "query must not be null");
    Iterable<AuditRecord> from =
        query.after().isEmpty() ? records : records.tailSet(probe(query.after().get()), false);
    List<AuditRecord> page = new ArrayList<>(query.limit() + 1);
    for (AuditRecord record : from) {
      if (query.matches(record)) {
        page.add(record);
        if (page.size() > query.limit()) {
          break;
        }
      }
    }
    if (page.size() <= query.limit()) {
      return new AuditRecordPage(page, Optional.empty());
    }
    AuditRecord last = page.get(query.limit() - 1);
    return new AuditRecordPage(
        page.subList(0, query.limit()), Optional.of(new PageCursor(last.at(), last.id())));
  }

  @Override
  public int deleteOlderThan(Instant cutoff) {
    requireNonNull(cutoff, "cutoff must not be null");
    int deleted = 0;
    for (Iterator<AuditRecord> it = records.descendingIterator(); it.hasNext(); ) {
      if (!it.next().at().isBefore(cutoff)) {
        break;
      }
      it.remove();
      deleted++;
    }
    return deleted;
  }

  /** A record that sorts exactly where the cursor's position is. */
  private static AuditRecord probe(PageCursor cursor) {
    return new AuditRecord(
        cursor.id(),
        cursor.createdAt(),
        "",
        dev.tokenry.spi.AuditAction.ISSUED,
        "",
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        java.util.Set.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        dev.tokenry.AuditOrigin.UNKNOWN);
  }

  @Override
  public String toString() {
    return "InMemoryAuditLog[" + records.size() + " records]";
  }
}

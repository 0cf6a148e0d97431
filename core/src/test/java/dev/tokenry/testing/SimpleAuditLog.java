package dev.tokenry.testing;

import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditQuery;
import dev.tokenry.spi.AuditRecord;
import dev.tokenry.spi.AuditRecordPage;
import dev.tokenry.spi.PageCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Core's test audit log: a synchronized list, for core's own tests and its contract test. */
public final class SimpleAuditLog implements AuditLog {

  private static final Comparator<AuditRecord> NEWEST_FIRST =
      Comparator.comparing(AuditRecord::at).thenComparing(AuditRecord::id).reversed();

  private final List<AuditRecord> records = new ArrayList<>();

  @Override
  public synchronized void append(AuditRecord record) {
    records.add(record);
  }

  @Override
  public synchronized AuditRecordPage list(AuditQuery query) {
    List<AuditRecord> page =
        records.stream()
            .filter(query::matches)
            .filter(r -> query.after().map(after -> isAfter(r, after)).orElse(true))
            .sorted(NEWEST_FIRST)
            .limit(query.limit() + 1L)
            .toList();
    if (page.size() <= query.limit()) {
      return new AuditRecordPage(page, Optional.empty());
    }
    List<AuditRecord> kept = page.subList(0, query.limit());
    AuditRecord last = kept.get(kept.size() - 1);
    return new AuditRecordPage(kept, Optional.of(new PageCursor(last.at(), last.id())));
  }

  private static boolean isAfter(AuditRecord record, PageCursor after) {
    int byTime = record.at().compareTo(after.createdAt());
    return byTime < 0 || (byTime == 0 && record.id().compareTo(after.id()) < 0);
  }

  @Override
  public synchronized int deleteOlderThan(Instant cutoff) {
    int before = records.size();
    records.removeIf(r -> r.at().isBefore(cutoff));
    return before - records.size();
  }

  /**
   * Returns every record in the order appended.
   *
   * @return a copy
   */
  public synchronized List<AuditRecord> all() {
    return new ArrayList<>(records);
  }
}

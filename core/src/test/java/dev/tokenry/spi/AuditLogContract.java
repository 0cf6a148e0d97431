package dev.tokenry.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tokenry.AuditOrigin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link AuditLog} must have. A module extends this class in its tests and
 * supplies a fresh empty log from {@link #createLog()}:
 *
 * <pre>{@code
 * class MyAuditLogContractTest extends AuditLogContract {
 *   @Override
 *   protected AuditLog createLog() {
 *     return new MyAuditLog(freshEmptyDatabase());
 *   }
 * }
 * }</pre>
 *
 * <p>Ships in {@code tokenry-core}'s test-jar, beside {@link TokenStoreContract}.
 */
public abstract class AuditLogContract {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final AtomicInteger IDS = new AtomicInteger();

  /** The log under test, fresh for each test. */
  protected AuditLog log;

  /**
   * Returns a new, empty log.
   *
   * @return the log
   */
  protected abstract AuditLog createLog();

  @BeforeEach
  void freshLog() {
    log = createLog();
  }

  /** A record with a unique 16-character id, at T0 plus {@code seconds}. */
  protected static AuditRecord record(
      String org, AuditAction action, String actor, String tokenId, long seconds) {
    String id = String.format("r%015d", IDS.incrementAndGet());
    return new AuditRecord(
        id,
        T0.plusSeconds(seconds),
        org,
        action,
        actor,
        Optional.ofNullable(tokenId),
        Optional.ofNullable(tokenId).map(t -> "tkr_" + t + "_…"),
        Optional.empty(),
        Set.of(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        AuditOrigin.UNKNOWN);
  }

  private static AuditQuery query(String org) {
    return new AuditQuery(
        org,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        100,
        Optional.empty());
  }

  private List<AuditRecord> all(AuditQuery first) {
    List<AuditRecord> records = new ArrayList<>();
    AuditQuery query = first;
    while (true) {
      AuditRecordPage page = log.list(query);
      records.addAll(page.records());
      if (page.next().isEmpty()) {
        return records;
      }
      query =
          new AuditQuery(
              query.organizationId(),
              query.tokenOwner(),
              query.tokenId(),
              query.actorUserId(),
              query.action(),
              query.from(),
              query.until(),
              query.limit(),
              page.next());
    }
  }

  @Test
  void appendWhenEveryFieldSetThenListedBackEqual() {
    AuditRecord full =
        new AuditRecord(
            "abcdefghijklmnop",
            T0,
            "acme",
            AuditAction.EDITED,
            "alice",
            Optional.of("0123456789abcdef"),
            Optional.of("tkr_0123456789abcdef_…"),
            Optional.of("alice"),
            Set.of("name", "expiresAt"),
            Optional.of("github:content"),
            Optional.of("https://github.com/o/r/blob/1/.env"),
            Optional.of("you do not hold contracts:write"),
            AuditOrigin.of("2001:db8::1", "Mozilla/5.0 (X11; Linux) \"quoted\" ünïcode"));

    log.append(full);

    assertThat(log.list(query("acme")).records()).containsExactly(full);
  }

  @Test
  void listWhenSeveralOrganizationsThenOnlyTheAskedOneNewestFirst() {
    AuditRecord a1 = record("acme", AuditAction.ISSUED, "alice", "0123456789abcdef", 1);
    AuditRecord g1 = record("globex", AuditAction.ISSUED, "gina", "1123456789abcdef", 2);
    AuditRecord a2 = record("acme", AuditAction.REVOKED, "alice", "0123456789abcdef", 3);
    log.append(a1);
    log.append(g1);
    log.append(a2);

    assertThat(log.list(query("acme")).records()).containsExactly(a2, a1);
    assertThat(log.list(query("globex")).records()).containsExactly(g1);
    assertThat(log.list(query("initech")).records()).isEmpty();
  }

  @Test
  void listWhenFilteredThenEveryFilterApplies() {
    AuditRecord issued = record("acme", AuditAction.ISSUED, "alice", "0123456789abcdef", 1);
    AuditRecord edited = record("acme", AuditAction.EDITED, "adam", "0123456789abcdef", 2);
    AuditRecord other = record("acme", AuditAction.ISSUED, "adam", "2123456789abcdef", 3);
    AuditRecord personal =
        new AuditRecord(
            "p000000000000001",
            T0.plusSeconds(4),
            "acme",
            AuditAction.ISSUED,
            "mia",
            Optional.of("3123456789abcdef"),
            Optional.of("tkr_3123456789abcdef_…"),
            Optional.of("mia"),
            Set.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            AuditOrigin.UNKNOWN);
    List.of(issued, edited, other, personal).forEach(log::append);
    AuditQuery all = query("acme");

    assertThat(log.list(with(all, "token", "0123456789abcdef")).records())
        .containsExactly(edited, issued);
    assertThat(log.list(with(all, "actor", "adam")).records()).containsExactly(other, edited);
    assertThat(log.list(with(all, "action", "issued")).records())
        .containsExactly(personal, other, issued);
    assertThat(log.list(with(all, "owner", "mia")).records()).containsExactly(personal);
    assertThat(
            log.list(
                    new AuditQuery(
                        "acme",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(T0.plusSeconds(2)),
                        Optional.of(T0.plusSeconds(4)),
                        100,
                        Optional.empty()))
                .records())
        .as("from inclusive, until exclusive")
        .containsExactly(other, edited);
  }

  private static AuditQuery with(AuditQuery q, String filter, String value) {
    return new AuditQuery(
        q.organizationId(),
        filter.equals("owner") ? Optional.of(value) : q.tokenOwner(),
        filter.equals("token") ? Optional.of(value) : q.tokenId(),
        filter.equals("actor") ? Optional.of(value) : q.actorUserId(),
        filter.equals("action") ? Optional.of(AuditAction.fromWireName(value)) : q.action(),
        q.from(),
        q.until(),
        q.limit(),
        q.after());
  }

  @Test
  void listWhenPagedThenEveryRecordOnceInOrderEvenWithEqualInstants() {
    List<AuditRecord> appended = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      AuditRecord r = record("acme", AuditAction.ISSUED, "alice", null, i / 3);
      appended.add(r);
      log.append(r);
    }
    AuditQuery pages =
        new AuditQuery(
            "acme",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            4,
            Optional.empty());

    List<AuditRecord> read = all(pages);

    assertThat(read).hasSize(25).containsExactlyInAnyOrderElementsOf(appended);
    for (int i = 1; i < read.size(); i++) {
      AuditRecord before = read.get(i - 1);
      AuditRecord after = read.get(i);
      assertThat(
              before.at().isAfter(after.at())
                  || (before.at().equals(after.at()) && before.id().compareTo(after.id()) > 0))
          .as("newest first, then id descending")
          .isTrue();
    }
    assertThat(log.list(pages).records()).hasSize(4);
  }

  @Test
  void listWhenLastPageExactlyFullThenNoFurtherPageHoldsRecords() {
    for (int i = 0; i < 4; i++) {
      log.append(record("acme", AuditAction.ISSUED, "alice", null, i));
    }
    assertThat(all(query("acme"))).hasSize(4);
  }

  @Test
  void deleteOlderThanWhenCalledThenOnlyOlderRecordsGoInEveryOrganization() {
    AuditRecord old = record("acme", AuditAction.ISSUED, "alice", null, 0);
    AuditRecord oldOther = record("globex", AuditAction.ISSUED, "gina", null, 5);
    AuditRecord boundary = record("acme", AuditAction.ISSUED, "alice", null, 10);
    AuditRecord recent = record("acme", AuditAction.ISSUED, "alice", null, 20);
    List.of(old, oldOther, boundary, recent).forEach(log::append);

    int deleted = log.deleteOlderThan(T0.plusSeconds(10));

    assertThat(deleted).isEqualTo(2);
    assertThat(log.list(query("acme")).records()).containsExactly(recent, boundary);
    assertThat(log.list(query("globex")).records()).isEmpty();
  }
}

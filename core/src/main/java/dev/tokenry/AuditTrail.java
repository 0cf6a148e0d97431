package dev.tokenry;

import dev.tokenry.spi.AuditAction;
import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.AuditQuery;
import dev.tokenry.spi.AuditRecord;
import dev.tokenry.spi.AuditRecordPage;
import dev.tokenry.spi.PageCursor;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an audit record after each management action and lists them by the actor's rights. Without
 * a configured {@link AuditLog} it writes nothing and lists nothing.
 */
final class AuditTrail {

  private static final Logger LOG = LoggerFactory.getLogger(AuditTrail.class);

  private final Settings settings;
  private final AuditLog log;
  private final SecureRandom random = new SecureRandom();
  private final java.util.concurrent.atomic.AtomicLong sequence =
      new java.util.concurrent.atomic.AtomicLong();

  AuditTrail(Settings settings, AuditLog log) {
    this.settings = settings;
    this.log = log;
  }

  void record(Actor actor, AuditAction action, ApiToken token) {
    record(actor, action, token, Set.of(), Optional.empty());
  }

  void edited(Actor actor, ApiToken before, ApiToken after) {
    Set<String> fields = new TreeSet<>();
    if (!before.name().equals(after.name())) {
      fields.add("name");
    }
    if (!before.description().equals(after.description())) {
      fields.add("description");
    }
    if (before.type() != after.type()) {
      fields.add("type");
    }
    if (!before.permissions().equals(after.permissions())) {
      fields.add("permissions");
    }
    if (!before.expiresAt().equals(after.expiresAt())) {
      fields.add("expiresAt");
    }
    record(actor, AuditAction.EDITED, after, fields, Optional.empty());
  }

  void leaked(ApiToken token, String source, Optional<String> url) {
    append(
        new AuditRecord(
            newId(),
            settings.now(),
            token.organizationId(),
            AuditAction.LEAK_REVOKED,
            Actor.SYSTEM_USER_ID,
            Optional.of(token.id()),
            Optional.of(token.masked()),
            token.owner(),
            Set.of(),
            Optional.of(source),
            url,
            Optional.empty(),
            AuditOrigin.UNKNOWN));
  }

  /** An expiry notice this instance claimed and sent: a threshold reached, or zero once expired. */
  void expiryNotice(ApiToken token, Duration threshold) {
    record(
        Actor.system(token.organizationId()),
        AuditAction.EXPIRY_NOTICE_SENT,
        token,
        Set.of(),
        Optional.of(threshold.isZero() ? "expired" : "expires within " + inWords(threshold)));
  }

  private static String inWords(Duration threshold) {
    long days = threshold.toDays();
    if (threshold.equals(Duration.ofDays(days))) {
      return days == 1 ? "1 day" : days + " days";
    }
    return threshold.toString();
  }

  /** A token Tokenry deleted by itself (the inactivity sweep, or superseded-secret reuse). */
  void revokedAutomatically(ApiToken token, RevocationCause cause) {
    record(
        Actor.system(token.organizationId()),
        AuditAction.REVOKED,
        token,
        Set.of(),
        Optional.of("automatically: " + cause));
  }

  /** A refused action; the token when the refusal concerned one the actor could see. */
  void refused(Actor actor, AuditAction action, Optional<String> tokenId, String reason) {
    Optional<String> id = tokenId.filter(TokenFormat::isId);
    append(
        new AuditRecord(
            newId(),
            settings.now(),
            actor.organizationId(),
            action,
            actor.userId(),
            id,
            id.map(i -> settings.format().prefix() + "_" + i + "_…"),
            Optional.empty(),
            Set.of(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(reason.length() > 500 ? reason.substring(0, 500) : reason),
            actor.origin()));
  }

  private void record(
      Actor actor,
      AuditAction action,
      ApiToken token,
      Set<String> fields,
      Optional<String> reason) {
    append(
        new AuditRecord(
            newId(),
            settings.now(),
            token.organizationId(),
            action,
            actor.userId(),
            Optional.of(token.id()),
            Optional.of(token.masked()),
            token.owner(),
            fields,
            Optional.empty(),
            Optional.empty(),
            reason,
            actor.origin()));
  }

  private void append(AuditRecord record) {
    if (log == null) {
      return;
    }
    try {
      log.append(record);
    } catch (RuntimeException e) {
      // The action has happened (a token issued, a secret handed out): failing the call now would
      // hide that from the caller. The lost record is logged loudly instead.
      LOG.error(
          "Audit record lost: {} {} by {} in {}: {}",
          record.action().wireName(),
          record.maskedToken().orElse("-"),
          Printable.of(record.actorUserId()),
          Printable.of(record.organizationId()),
          e.toString());
    }
  }

  /**
   * A new record id that sorts after every id this process made before: 9 base62 digits of a
   * monotonic counter (the wall clock's microseconds, raised past the last value when the clock
   * stands still or steps back), then 7 random ones. Records of one millisecond thus list in the
   * order they happened, as far as one process can tell.
   */
  private String newId() {
    long now = settings.clock().millis() * 1000;
    long value = sequence.updateAndGet(last -> Math.max(last + 1, now));
    StringBuilder id = new StringBuilder(TokenFormat.ID_LENGTH);
    Base62.appendFixed(value, 9, id);
    Base62.appendRandom(random, TokenFormat.ID_LENGTH - 9, id);
    return id.toString();
  }

  AuditPage list(Actor actor, AuditFilter filter) {
    FieldChecks checks = new FieldChecks();
    filter
        .tokenId()
        .filter(id -> !TokenFormat.isId(id))
        .ifPresent(
            id -> checks.add("tokenId", "tokenId must be a token id of 16 letters and digits"));
    filter
        .actorUserId()
        .map(Identifiers::problem)
        .ifPresent(problem -> checks.add("actor", "actor " + problem));
    if (filter.from().isPresent()
        && filter.until().isPresent()
        && !filter.from().get().isBefore(filter.until().get())) {
      checks.add("until", "until must be after from");
    }
    checks.throwIfAny();
    Optional<String> owner =
        actor.system() || actor.role().managesOrganizationTokens()
            ? Optional.empty()
            : Optional.of(actor.userId());
    java.util.function.Function<Optional<PageCursor>, AuditQuery> page =
        after ->
            new AuditQuery(
                actor.organizationId(),
                owner,
                filter.tokenId(),
                filter.actorUserId(),
                filter.action(),
                filter.from(),
                filter.until(),
                filter.limit(),
                after);
    String list = listOf(page.apply(Optional.empty()));
    Optional<PageCursor> after = filter.cursor().map(c -> ListCursors.decode(c, list));
    if (log == null) {
      return new AuditPage(List.of(), Optional.empty());
    }
    AuditRecordPage records = log.list(page.apply(after));
    return new AuditPage(
        records.records(), records.next().map(next -> ListCursors.encode(next, list)));
  }

  int deleteOlderThan(Duration age) {
    if (log == null) {
      return 0;
    }
    Instant cutoff = settings.now().minus(age);
    return log.deleteOlderThan(cutoff);
  }

  /** The text binding a cursor to one audit list: everything of the query but its position. */
  private static String listOf(AuditQuery query) {
    return String.join(
        "\u0000",
        "audit",
        query.organizationId(),
        query.tokenOwner().orElse(""),
        query.tokenId().orElse(""),
        query.actorUserId().orElse(""),
        query.action().map(AuditAction::wireName).orElse(""),
        query.from().map(i -> Long.toString(i.toEpochMilli())).orElse(""),
        query.until().map(i -> Long.toString(i.toEpochMilli())).orElse(""));
  }
}

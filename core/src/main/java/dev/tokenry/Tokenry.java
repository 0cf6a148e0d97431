package dev.tokenry;

import static java.util.Objects.requireNonNull;

import dev.tokenry.spi.AuditAction;
import dev.tokenry.spi.AuditLog;
import dev.tokenry.spi.Project;
import dev.tokenry.spi.ProjectDirectory;
import dev.tokenry.spi.TokenEventListener;
import dev.tokenry.spi.TokenHasher;
import dev.tokenry.spi.TokenPolicies;
import dev.tokenry.spi.TokenStore;
import dev.tokenry.spi.UserPermissionResolver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: issues, verifies, lists, edits, regenerates and revokes API tokens. Build one
 * per application with {@link #builder()}; it is immutable and thread-safe. Close it on shutdown to
 * flush the last-used times it has not yet written.
 *
 * <pre>{@code
 * Tokenry tokenry = Tokenry.builder()
 *     .store(new InMemoryTokenStore())
 *     .userPermissions((org, user) -> directory.permissionsOf(org, user))
 *     .build();
 *
 * IssuedToken issued = tokenry.issue(Actor.user("alice", "acme", Role.OWNER),
 *     TokenRequest.builder().name("CI").expiresIn(ExpiryPreset.THIRTY_DAYS)
 *         .type(TokenType.READ_ONLY).build());
 * Optional<TokenPrincipal> caller = tokenry.verify(issued.plaintext());
 * }</pre>
 *
 * <p>Management methods take the acting {@link Actor} and apply the rules: Owners and Admins manage
 * their organization's tokens; every user manages only their own personal tokens; a token of
 * another organization, or another user's personal token, is not found; nobody grants a token
 * permissions they do not hold.
 */
public final class Tokenry implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Tokenry.class);

  private final Settings settings;
  private final LifecycleSweeps sweeps;
  private final ScheduledExecutorService noticeSchedule;
  private final LastUsedRecorder lastUsed;
  private final Verifier verifier;
  private final AccessRules access;
  private final TokenManagement management;
  private final LeakRevocation leaks;
  private final AuditTrail audit;

  private Tokenry(Builder builder) {
    List<TokenHasher> verifiers = new ArrayList<>();
    verifiers.add(builder.hasher);
    verifiers.addAll(builder.acceptedHashers);
    if (!verifiers.contains(Sha256Hasher.INSTANCE)) {
      verifiers.add(Sha256Hasher.INSTANCE);
    }
    this.settings =
        new Settings(
            new TokenFormat(builder.prefix),
            builder.store,
            builder.hasher,
            List.copyOf(verifiers),
            builder.clock,
            SafeEventListener.of(builder.events, builder.addedEvents),
            Optional.ofNullable(builder.userPermissions),
            Optional.ofNullable(builder.knownPermissions),
            Optional.ofNullable(builder.projects),
            builder.policies,
            builder.maxGracePeriod,
            Optional.ofNullable(builder.maxIdle),
            builder.noticeThresholds);
    this.lastUsed = new LastUsedRecorder(builder.store, builder.lastUsedFlushInterval);
    this.audit = new AuditTrail(settings, builder.auditLog);
    this.verifier = new Verifier(settings, lastUsed, audit);
    this.access = new AccessRules(settings);
    this.management = new TokenManagement(settings, access, audit);
    this.leaks = new LeakRevocation(settings, audit);
    this.sweeps = new LifecycleSweeps(settings, builder.lastUsedFlushInterval, audit);
    this.noticeSchedule =
        builder.noticeInterval == null ? null : startNoticeSchedule(builder.noticeInterval);
  }

  private ScheduledExecutorService startNoticeSchedule(Duration interval) {
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "tokenry-expiry-notices");
              thread.setDaemon(true);
              return thread;
            });
    long nanos = interval.toNanos();
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            sweeps.sendExpiryNotices();
          } catch (RuntimeException e) {
            LOG.warn("Could not send expiry notices; will retry at the next run: {}", e.toString());
          }
        },
        0,
        nanos,
        TimeUnit.NANOSECONDS);
    return scheduler;
  }

  /**
   * Starts a configuration. Only {@link Builder#store(TokenStore)} is required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the token prefix this instance issues and accepts.
   *
   * @return the prefix, such as {@code tkr}
   */
  public String prefix() {
    return settings.format().prefix();
  }

  /**
   * Returns the projects of the actor's organization, from the host's {@link ProjectDirectory}, for
   * showing names beside project-scoped tokens and offering scopes on a token page.
   *
   * @param actor who asks
   * @return the projects, empty when no directory is configured
   */
  public List<Project> projects(Actor actor) {
    requireNonNull(actor, "actor must not be null");
    return settings
        .projects()
        .map(directory -> List.copyOf(directory.projectsOf(actor.organizationId())))
        .orElse(List.of());
  }

  /**
   * Returns what the actor may put into an organization token: with {@code knownPermissions}, the
   * known permissions the actor holds now (as the host's {@code UserPermissionResolver} says);
   * without a catalogue, the patterns the actor holds. A token page offers these. Personal tokens
   * are not limited by it: they are cut to their owner's permissions at every request.
   *
   * @param actor who asks
   * @return the permissions, sorted; every known one (or {@code *}) for {@link Actor#system}, none
   *     when no resolver is configured or the host does not know the user
   */
  public SortedSet<String> grantablePermissions(Actor actor) {
    return access.grantable(actor);
  }

  /**
   * Returns the known permissions, if configured.
   *
   * @return the catalogue, empty when any well-formed permission is accepted
   */
  public Optional<Set<String>> knownPermissions() {
    return settings.knownPermissions();
  }

  /**
   * Tells whether a presented string has the shape of this instance's tokens: its prefix, the id
   * and secret lengths, and a matching checksum. It reads no store, so a host can tell Tokenry's
   * bearer tokens from other bearer credentials (such as JWTs) sent on the same header before
   * choosing who verifies them. A recognized string may still be unknown, expired or revoked.
   *
   * @param presented the credential a client sent; may be null
   * @return true if {@link #verify(String)} would look it up
   */
  public boolean recognizes(String presented) {
    return presented != null
        && presented.length() <= TokenFormat.MAX_PRESENTED_LENGTH
        && settings.format().parse(presented) != null;
  }

  /**
   * Verifies a presented token string (without the {@code Bearer} scheme). Every failure gives the
   * same empty answer; the reason goes to the event listener only.
   *
   * @param presented the token a client sent; may be null
   * @return the authenticated caller, or empty if the token is rejected for any reason
   * @throws TokenStoreUnavailableException if the store (or the host's permission resolver) cannot
   *     answer; never reported as a rejection
   */
  public Optional<TokenPrincipal> verify(String presented) {
    return verifier.verify(presented, null);
  }

  /**
   * Verifies a presented token like {@link #verify(String)} and, on success, records the client
   * address as the token's {@link ApiToken#lastUsedFrom()} (write-behind, with the last-used time;
   * no extra write). The servlet filter calls this with the address its {@code
   * ClientAddressResolver} read.
   *
   * @param presented the token a client sent; may be null
   * @param clientAddress the client's address, such as {@code 203.0.113.5}; null if unknown. An
   *     address over 64 characters or with spaces or non-ASCII characters is not recorded
   * @return the authenticated caller, or empty if the token is rejected for any reason
   * @throws TokenStoreUnavailableException if the store (or the host's permission resolver) cannot
   *     answer; never reported as a rejection
   */
  public Optional<TokenPrincipal> verify(String presented, String clientAddress) {
    return verifier.verify(presented, clientAddress);
  }

  /**
   * Issues a new token. The plaintext is in the returned {@link IssuedToken} and nowhere else.
   *
   * @param actor who issues it; a personal token is owned by this actor
   * @param request what to issue
   * @return the token's metadata and its plaintext, once
   * @throws InvalidTokenRequestException listing every invalid field
   * @throws TokenAccessDeniedException if a Member asks for an organization token, or the token
   *     would grant permissions the actor does not hold
   * @throws DuplicateTokenNameException if the name is taken
   */
  public IssuedToken issue(Actor actor, TokenRequest request) {
    try {
      return management.issue(actor, request);
    } catch (TokenAccessDeniedException e) {
      throw refused(actor, null, e);
    }
  }

  /**
   * Returns one token the actor may see.
   *
   * @param actor who asks
   * @param tokenId the token id
   * @return the token's metadata
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws TokenAccessDeniedException if a Member asks for an organization token
   */
  public ApiToken get(Actor actor, String tokenId) {
    return access.load(actor, tokenId).token();
  }

  /**
   * Lists the tokens the actor may see, newest first, one page. Owners and Admins see the
   * organization's tokens and their own personal tokens; Members see their own personal tokens.
   *
   * @param actor who asks
   * @param filter what to keep and which page
   * @return one page and the cursor of the next
   * @throws TokenAccessDeniedException if a Member asks for organization tokens
   * @throws InvalidTokenRequestException if the cursor or project id is malformed
   */
  public TokenPage list(Actor actor, TokenFilter filter) {
    return management.list(actor, filter);
  }

  /**
   * Edits a token's name, description, type and permissions, or expiry (counted from now). Fields
   * the update leaves empty keep their values. The secret is unchanged.
   *
   * @param actor who edits
   * @param tokenId the token id
   * @param update what to change
   * @return the token as it is now
   * @throws InvalidTokenRequestException listing every invalid field
   * @throws TokenAccessDeniedException if the actor may not manage it or would grant permissions
   *     they do not hold
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws DuplicateTokenNameException if the new name is taken
   * @throws TokenConflictException if concurrent edits kept the change from applying
   */
  public ApiToken update(Actor actor, String tokenId, TokenUpdate update) {
    try {
      return management.update(actor, tokenId, update, null);
    } catch (TokenAccessDeniedException e) {
      throw refused(actor, tokenId, e);
    }
  }

  /**
   * Edits a token only if it is still at the version the caller read ({@link ApiToken#version()}),
   * so an edit made from a stale form cannot undo someone else's newer one. It is never retried
   * past a version mismatch.
   *
   * <pre>{@code
   * ApiToken loaded = tokenry.get(actor, id);
   * // ... the user edits a form showing `loaded` ...
   * tokenry.update(actor, id, TokenUpdate.builder().name("deploy").build(), loaded.version());
   * }</pre>
   *
   * @param actor who edits
   * @param tokenId the token id
   * @param update what to change
   * @param expectedVersion the version the caller read; the edit applies only if it is current
   * @return the token as it is now
   * @throws StaleTokenEditException if the token is no longer at {@code expectedVersion}; nothing
   *     was changed
   * @throws InvalidTokenRequestException listing every invalid field
   * @throws TokenAccessDeniedException if the actor may not manage it or would grant permissions
   *     they do not hold
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws DuplicateTokenNameException if the new name is taken
   */
  public ApiToken update(Actor actor, String tokenId, TokenUpdate update, long expectedVersion) {
    try {
      return management.update(actor, tokenId, update, expectedVersion);
    } catch (TokenAccessDeniedException e) {
      throw refused(actor, tokenId, e);
    }
  }

  /**
   * Gives a token a new secret, keeping its id and metadata. The old secret stops working at once,
   * in every process sharing the store.
   *
   * @param actor who regenerates
   * @param tokenId the token id
   * @return the token and its new plaintext, once
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws TokenAccessDeniedException if the actor may not manage it
   */
  public IssuedToken regenerate(Actor actor, String tokenId) {
    return regenerate(actor, tokenId, Duration.ZERO);
  }

  /**
   * Gives a token a new secret and lets the old one keep working for a grace period, so that
   * clients can be moved to the new secret without an outage. {@link
   * ApiToken#previousSecretValidUntil()} shows until when; revoking the token ends both secrets at
   * once; a second regeneration replaces the superseded secret. After the grace period the old
   * secret is rejected like any bad secret and reported as {@link
   * dev.tokenry.spi.TokenEventListener#supersededSecretUsed} (the organization's {@link
   * TokenPolicy} may revoke the token then).
   *
   * <pre>{@code
   * IssuedToken rotated = tokenry.regenerate(actor, id, Duration.ofHours(1));
   * }</pre>
   *
   * @param actor who regenerates
   * @param tokenId the token id
   * @param gracePeriod how long the old secret keeps working; zero for not at all
   * @return the token and its new plaintext, once
   * @throws InvalidTokenRequestException on field {@code gracePeriod} if it is negative or longer
   *     than {@link Builder#maxGracePeriod(Duration)}
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws TokenAccessDeniedException if the actor may not manage it
   */
  public IssuedToken regenerate(Actor actor, String tokenId, Duration gracePeriod) {
    try {
      return management.regenerate(actor, tokenId, gracePeriod);
    } catch (TokenAccessDeniedException e) {
      throw refused(actor, tokenId, e);
    }
  }

  /**
   * Returns the longest grace period {@link #regenerate(Actor, String, Duration)} accepts.
   *
   * @return the maximum
   */
  public Duration maxGracePeriod() {
    return settings.maxGracePeriod();
  }

  /**
   * Returns the token policy of the actor's organization, for a page that offers only what it
   * allows.
   *
   * @param actor who asks
   * @return the policy, {@link TokenPolicy#UNRESTRICTED} when the host sets none
   */
  public TokenPolicy policy(Actor actor) {
    requireNonNull(actor, "actor must not be null");
    return settings.policyOf(actor.organizationId());
  }

  /**
   * Returns the latest expiry the actor's organization's policy allows for a token issued or edited
   * now, for the maximum of a date picker.
   *
   * @param actor who asks
   * @return the instant, empty when the policy sets no maximum lifetime
   */
  public Optional<Instant> latestExpiry(Actor actor) {
    return policy(actor).latestExpiry(settings.now());
  }

  /**
   * Sends the expiry notices due now: one {@link dev.tokenry.spi.TokenEventListener#expiringSoon}
   * per token and threshold, one {@link dev.tokenry.spi.TokenEventListener#expired} per token that
   * expired (within the last 7 days). Each notice is claimed atomically in the store first, so when
   * several instances share the store and all run this, every notice is still sent exactly once.
   * Call it from the host's scheduler (every few minutes to hourly), or let {@link
   * Builder#expiryNoticeSchedule(Duration)} run it.
   *
   * @return how many notices this call sent
   * @throws TokenStoreUnavailableException if the store cannot answer; notices not yet claimed are
   *     sent on the next run
   * @throws UnsupportedOperationException if the store does not support expiry notices
   */
  public int sendExpiryNotices() {
    return sweeps.sendExpiryNotices();
  }

  /**
   * Deletes every token unused for longer than {@link Builder#maxIdle(Duration)} (or never used and
   * created that long ago), telling the listener {@link
   * dev.tokenry.spi.TokenEventListener#revokedAutomatically} with {@link RevocationCause#INACTIVE}
   * for each. Such tokens are already rejected at verification; this removes them. Call it from the
   * host's scheduler.
   *
   * @return how many tokens were deleted
   * @throws IllegalStateException if no maximum idle time is configured
   * @throws TokenStoreUnavailableException if the store cannot answer
   * @throws UnsupportedOperationException if the store does not support the inactivity sweep
   */
  public int revokeInactive() {
    return sweeps.revokeInactive();
  }

  /**
   * Deletes a token now; it stops working on the next verification. Cannot be undone.
   *
   * @param actor who revokes
   * @param tokenId the token id
   * @throws TokenNotFoundException if there is no such token or the actor may not see it
   * @throws TokenAccessDeniedException if the actor may not manage it
   */
  public void revoke(Actor actor, String tokenId) {
    try {
      management.revoke(actor, tokenId);
    } catch (TokenAccessDeniedException e) {
      throw refused(actor, tokenId, e);
    }
  }

  /**
   * Deletes several tokens, all or nothing as far as permission goes: if any id is unknown or not
   * the actor's to delete, nothing is deleted and the exception names those ids.
   *
   * @param actor who revokes
   * @param tokenIds 1 to 100 token ids; repeats count once
   * @return how many tokens were deleted
   * @throws InvalidTokenRequestException if the list is empty or too long
   * @throws TokenNotFoundException naming the ids that are unknown or invisible to the actor
   * @throws TokenAccessDeniedException naming the ids the actor may not delete
   */
  public int revokeAll(Actor actor, Collection<String> tokenIds) {
    try {
      return management.revokeAll(actor, tokenIds);
    } catch (TokenAccessDeniedException e) {
      throw refused(actor, null, e);
    }
  }

  /** Records a refusal in the audit trail and hands the exception back to be thrown. */
  private TokenAccessDeniedException refused(
      Actor actor, String tokenId, TokenAccessDeniedException e) {
    audit.refused(
        actor, AuditAction.REFUSED_PERMISSION, Optional.ofNullable(tokenId), e.getMessage());
    return e;
  }

  /**
   * Lists the audit trail the actor may read, newest first, one page: Owners and Admins (and the
   * system actor) read their organization's records, Members the records about their own personal
   * tokens. Empty when no {@link Builder#auditLog audit log} is configured.
   *
   * @param actor who asks
   * @param filter filters and page
   * @return the page and the cursor of the next
   * @throws InvalidTokenRequestException naming {@code cursor}, {@code tokenId}, {@code actor} or
   *     {@code until} when malformed
   * @throws TokenStoreUnavailableException if the log cannot be read
   */
  public AuditPage audit(Actor actor, AuditFilter filter) {
    requireNonNull(actor, "actor must not be null");
    requireNonNull(filter, "filter must not be null");
    return audit.list(actor, filter);
  }

  /**
   * Deletes audit records older than an age (retention); call it from the host's scheduler.
   *
   * @param age records older than now minus this are deleted; at least one day
   * @return how many were deleted
   * @throws IllegalArgumentException if the age is under one day
   * @throws TokenStoreUnavailableException if the log cannot be written
   */
  public int deleteAuditRecordsOlderThan(Duration age) {
    requireNonNull(age, "age must not be null");
    if (age.compareTo(Duration.ofDays(1)) < 0) {
      throw new IllegalArgumentException("age must be at least 1 day, was " + age);
    }
    return audit.deleteOlderThan(age);
  }

  /**
   * Revokes a token reported as leaked, given its full plaintext: from a secret scanner's signed
   * report or a public revoke form. Only the whole token (id and secret) revokes; a token that is
   * malformed, unknown or has another secret changes nothing. The listener hears {@link
   * dev.tokenry.spi.TokenEventListener#leaked}. An expired token whose secret matches is revoked
   * too, since an edit could give it a new life.
   *
   * <pre>{@code
   * boolean wasLive = tokenry.revokeLeaked(found, "github:content", Optional.of(url));
   * }</pre>
   *
   * @param presented the reported token; may be null (then nothing happens)
   * @param source who reported it, 1 to 100 characters, such as {@code github:content}
   * @param url where it was found, if known (kept up to 2048 characters)
   * @return true if it was a stored token with this secret and is now deleted
   * @throws TokenStoreUnavailableException if the store cannot answer
   * @throws IllegalArgumentException if the source is empty or too long
   */
  public boolean revokeLeaked(String presented, String source, Optional<String> url) {
    return leaks.revoke(presented, source, url);
  }

  /**
   * Returns the exact instant a token issued now with this preset would expire, for the preview
   * under an expiry selector.
   *
   * @param preset the preset
   * @return the instant, or empty for {@link ExpiryPreset#NEVER}
   */
  public Optional<Instant> previewExpiry(ExpiryPreset preset) {
    requireNonNull(preset, "preset must not be null");
    return preset.expiresAt(settings.now());
  }

  /**
   * Returns the exact instant a token issued now with this preset would expire, if the actor's
   * organization's {@link TokenPolicy} offers the preset.
   *
   * @param actor who asks
   * @param preset the preset
   * @return the instant, or empty for {@link ExpiryPreset#NEVER}
   * @throws InvalidTokenRequestException on field {@code expiresIn} if the policy does not offer it
   */
  public Optional<Instant> previewExpiry(Actor actor, ExpiryPreset preset) {
    return management.previewExpiry(actor, preset);
  }

  /**
   * Writes pending last-used times now. The background flush does this every interval; call it in
   * tests or before a planned shutdown.
   *
   * @throws TokenStoreUnavailableException if the store cannot take the write; the times stay
   *     pending
   */
  public void flushLastUsed() {
    lastUsed.flush();
  }

  /**
   * Returns how many tokens have a last-used time not yet written to the store (the write-behind
   * backlog), for a gauge: it should drop to zero at every flush, and grows while the store refuses
   * writes.
   *
   * @return the number of tokens waiting for their last-used write
   */
  public int pendingLastUsedCount() {
    return lastUsed.pendingCount();
  }

  /** Stops the background flush and the notice schedule, and writes pending last-used times. */
  @Override
  public void close() {
    if (noticeSchedule != null) {
      noticeSchedule.shutdownNow();
      try {
        noticeSchedule.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    lastUsed.close();
  }

  @Override
  public String toString() {
    return "Tokenry[prefix="
        + prefix()
        + ", hasher="
        + settings.hasher().algorithm()
        + ", store="
        + settings.store().getClass().getSimpleName()
        + "]";
  }

  /**
   * Configures a {@link Tokenry}. Each value is checked the moment it is given; {@link #build()}
   * checks that a store was given. Not thread-safe.
   */
  public static final class Builder {

    private String prefix = "tkr";
    private TokenStore store;
    private TokenHasher hasher = Sha256Hasher.INSTANCE;
    private final List<TokenHasher> acceptedHashers = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private TokenEventListener events = new LoggingEventListener();
    private final List<TokenEventListener> addedEvents = new ArrayList<>();
    private UserPermissionResolver userPermissions;
    private ProjectDirectory projects;
    private Set<String> knownPermissions;
    private Duration lastUsedFlushInterval = Duration.ofSeconds(30);
    private TokenPolicies policies = organization -> TokenPolicy.UNRESTRICTED;
    private Duration maxGracePeriod = Duration.ofDays(7);
    private Duration maxIdle;
    private List<Duration> noticeThresholds =
        List.of(Duration.ofDays(30), Duration.ofDays(7), Duration.ofDays(1));
    private Duration noticeInterval;
    private AuditLog auditLog;

    private Builder() {}

    /**
     * Sets each organization's token policy (maximum lifetime, never-expiring tokens, offered
     * presets, revoking on superseded-secret use); default {@link TokenPolicy#UNRESTRICTED} for
     * all.
     *
     * @param policies the host's policies
     * @return this builder
     */
    public Builder policies(TokenPolicies policies) {
      this.policies = requireNonNull(policies, "policies must not be null");
      return this;
    }

    /**
     * Sets one token policy for every organization.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder policy(TokenPolicy policy) {
      requireNonNull(policy, "policy must not be null");
      return policies(organization -> policy);
    }

    /**
     * Sets the longest grace period a regeneration may give the old secret; default 7 days.
     *
     * @param max between zero (no grace periods) and 90 days
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxGracePeriod(Duration max) {
      requireNonNull(max, "max must not be null");
      if (max.isNegative() || max.compareTo(Duration.ofDays(90)) > 0) {
        throw new IllegalArgumentException(
            "maxGracePeriod must be between 0 and 90 days, was " + max);
      }
      this.maxGracePeriod = max;
      return this;
    }

    /**
     * Rejects tokens unused for longer than this (or never used and created that long ago), with
     * {@link RejectionReason#INACTIVE}; {@link Tokenry#revokeInactive()} deletes them. Off by
     * default. Last use is recorded write-behind, so it is known to within the flush interval.
     *
     * @param idle between 1 hour and 10 years
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder maxIdle(Duration idle) {
      requireNonNull(idle, "idle must not be null");
      if (idle.compareTo(Duration.ofHours(1)) < 0 || idle.compareTo(Duration.ofDays(3650)) > 0) {
        throw new IllegalArgumentException(
            "maxIdle must be between 1 hour and 10 years, was " + idle);
      }
      this.maxIdle = idle;
      return this;
    }

    /**
     * Sets how long before expiry the "expiring soon" notices go out; default 30, 7 and 1 days.
     *
     * @param thresholds 1 to 10 distinct durations between 1 minute and 365 days
     * @return this builder
     * @throws IllegalArgumentException if empty, repeated or out of range
     */
    public Builder expiryNoticeThresholds(Collection<Duration> thresholds) {
      requireNonNull(thresholds, "thresholds must not be null");
      TreeSet<Duration> sorted = new TreeSet<>(Collections.reverseOrder());
      for (Duration threshold : thresholds) {
        requireNonNull(threshold, "thresholds must not hold null");
        if (threshold.compareTo(Duration.ofMinutes(1)) < 0
            || threshold.compareTo(Duration.ofDays(365)) > 0) {
          throw new IllegalArgumentException(
              "expiry notice thresholds must be between 1 minute and 365 days, was " + threshold);
        }
        if (!sorted.add(threshold)) {
          throw new IllegalArgumentException("expiry notice threshold repeated: " + threshold);
        }
      }
      if (sorted.isEmpty() || sorted.size() > 10) {
        throw new IllegalArgumentException(
            "give 1 to 10 expiry notice thresholds, was " + sorted.size());
      }
      this.noticeThresholds = List.copyOf(sorted);
      return this;
    }

    /**
     * Runs {@link Tokenry#sendExpiryNotices()} on a daemon thread of this instance, first at build
     * and then every interval, until {@link Tokenry#close()}. Off by default (the host's scheduler
     * calls it instead). Safe on every instance at once: each notice is claimed once.
     *
     * @param interval between 10 milliseconds and 1 day
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder expiryNoticeSchedule(Duration interval) {
      requireNonNull(interval, "interval must not be null");
      if (interval.compareTo(Duration.ofMillis(10)) < 0
          || interval.compareTo(Duration.ofDays(1)) > 0) {
        throw new IllegalArgumentException(
            "expiryNoticeSchedule must be between 10ms and 1 day, was " + interval);
      }
      this.noticeInterval = interval;
      return this;
    }

    /**
     * Sets the token prefix: {@code [a-z][a-z0-9]{1,15}}, optionally with one {@code _}-joined part
     * such as {@code acme_live}. Default {@code tkr}. Tokens with another prefix are rejected.
     *
     * @param prefix the prefix
     * @return this builder
     * @throws IllegalArgumentException if the prefix is malformed
     */
    public Builder prefix(String prefix) {
      this.prefix = TokenFormat.requirePrefix(prefix);
      return this;
    }

    /**
     * Sets where tokens are stored. Required.
     *
     * @param store the store
     * @return this builder
     */
    public Builder store(TokenStore store) {
      this.store = requireNonNull(store, "store must not be null");
      return this;
    }

    /**
     * Sets the hasher for new hashes; default {@link TokenHashers#sha256()}. Existing hashes of
     * other kinds still verify when their hasher is accepted, and are upgraded on their next
     * successful verification.
     *
     * @param hasher the hasher
     * @return this builder
     */
    public Builder hasher(TokenHasher hasher) {
      this.hasher = requireNonNull(hasher, "hasher must not be null");
      return this;
    }

    /**
     * Accepts hashes made by another hasher too (for example Argon2 hashes while moving to HMAC).
     * {@code sha256} hashes are always accepted.
     *
     * @param hasher a hasher to verify with, never to hash with
     * @return this builder
     */
    public Builder acceptHashesOf(TokenHasher hasher) {
      acceptedHashers.add(requireNonNull(hasher, "hasher must not be null"));
      return this;
    }

    /**
     * Sets the clock all instants come from; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Sets the listener told of every issue, verification, rejection, edit, regenerate and revoke;
     * default: log through SLF4J on {@code dev.tokenry.events} with masked tokens.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder eventListener(TokenEventListener listener) {
      this.events = requireNonNull(listener, "listener must not be null");
      return this;
    }

    /**
     * Adds a listener beside the one {@link #eventListener(TokenEventListener)} sets (by default
     * the logging one), such as the meters of {@code tokenry-micrometer}. Listeners hear each event
     * in the order they were added, after that one; one that throws does not keep the others from
     * hearing it.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder addEventListener(TokenEventListener listener) {
      addedEvents.add(requireNonNull(listener, "listener must not be null"));
      return this;
    }

    /**
     * Sets how Tokenry learns what a user may do now. Required for personal tokens (without it they
     * never verify) and for users issuing or editing tokens.
     *
     * @param resolver the host's answer
     * @return this builder
     */
    public Builder userPermissions(UserPermissionResolver resolver) {
      this.userPermissions = requireNonNull(resolver, "resolver must not be null");
      return this;
    }

    /**
     * Sets where Tokenry learns an organization's projects. With it, a project scope must name a
     * project of the token's own organization (else {@code scope.projectId} is refused), and {@link
     * Tokenry#projects(Actor)} lists them; without it any well-formed project id is taken.
     *
     * @param directory the host's projects
     * @return this builder
     */
    public Builder projects(ProjectDirectory directory) {
      this.projects = requireNonNull(directory, "directory must not be null");
      return this;
    }

    /**
     * Sets the permissions the host application knows. Custom tokens may then hold only these (or
     * wildcards matching some of them), and whether a user holds what a wildcard grants is judged
     * over this list. Without it any well-formed permission is accepted.
     *
     * @param permissions concrete permissions such as {@code contracts:read}, no wildcards
     * @return this builder
     * @throws IllegalArgumentException if one is malformed or a wildcard
     */
    public Builder knownPermissions(Collection<String> permissions) {
      requireNonNull(permissions, "permissions must not be null");
      TreeSet<String> known = new TreeSet<>();
      for (String permission : permissions) {
        PermissionSet.of(requireNonNull(permission, "permissions must not hold null"));
        if (permission.contains("*")) {
          throw new IllegalArgumentException(
              "known permissions must be concrete, was '" + permission + "'");
        }
        known.add(permission);
      }
      if (known.isEmpty()) {
        throw new IllegalArgumentException("known permissions must not be empty");
      }
      // Sorted, so "you do not hold ..." names permissions in the same order on every run.
      this.knownPermissions = Collections.unmodifiableSortedSet(known);
      return this;
    }

    /**
     * Sets how often last-used times are written to the store (at most one write per token per
     * interval); default 30 seconds.
     *
     * @param interval between 10 milliseconds and 1 hour
     * @return this builder
     * @throws IllegalArgumentException if out of range
     */
    public Builder lastUsedFlushInterval(Duration interval) {
      requireNonNull(interval, "interval must not be null");
      if (interval.compareTo(Duration.ofMillis(10)) < 0
          || interval.compareTo(Duration.ofHours(1)) > 0) {
        throw new IllegalArgumentException(
            "lastUsedFlushInterval must be between 10ms and 1h, was " + interval);
      }
      this.lastUsedFlushInterval = interval;
      return this;
    }

    /**
     * Sets where the audit trail is written: one record per issue, edit (with the fields it
     * changed), regenerate, revoke, bulk revoke, leak revoke and permission refusal, with actor,
     * token id and masked token, time and {@linkplain Actor#from origin}. Without one, nothing is
     * recorded and {@link Tokenry#audit} lists nothing. A record that cannot be written is logged
     * at ERROR and never fails the action, which has already happened.
     *
     * @param log the log, such as {@code InMemoryAuditLog} or {@code JdbcAuditLog}
     * @return this builder
     */
    public Builder auditLog(AuditLog log) {
      this.auditLog = requireNonNull(log, "log must not be null");
      return this;
    }

    /**
     * Returns the configured instance, which starts the last-used flush thread.
     *
     * @return an immutable, thread-safe Tokenry
     * @throws IllegalStateException if no store was given
     */
    public Tokenry build() {
      if (store == null) {
        throw new IllegalStateException("store is required: call Tokenry.builder().store(...)");
      }
      return new Tokenry(this);
    }
  }
}

package dev.tokenry.micrometer;

import static java.util.Objects.requireNonNull;

import dev.tokenry.RejectionReason;
import dev.tokenry.TokenPrincipal;
import dev.tokenry.TokenStoreUnavailableException;
import dev.tokenry.Tokenry;
import dev.tokenry.spi.TokenEventListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Tokenry's meters on a Micrometer {@link MeterRegistry}: add it as an event listener, then hand it
 * the built {@link Tokenry} for the backlog gauge. Works in any host; the Spring Boot starter wires
 * it by itself when a registry exists.
 *
 * <pre>{@code
 * TokenryMetrics metrics = new TokenryMetrics(registry);
 * Tokenry tokenry = Tokenry.builder().store(store).addEventListener(metrics).build();
 * metrics.monitor(tokenry);
 * }</pre>
 *
 * <table>
 *   <caption>The meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #VERIFICATIONS}</td><td>counter</td>
 *       <td>{@code outcome} = {@code success}, {@code rejected}, {@code unavailable};
 *       {@code reason} = {@code malformed}, {@code unknown}, {@code expired}, {@code bad_secret},
 *       {@code owner_unknown} for rejections, {@code none} otherwise</td></tr>
 *   <tr><td>{@value #VERIFICATION_DURATION}</td><td>timer</td><td>none: every verification,
 *       whatever its outcome</td></tr>
 *   <tr><td>{@value #LAST_USED_PENDING}</td><td>gauge</td><td>none: tokens whose last-used time
 *       is not yet written</td></tr>
 * </table>
 *
 * <p>Tags hold only these fixed values: never a token id, user, organization or project, so that a
 * caller cannot grow the number of series and no meter names who did what.
 */
public final class TokenryMetrics implements TokenEventListener {

  /** The verification counter's name. */
  public static final String VERIFICATIONS = "tokenry.verifications";

  /** The verification timer's name. */
  public static final String VERIFICATION_DURATION = "tokenry.verification.duration";

  /** The last-used backlog gauge's name. */
  public static final String LAST_USED_PENDING = "tokenry.last.used.pending";

  private final MeterRegistry registry;
  private final Tags commonTags;
  private final Counter success;
  private final Counter unavailable;
  private final Counter[] rejected;
  private final Timer duration;

  /**
   * Registers the counters (at zero, so that dashboards and alerts see every series) and the timer.
   *
   * @param registry where the meters go
   */
  public TokenryMetrics(MeterRegistry registry) {
    this(registry, Tags.empty());
  }

  /**
   * Registers the meters with tags added to each, such as the name of one of several Tokenry
   * instances in one application.
   *
   * @param registry where the meters go
   * @param tags fixed tags for every meter; never put a token, user or organization here
   */
  public TokenryMetrics(MeterRegistry registry, Iterable<Tag> tags) {
    this.registry = requireNonNull(registry, "registry must not be null");
    this.commonTags = Tags.of(requireNonNull(tags, "tags must not be null"));
    this.success = counter("success", "none");
    this.unavailable = counter("unavailable", "none");
    RejectionReason[] reasons = RejectionReason.values();
    this.rejected = new Counter[reasons.length];
    for (RejectionReason reason : reasons) {
      rejected[reason.ordinal()] = counter("rejected", reason.name().toLowerCase(Locale.ROOT));
    }
    this.duration =
        Timer.builder(VERIFICATION_DURATION)
            .description("Time to verify a presented token, whatever the outcome")
            .tags(commonTags)
            .register(registry);
  }

  private Counter counter(String outcome, String reason) {
    return Counter.builder(VERIFICATIONS)
        .description("Presented tokens by outcome, and by reason for rejections")
        .tags(commonTags)
        .tag("outcome", outcome)
        .tag("reason", reason)
        .register(registry);
  }

  /**
   * Registers the gauge of the last-used backlog of a built instance. The gauge holds the instance
   * weakly, so it does not keep a closed one alive.
   *
   * @param tokenry the instance this listener was added to
   * @return this
   */
  public TokenryMetrics monitor(Tokenry tokenry) {
    requireNonNull(tokenry, "tokenry must not be null");
    Gauge.builder(LAST_USED_PENDING, tokenry, Tokenry::pendingLastUsedCount)
        .description("Tokens whose last-used time is waiting to be written to the store")
        .tags(commonTags)
        .strongReference(false)
        .register(registry);
    return this;
  }

  @Override
  public void verified(TokenPrincipal principal) {
    success.increment();
  }

  @Override
  public void rejected(RejectionReason reason, String maskedToken) {
    rejected[reason.ordinal()].increment();
  }

  @Override
  public void verificationUnavailable(TokenStoreUnavailableException cause) {
    unavailable.increment();
  }

  @Override
  public void verificationCompleted(long elapsedNanos) {
    duration.record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return "TokenryMetrics[" + registry.getClass().getSimpleName() + "]";
  }
}

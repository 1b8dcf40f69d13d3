package io.otelllm.core.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The longest an otel-llm span may stay open. A client library that never tells its handler how a
 * call ended (a stream cut mid-way, a hung server) would otherwise leave the span open for ever —
 * the enclosing agent turn exports without it, and the call shows up nowhere. Past the ceiling the
 * span ends as failed with {@code error.type} {@value DetectedFailure#SPAN_TIMEOUT}, which the
 * duration metric counts; the first one is logged as a warning.
 *
 * <p>Open spans are tracked in one set for the JVM, swept by one daemon thread; at most {@value
 * #MAX_TRACKED} are tracked at a time (more open at once are not bounded, and are counted), so the
 * tracking itself stays bounded.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class SpanCeiling {
  /** The default ceiling: longer than any LLM call or agent turn we have seen by far. */
  public static final Duration DEFAULT = Duration.ofMinutes(30);

  static final int MAX_TRACKED = 10_000;

  private static final Logger logger = Logger.getLogger("io.otelllm");
  private static final Set<InstrumentedOperation<?, ?>> OPEN = ConcurrentHashMap.newKeySet();
  private static final AtomicInteger tracked = new AtomicInteger();
  private static final AtomicLong untracked = new AtomicLong();
  private static final AtomicLong timedOut = new AtomicLong();
  private static final Object sweeperLock = new Object();
  private static @Nullable ScheduledExecutorService sweeper;
  private static @Nullable ScheduledFuture<?> sweeping;
  private static long sweepPeriodNanos = Long.MAX_VALUE;

  private final Duration ceiling;
  private final long ceilingNanos;

  private SpanCeiling(Duration ceiling) {
    this.ceiling = ceiling;
    this.ceilingNanos = ceiling.toNanos();
  }

  /** A ceiling of {@code ceiling} (positive). */
  public static SpanCeiling of(Duration ceiling) {
    if (ceiling.isNegative() || ceiling.isZero()) {
      throw new IllegalArgumentException("the span ceiling must be positive, was " + ceiling);
    }
    return new SpanCeiling(ceiling);
  }

  /** The ceiling. */
  public Duration duration() {
    return ceiling;
  }

  /** The deadline, on {@link System#nanoTime()}'s clock, of a span starting now. */
  long deadlineFromNow() {
    return System.nanoTime() + ceilingNanos;
  }

  /** Starts watching {@code operation}, if fewer than {@value #MAX_TRACKED} are watched. */
  void watch(InstrumentedOperation<?, ?> operation) {
    if (tracked.incrementAndGet() > MAX_TRACKED) {
      tracked.decrementAndGet();
      untracked.incrementAndGet();
      return;
    }
    OPEN.add(operation);
    ensureSweeping(
        Math.max(
            TimeUnit.MILLISECONDS.toNanos(10),
            Math.min(ceilingNanos / 10, TimeUnit.SECONDS.toNanos(1))));
  }

  /** Stops watching {@code operation}, which has ended (whether it was watched or not). */
  static void release(InstrumentedOperation<?, ?> operation) {
    if (OPEN.remove(operation)) {
      tracked.decrementAndGet();
    }
  }

  /** Spans ended by a ceiling since this JVM started. */
  static long timedOut() {
    return timedOut.get();
  }

  /** Spans that were open while {@value #MAX_TRACKED} others were, and so were not watched. */
  static long untracked() {
    return untracked.get();
  }

  private static void ensureSweeping(long periodNanos) {
    if (periodNanos >= sweepPeriodNanos) {
      return; // the common case, without the lock: already swept at least this often
    }
    synchronized (sweeperLock) {
      if (periodNanos >= sweepPeriodNanos) {
        return;
      }
      ScheduledExecutorService executor = sweeper;
      if (executor == null) {
        ScheduledThreadPoolExecutor created =
            new ScheduledThreadPoolExecutor(
                1,
                runnable -> {
                  Thread thread = new Thread(runnable, "otel-llm-span-ceiling");
                  thread.setDaemon(true);
                  return thread;
                });
        created.setRemoveOnCancelPolicy(true);
        sweeper = created;
        executor = created;
      }
      ScheduledFuture<?> previous = sweeping;
      if (previous != null) {
        previous.cancel(false);
      }
      sweeping =
          executor.scheduleWithFixedDelay(
              SpanCeiling::sweep, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
      sweepPeriodNanos = periodNanos;
    }
  }

  private static void sweep() {
    try {
      long now = System.nanoTime();
      for (InstrumentedOperation<?, ?> operation : OPEN) {
        if (now - operation.deadlineNanos() >= 0 && operation.endPastCeiling()) {
          long count = timedOut.incrementAndGet();
          logger.log(
              count == 1 ? Level.WARNING : Level.FINE,
              "otel-llm: "
                  + operation.what()
                  + " was still open after "
                  + operation.ceiling().duration()
                  + "; ended it as failed ("
                  + DetectedFailure.SPAN_TIMEOUT
                  + "). The client library never reported how that call ended.");
        }
      }
    } catch (Throwable t) {
      SafeLog.failure("ending spans past their ceiling", t);
    }
  }
}

package io.otelllm.core.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * The one lifecycle of every otel-llm span — LLM call, agent turn, tool execution: started by its
 * {@link Instrumenter} (or not, when it should not start), ended exactly once from whichever thread
 * gets there first, and never throwing into the caller. The span's attributes, status, exception
 * event and metrics all come from the {@link Instrumenter}; this class only decides whether and
 * when it is called.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 *
 * @param <REQUEST> what the instrumenter's extractors read at start and end
 * @param <RESPONSE> what they read at end
 */
public final class InstrumentedOperation<REQUEST, RESPONSE> {

  @SuppressWarnings("rawtypes")
  private static final AtomicIntegerFieldUpdater<InstrumentedOperation> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(InstrumentedOperation.class, "ended");

  private final @Nullable Instrumenter<REQUEST, RESPONSE> instrumenter;
  private final REQUEST request;
  private final Context context;
  private final String what;
  private final SpanCeiling ceiling;
  private final long deadlineNanos;
  private volatile int ended;

  private InstrumentedOperation(
      @Nullable Instrumenter<REQUEST, RESPONSE> instrumenter,
      REQUEST request,
      Context context,
      String what,
      SpanCeiling ceiling) {
    this.instrumenter = instrumenter;
    this.request = request;
    this.context = context;
    this.what = what;
    this.ceiling = ceiling;
    this.deadlineNanos = instrumenter == null ? 0 : ceiling.deadlineFromNow();
    this.ended = instrumenter == null ? 1 : 0;
  }

  /**
   * Starts {@code request}'s span under {@code parent}, to be ended at the latest when {@code
   * ceiling} has passed; {@code what} names it in the log if telemetry fails. Not started
   * (telemetry disabled — a {@code null} instrumenter —, not sampled, suppressed, or starting
   * failed), the operation records nothing and its context is {@code parent}. Never throws.
   */
  public static <REQUEST, RESPONSE> InstrumentedOperation<REQUEST, RESPONSE> start(
      @Nullable Instrumenter<REQUEST, RESPONSE> instrumenter,
      SpanCeiling ceiling,
      Context parent,
      REQUEST request,
      String what) {
    try {
      if (instrumenter != null && instrumenter.shouldStart(parent, request)) {
        InstrumentedOperation<REQUEST, RESPONSE> operation =
            new InstrumentedOperation<>(
                instrumenter, request, instrumenter.start(parent, request), what, ceiling);
        ceiling.watch(operation);
        return operation;
      }
    } catch (Throwable t) {
      SafeLog.failure("starting " + what, t);
    }
    return new InstrumentedOperation<>(null, request, parent, what, ceiling);
  }

  /** The span's context (the parent's, when nothing is recorded). */
  public Context context() {
    return context;
  }

  /** Whether the span was started and has not ended yet. */
  public boolean inFlight() {
    return ended == 0;
  }

  /** Whether a span was started at all. */
  public boolean started() {
    return instrumenter != null;
  }

  /**
   * Ends the span with {@code response} or {@code error}, if nobody ended it before: returns
   * whether this call did. Never throws.
   */
  public boolean end(@Nullable RESPONSE response, @Nullable Throwable error) {
    Instrumenter<REQUEST, RESPONSE> started = instrumenter;
    if (started == null || ended != 0 || !ENDED.compareAndSet(this, 0, 1)) {
      return false;
    }
    try {
      SpanCeiling.release(this);
      started.end(context, request, response, error);
    } catch (Throwable t) {
      SafeLog.failure("ending " + what, t);
    }
    return true;
  }

  /** Ends the span as timed out by its ceiling, unless it ended before; returns whether it did. */
  boolean endPastCeiling() {
    return end(null, DetectedFailure.spanTimeout(ceiling.duration()));
  }

  long deadlineNanos() {
    return deadlineNanos;
  }

  SpanCeiling ceiling() {
    return ceiling;
  }

  String what() {
    return what;
  }
}

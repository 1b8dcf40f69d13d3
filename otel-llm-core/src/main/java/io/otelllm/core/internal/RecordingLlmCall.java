package io.otelllm.core.internal;

import static io.otelllm.core.internal.Units.nanosToSeconds;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.core.spi.ServerTimings;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * One LLM call in flight, and the request object its {@link Instrumenter} works on: the request
 * facts plus what is learned while it runs (chunks, server, server timings). Its span's lifecycle
 * is the {@link InstrumentedOperation}'s, as for every otel-llm span; this class adds what only an
 * LLM call has, none of which throws.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class RecordingLlmCall implements LlmCall {

  /** What every call of one {@code LlmTelemetry} is configured with. */
  public record Settings(
      boolean captureThreadResources, long modelLoadEventThresholdNanos, SpanCeiling ceiling) {}

  private static final AtomicLongFieldUpdater<RecordingLlmCall> FIRST_CHUNK =
      AtomicLongFieldUpdater.newUpdater(RecordingLlmCall.class, "firstChunkNanos");

  private final Settings settings;
  private final LlmRequest request;
  private final @Nullable String label;
  private final ThreadResources.@Nullable Snapshot resourcesAtStart;
  private @Nullable InstrumentedOperation<RecordingLlmCall, LlmResponse> operation;

  private volatile long startNanos;
  private volatile long firstChunkNanos;
  private volatile long lastChunkNanos;
  private volatile long chunkCount;
  private @Nullable ChunkIntervals chunkIntervals; // from the second chunk on; see ChunkIntervals
  private volatile @Nullable String serverAddress;
  private volatile int serverPort;
  private volatile @Nullable ServerTimings serverTimings;
  private volatile int httpStatus;
  private volatile ThreadResources.@Nullable Usage resourceUsage;

  private RecordingLlmCall(Settings settings, LlmRequest request, @Nullable String label) {
    this.settings = settings;
    this.request = request;
    this.label = label;
    this.serverAddress = request.serverAddress();
    this.serverPort = request.serverPort() == null ? 0 : request.serverPort().intValue();
    this.resourcesAtStart =
        settings.captureThreadResources() && !request.stream() ? ThreadResources.snapshot() : null;
  }

  /**
   * Starts the span of {@code request} under {@code parent}, or returns {@code null} when nothing
   * is to be recorded (not sampled, or starting failed). Never throws.
   */
  public static @Nullable RecordingLlmCall start(
      Instrumenter<RecordingLlmCall, LlmResponse> instrumenter,
      Settings settings,
      Context parent,
      LlmRequest request,
      @Nullable String label) {
    RecordingLlmCall call;
    try {
      call = new RecordingLlmCall(settings, request, label);
    } catch (Throwable t) {
      SafeLog.failure("starting an LLM span", t);
      return null;
    }
    InstrumentedOperation<RecordingLlmCall, LlmResponse> operation =
        InstrumentedOperation.start(instrumenter, settings.ceiling(), parent, call, "an LLM span");
    if (!operation.started()) {
      return null;
    }
    call.operation = operation;
    // Timed from here, where the request is handed to the client: the span's start overhead
    // (extractors; class loading on a first call) is not the server's time to first chunk.
    call.startNanos = System.nanoTime();
    return call;
  }

  @Override
  public Context context() {
    InstrumentedOperation<RecordingLlmCall, LlmResponse> started = operation;
    return started == null ? Context.root() : started.context();
  }

  @Override
  public boolean isRecording() {
    return Span.fromContext(context()).isRecording();
  }

  /** Whether the call has started and not yet ended. */
  public boolean inFlight() {
    InstrumentedOperation<RecordingLlmCall, LlmResponse> started = operation;
    return started != null && started.inFlight();
  }

  @Override
  @SuppressWarnings("NonAtomicVolatileUpdate") // one writer: a stream's chunks arrive one at a time
  public void onChunk() {
    if (!inFlight()) {
      return; // a chunk racing a cancellation must not touch an ended span
    }
    long now = System.nanoTime();
    long previous = lastChunkNanos;
    // The first chunk records its event; later ones add their interval and two volatile writes.
    if (firstChunkNanos == 0 && FIRST_CHUNK.compareAndSet(this, 0, now)) {
      recordFirstChunk(now);
    } else if (previous != 0) {
      ChunkIntervals intervals = chunkIntervals;
      if (intervals == null) {
        intervals = new ChunkIntervals();
        chunkIntervals = intervals;
      }
      intervals.add(now - previous);
    }
    lastChunkNanos = now;
    chunkCount++; // chunks of one stream arrive in order on one thread at a time; publishes them
  }

  private void recordFirstChunk(long now) {
    try {
      Span.fromContext(context())
          .addEvent(
              OtelLlmAttributes.FIRST_TOKEN_EVENT,
              Attributes.of(
                  OtelLlmAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
                  nanosToSeconds(now - startNanos)));
    } catch (Throwable t) {
      SafeLog.failure("recording the first chunk", t);
    }
  }

  @Override
  public void setServer(String address, int port) {
    if (!address.isBlank()) {
      serverAddress = address;
      serverPort = port > 0 && port <= 65535 ? port : 0;
    }
  }

  @Override
  public void recordServerTimings(ServerTimings timings) {
    if (!inFlight()) {
      return;
    }
    serverTimings = timings;
    try {
      Long load = timings.loadNanos();
      if (load != null && load >= settings.modelLoadEventThresholdNanos()) {
        Span.fromContext(context())
            .addEvent(
                OtelLlmAttributes.MODEL_LOAD_EVENT,
                Attributes.of(OtelLlmAttributes.SERVER_LOAD_DURATION, nanosToSeconds(load)));
      }
    } catch (Throwable t) {
      SafeLog.failure("recording server timings", t);
    }
  }

  @Override
  public void recordHttpStatus(int statusCode) {
    if (statusCode >= 100 && statusCode <= 999) {
      httpStatus = statusCode;
    }
  }

  @Override
  public void end(LlmResponse response) {
    finish(response == null ? LlmResponse.empty() : response, null);
  }

  @Override
  public void fail(Throwable error) {
    fail(error, LlmResponse.empty());
  }

  @Override
  public void fail(Throwable error, LlmResponse partial) {
    // A caller without null checking may still pass null: the span is failed all the same.
    @SuppressWarnings("NullAway") // not null by contract; checked because callers may break it
    boolean missing = error == null;
    finish(partial, missing ? new UnknownLlmError() : error);
  }

  private void finish(LlmResponse response, @Nullable Throwable error) {
    InstrumentedOperation<RecordingLlmCall, LlmResponse> started = operation;
    if (started == null || !started.inFlight()) {
      return;
    }
    try {
      ThreadResources.Snapshot atStart = resourcesAtStart;
      if (atStart != null) {
        resourceUsage = atStart.usageSince();
      }
    } catch (Throwable t) {
      SafeLog.failure("reading the thread's resources", t);
    }
    started.end(withServerCounts(response), error); // every span ends exactly once
  }

  /**
   * The response with the token counts the server reported filled in where the client library did
   * not pass them on (langchain4j-ollama before 1.18 drops an embedding's {@code
   * prompt_eval_count}). One place, so the span, the metrics and the turn's sums agree.
   */
  private LlmResponse withServerCounts(LlmResponse response) {
    ServerTimings timings = serverTimings;
    if (timings == null) {
      return response;
    }
    try {
      Long input = response.inputTokens() == null ? timings.promptEvalCount() : null;
      Long output = response.outputTokens() == null ? timings.evalCount() : null;
      if (input == null && output == null) {
        return response;
      }
      LlmResponse.Builder filled = response.toBuilder();
      if (input != null) {
        filled.setInputTokens(input);
      }
      if (output != null) {
        filled.setOutputTokens(output);
      }
      return filled.build();
    } catch (Throwable t) {
      SafeLog.failure("filling in the server's token counts", t);
      return response;
    }
  }

  // --- read by the extractors, at start and end ---

  /** The request facts. */
  public LlmRequest request() {
    return request;
  }

  /** The caller's label, as given (metrics bound it separately). */
  public @Nullable String label() {
    return label;
  }

  /** Nanoseconds from the request's dispatch to the first chunk, or -1 when no chunk arrived. */
  public long timeToFirstChunkNanos() {
    long first = firstChunkNanos;
    return first == 0 ? -1 : first - startNanos;
  }

  /** Mean nanoseconds between chunks after the first, or -1 with fewer than two chunks. */
  public double timePerOutputChunkNanos() {
    long count = chunkCount;
    long first = firstChunkNanos;
    return count < 2 || first == 0 ? -1 : (double) (lastChunkNanos - first) / (count - 1);
  }

  /** The intervals between chunks after the first, or {@code null} with fewer than two chunks. */
  @Nullable ChunkIntervals chunkIntervals() {
    return chunkCount < 2 ? null : chunkIntervals; // the volatile read publishes them
  }

  /** The chunks received so far. */
  public long chunkCount() {
    return chunkCount;
  }

  /** The server contacted, if known. */
  public @Nullable String serverAddress() {
    return serverAddress;
  }

  /** The server's port, or 0. */
  public int serverPort() {
    return serverPort;
  }

  /** What the server reported about its own work, if anything. */
  public @Nullable ServerTimings serverTimings() {
    return serverTimings;
  }

  /** The HTTP status of a failure, or 0. */
  public int httpStatus() {
    return httpStatus;
  }

  /** Stands in for a {@code null} passed to {@code fail}: the span still gets ERROR and a type. */
  static final class UnknownLlmError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownLlmError() {
      super("LLM call failed without an exception", null, false, false);
    }
  }

  /** The calling thread's resources spent (opt-in, synchronous calls). */
  public ThreadResources.@Nullable Usage resourceUsage() {
    return resourceUsage;
  }
}

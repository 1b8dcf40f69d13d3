package io.otelllm.core.internal;

import static io.otelllm.core.internal.Units.nanosToSeconds;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.LlmOperation;
import io.otelllm.core.LlmRequest;
import io.otelllm.core.LlmResponse;
import io.otelllm.core.OtelLlmAttributes;
import io.otelllm.core.ServerTimings;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * One LLM operation in flight, and the request object its {@link Instrumenter} works on: the
 * request facts plus what is learned while it runs (chunks, server, server timings). The span's
 * start, end, status, exception event and metrics all come from the {@link Instrumenter}; this
 * class only guarantees that it is ended exactly once and that nothing it does throws.
 */
public final class LlmCall implements LlmOperation {

  /** Where the call in flight sits in its span's context (read by transports and listeners). */
  public static final ContextKey<LlmCall> CONTEXT_KEY = ContextKey.named("otel-llm-call");

  /** The operation that records nothing. */
  public static final LlmOperation NOOP = new NoopLlmOperation(null);

  private static final AtomicLongFieldUpdater<LlmCall> FIRST_CHUNK =
      AtomicLongFieldUpdater.newUpdater(LlmCall.class, "firstChunkNanos");
  private static final AtomicIntegerFieldUpdater<LlmCall> ENDED =
      AtomicIntegerFieldUpdater.newUpdater(LlmCall.class, "ended");

  private final Instrumenter<LlmCall, LlmResponse> instrumenter;
  private final LlmCallSettings settings;
  private final LlmRequest request;
  private final String label;
  private final String metricLabel;
  private volatile long beginNanos;
  private final ThreadResources.Snapshot resourcesAtBegin;
  private Context context;

  private volatile int ended;
  private volatile long firstChunkNanos;
  private volatile long lastChunkNanos;
  private volatile long chunkCount;
  private volatile String serverAddress;
  private volatile int serverPort;
  private volatile ServerTimings serverTimings;
  private volatile int httpStatus;
  private volatile ThreadResources.Usage resourceUsage;
  private volatile LlmResponse response;
  private volatile Throwable error;

  private LlmCall(
      Instrumenter<LlmCall, LlmResponse> instrumenter,
      LlmCallSettings settings,
      LlmRequest request,
      String label) {
    this.instrumenter = instrumenter;
    this.settings = settings;
    this.request = request;
    this.label = label;
    this.metricLabel = settings.labels().forMetrics(label);
    this.serverAddress = request.serverAddress();
    this.serverPort = request.serverPort() == null ? 0 : request.serverPort();
    this.resourcesAtBegin =
        settings.captureThreadResources() && !request.stream() ? ThreadResources.snapshot() : null;
  }

  /** Starts the span of {@code request} under {@code parent}; never throws. */
  public static LlmOperation start(
      Instrumenter<LlmCall, LlmResponse> instrumenter,
      LlmCallSettings settings,
      Context parent,
      LlmRequest request,
      String label) {
    try {
      if (request == null || !instrumenter.shouldStart(parent, null)) {
        return new NoopLlmOperation(parent);
      }
      LlmCall call = new LlmCall(instrumenter, settings, request, label);
      call.context = instrumenter.start(parent, call);
      // Timed from here, where the request is handed to the client: the span's start overhead
      // (extractors; class loading on a first call) is not the server's time to first chunk.
      call.beginNanos = System.nanoTime();
      return call;
    } catch (Throwable t) {
      SafeLog.failure("starting an LLM span", t);
      return new NoopLlmOperation(parent);
    }
  }

  @Override
  public Context context() {
    return context;
  }

  @Override
  public boolean isRecording() {
    return Span.fromContext(context).isRecording();
  }

  @Override
  public void onChunk() {
    if (ended != 0) {
      return; // a chunk racing a cancellation must not touch an ended span
    }
    long now = System.nanoTime();
    // Only the first chunk does real work; later ones are two volatile writes.
    if (firstChunkNanos == 0 && FIRST_CHUNK.compareAndSet(this, 0, now)) {
      recordFirstChunk(now);
    }
    lastChunkNanos = now;
    chunkCount++; // chunks of one stream arrive in order on one thread at a time
  }

  private void recordFirstChunk(long now) {
    try {
      Span.fromContext(context)
          .addEvent(
              OtelLlmAttributes.FIRST_TOKEN_EVENT,
              Attributes.of(
                  GenAiKeys.RESPONSE_TIME_TO_FIRST_CHUNK, nanosToSeconds(now - beginNanos)));
    } catch (Throwable t) {
      SafeLog.failure("recording the first chunk", t);
    }
  }

  @Override
  public void setServer(String address, int port) {
    if (address != null && !address.isBlank()) {
      serverAddress = address;
      serverPort = port > 0 && port <= 65535 ? port : 0;
    }
  }

  @Override
  public void recordServerTimings(ServerTimings timings) {
    if (timings == null || ended != 0) {
      return;
    }
    serverTimings = timings;
    try {
      Long load = timings.loadNanos();
      if (load != null && load >= settings.modelLoadEventThresholdNanos()) {
        Span.fromContext(context)
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
    finish(response, null);
  }

  @Override
  public void fail(Throwable error) {
    fail(error, null);
  }

  @Override
  public void fail(Throwable error, LlmResponse partial) {
    finish(partial, error == null ? new UnknownLlmError() : error);
  }

  private void finish(LlmResponse response, Throwable error) {
    if (ended != 0 || !ENDED.compareAndSet(this, 0, 1)) {
      return; // every span ends exactly once, whichever thread gets here first
    }
    try {
      LlmResponse nonNull = response == null ? LlmResponse.empty() : response;
      this.response = nonNull;
      this.error = error;
      if (resourcesAtBegin != null) {
        resourceUsage = resourcesAtBegin.usageSince();
      }
      instrumenter.end(context, this, nonNull, error);
    } catch (Throwable t) {
      SafeLog.failure("ending an LLM span", t);
    }
  }

  // --- read by extractors and listeners, after finish() ---

  public LlmRequest request() {
    return request;
  }

  public String label() {
    return label;
  }

  public String metricLabel() {
    return metricLabel;
  }

  /** Nanoseconds from begin to the first chunk, or -1 when no chunk arrived. */
  public long timeToFirstChunkNanos() {
    long first = firstChunkNanos;
    return first == 0 ? -1 : first - beginNanos;
  }

  /** Mean nanoseconds between chunks after the first, or -1 with fewer than two chunks. */
  public double timePerOutputChunkNanos() {
    long count = chunkCount;
    long first = firstChunkNanos;
    return count < 2 || first == 0 ? -1 : (double) (lastChunkNanos - first) / (count - 1);
  }

  public long chunkCount() {
    return chunkCount;
  }

  public String serverAddress() {
    return serverAddress;
  }

  public int serverPort() {
    return serverPort;
  }

  public ServerTimings serverTimings() {
    return serverTimings;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public ThreadResources.Usage resourceUsage() {
    return resourceUsage;
  }

  public LlmResponse response() {
    return response;
  }

  public Throwable error() {
    return error;
  }

  /** Stands in for a {@code null} passed to {@code fail}: the span still gets ERROR and a type. */
  static final class UnknownLlmError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UnknownLlmError() {
      super("LLM operation failed without an exception", null, false, false);
    }
  }
}

package io.otelllm.core.internal;

import static io.otelllm.core.internal.Units.nanosToSeconds;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import static io.otelllm.core.internal.GenAiExtraAttributesExtractor.putIfNotNull;
import io.otelllm.core.LlmRequest;
import io.otelllm.core.LlmResponse;
import io.otelllm.core.OtelLlmAttributes;
import io.otelllm.core.ServerTimings;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The GenAI client and server metrics of one LLM operation, with the semconv bucket advice.
 *
 * <p>Modelled on the incubator's {@code GenAiClientMetrics}, which it replaces because that
 * listener's fixed attribute advice drops the caller label and it has no streaming or server
 * metrics. Every metric carries the same bounded attribute set — operation, provider, request and
 * response model, server address and port, label — plus {@code error.type} on the duration of a
 * failed call and {@code gen_ai.token.type} on token usage. Never messages, ids or prompts.
 */
public final class LlmClientMetrics implements OperationListener {

  static final List<Double> DURATION_BUCKETS =
      List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  static final List<Long> TOKEN_BUCKETS =
      List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);
  static final List<Double> SERVER_TTFT_BUCKETS =
      List.of(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
          10.0);
  static final List<Double> SERVER_TPOT_BUCKETS =
      List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);

  private final DoubleHistogram operationDuration;
  private final LongHistogram tokenUsage;
  private final DoubleHistogram timeToFirstChunk;
  private final DoubleHistogram timePerOutputChunk;
  private final DoubleHistogram serverTimeToFirstToken;
  private final DoubleHistogram serverTimePerOutputToken;
  private final DoubleHistogram serverRequestDuration;

  /** The attribute sets of one metric series: built once per key, not once per call. */
  private record SeriesKey(String operation, String provider, String requestModel, String responseModel,
      String serverAddress, int serverPort, String label) {}

  private record SeriesAttributes(Attributes common, Attributes input, Attributes output) {}

  // Keys are bounded by the label rule and the models in use; the cap guards against a client
  // that invents model names (past it, attributes are simply built per call).
  private static final int MAX_CACHED_SERIES = 1024;
  private final Map<SeriesKey, SeriesAttributes> series = new ConcurrentHashMap<>();

  public LlmClientMetrics(Meter meter) {
    operationDuration = seconds(meter, "gen_ai.client.operation.duration",
        "GenAI operation duration.", DURATION_BUCKETS);
    tokenUsage = meter.histogramBuilder("gen_ai.client.token.usage")
        .ofLongs()
        .setUnit("{token}")
        .setDescription("Number of input and output tokens used.")
        .setExplicitBucketBoundariesAdvice(TOKEN_BUCKETS)
        .build();
    timeToFirstChunk = seconds(meter, "gen_ai.client.operation.time_to_first_chunk",
        "Time from the request to the first streamed chunk.", DURATION_BUCKETS);
    timePerOutputChunk = seconds(meter, "gen_ai.client.operation.time_per_output_chunk",
        "Mean time between streamed chunks after the first, once per streamed operation.",
        DURATION_BUCKETS);
    serverTimeToFirstToken = seconds(meter, "gen_ai.server.time_to_first_token",
        "Server-reported time to first token (model load plus prompt evaluation).",
        SERVER_TTFT_BUCKETS);
    serverTimePerOutputToken = seconds(meter, "gen_ai.server.time_per_output_token",
        "Server-reported generation time per output token.", SERVER_TPOT_BUCKETS);
    serverRequestDuration = seconds(meter, "gen_ai.server.request.duration",
        "Server-reported request duration.", DURATION_BUCKETS);
  }

  private static DoubleHistogram seconds(
      Meter meter, String name, String description, List<Double> buckets) {
    return meter.histogramBuilder(name)
        .setUnit("s")
        .setDescription(description)
        .setExplicitBucketBoundariesAdvice(buckets)
        .build();
  }

  private static final ContextKey<Long> START_NANOS = ContextKey.named("otel-llm-metrics-start");

  @Override
  public Context onStart(Context context, Attributes startAttributes, long startNanos) {
    return context.with(START_NANOS, startNanos);
  }

  @Override
  public void onEnd(Context context, Attributes endAttributes, long endNanos) {
    LlmCall call = context.get(LlmCall.CONTEXT_KEY);
    Long startNanos = context.get(START_NANOS);
    if (call == null || startNanos == null) {
      return;
    }
    SeriesAttributes attributes = seriesAttributes(call);
    Attributes common = attributes.common();
    Throwable error = call.error();
    Attributes durationAttributes =
        error == null
            ? common
            : common.toBuilder().put(GenAiKeys.ERROR_TYPE, ErrorTypes.of(error)).build();
    operationDuration.record(
        nanosToSeconds(endNanos - startNanos), durationAttributes, context);

    LlmResponse response = call.response();
    if (response != null) {
      if (response.inputTokens() != null) {
        tokenUsage.record(response.inputTokens(), attributes.input(), context);
      }
      if (response.outputTokens() != null) {
        tokenUsage.record(response.outputTokens(), attributes.output(), context);
      }
    }
    if (call.request().stream()) {
      long ttft = call.timeToFirstChunkNanos();
      if (ttft >= 0) {
        timeToFirstChunk.record(nanosToSeconds(ttft), common, context);
      }
      double perChunk = call.timePerOutputChunkNanos();
      if (perChunk >= 0) {
        timePerOutputChunk.record(nanosToSeconds(perChunk), common, context);
      }
    }
    ServerTimings timings = call.serverTimings();
    if (timings != null && error == null) {
      Long serverTtft = timings.timeToFirstTokenNanos();
      if (serverTtft != null) {
        serverTimeToFirstToken.record(nanosToSeconds(serverTtft), common, context);
      }
      Double perToken = timings.timePerOutputTokenNanos();
      if (perToken != null) {
        serverTimePerOutputToken.record(nanosToSeconds(perToken), common, context);
      }
      if (timings.totalNanos() != null) {
        serverRequestDuration.record(nanosToSeconds(timings.totalNanos()), common, context);
      }
    }
  }

  private SeriesAttributes seriesAttributes(LlmCall call) {
    LlmRequest request = call.request();
    LlmResponse response = call.response();
    SeriesKey key = new SeriesKey(request.operationName(), request.providerName(), request.requestModel(),
        response == null ? null : response.responseModel(), call.serverAddress(), call.serverPort(),
        call.metricLabel());
    SeriesAttributes cached = series.get(key);
    if (cached != null) {
      return cached;
    }
    Attributes common = commonAttributes(call);
    SeriesAttributes built = new SeriesAttributes(common,
        common.toBuilder().put(GenAiKeys.TOKEN_TYPE, "input").build(),
        common.toBuilder().put(GenAiKeys.TOKEN_TYPE, "output").build());
    if (series.size() < MAX_CACHED_SERIES) {
      series.putIfAbsent(key, built);
    }
    return built;
  }

  private static Attributes commonAttributes(LlmCall call) {
    LlmRequest request = call.request();
    AttributesBuilder b = Attributes.builder();
    putIfNotNull(b, GenAiKeys.OPERATION_NAME, request.operationName());
    putIfNotNull(b, GenAiKeys.PROVIDER_NAME, request.providerName());
    putIfNotNull(b, GenAiKeys.REQUEST_MODEL, request.requestModel());
    LlmResponse response = call.response();
    if (response != null) {
      putIfNotNull(b, GenAiKeys.RESPONSE_MODEL, response.responseModel());
    }
    if (call.serverAddress() != null) {
      b.put(GenAiKeys.SERVER_ADDRESS, call.serverAddress());
      if (call.serverPort() > 0) {
        b.put(GenAiKeys.SERVER_PORT, (long) call.serverPort());
      }
    }
    putIfNotNull(b, OtelLlmAttributes.LABEL, call.metricLabel());
    return b.build();
  }
}

package io.otelllm.core.internal;

import static io.otelllm.core.internal.Units.nanosToSeconds;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import io.opentelemetry.instrumentation.api.instrumenter.OperationMetrics;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The GenAI client and server metrics of one LLM call, with the semconv bucket advice, computed
 * from the span's start and end attributes and the Instrumenter's own start and end times.
 *
 * <p>Modelled on the incubator's {@code GenAiClientMetrics} (and wired the same way, as {@link
 * OperationMetrics}), which it replaces because that listener's fixed attribute advice drops the
 * caller label and it has no streaming or server metrics. Every metric carries the same bounded
 * attribute set — operation, provider, request and response model, server address and port, label
 * (bounded by a {@link LabelPolicy}) — plus {@code error.type} on the duration of a failed call and
 * {@code gen_ai.token.type} on token usage. Never messages, ids or prompts.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class LlmClientMetrics implements OperationListener {

  static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  static final List<Long> TOKEN_BUCKETS =
      List.of(
          1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L, 1048576L, 4194304L,
          16777216L, 67108864L);
  static final List<Double> SERVER_TTFT_BUCKETS =
      List.of(
          0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
          10.0);
  static final List<Double> SERVER_TPOT_BUCKETS =
      List.of(0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5);

  private static final ContextKey<State> STATE = ContextKey.named("otel-llm-client-metrics-state");

  /** What the start of a call leaves for its end. */
  private record State(Attributes startAttributes, long startNanos) {}

  /** The attribute sets of one metric series: built once per series, not once per call. */
  private record SeriesKey(
      @Nullable String operation,
      @Nullable String provider,
      @Nullable String requestModel,
      @Nullable String responseModel,
      @Nullable String serverAddress,
      @Nullable Long serverPort,
      @Nullable String label) {}

  private record SeriesAttributes(Attributes common, Attributes input, Attributes output) {}

  // Keys are bounded by the label rule and the models in use; the cap guards against a client
  // that invents model names (past it, attributes are simply built per call).
  private static final int MAX_CACHED_SERIES = 1024;

  private final LabelPolicy labels;
  private final GenAiShape shape;
  private final Map<SeriesKey, SeriesAttributes> series = new ConcurrentHashMap<>();
  private final DoubleHistogram operationDuration;
  private final DoubleHistogram timeToFirstChunk;
  private final DoubleHistogram timePerOutputChunk;
  private final DoubleHistogram serverTimeToFirstToken;
  private final DoubleHistogram serverTimePerOutputToken;
  private final DoubleHistogram serverRequestDuration;
  private final DoubleHistogram serverQueueDuration;
  // v1.41: one token histogram, gen_ai.token.type input | output.
  private final @Nullable LongHistogram tokenUsage;
  // The newest shape: inference and embeddings durations apart from other operations', token
  // counters with gen_ai.token.modality, and per-operation token histograms.
  private final @Nullable Latest latest;

  private record Latest(
      DoubleHistogram inferenceDuration,
      DoubleHistogram embeddingsDuration,
      LongCounter inputTokens,
      LongCounter outputTokens,
      LongCounter cacheReadInputTokens,
      LongCounter cacheWriteInputTokens,
      LongCounter reasoningOutputTokens,
      LongHistogram operationInputTokens,
      LongHistogram operationOutputTokens,
      LongHistogram embeddingsInputTokens) {}

  static final AttributeKey<String> GEN_AI_TOKEN_MODALITY =
      AttributeKey.stringKey("gen_ai.token.modality");

  /**
   * The metrics, on the Instrumenter's meter, in {@code shape}; labels bounded by {@code labels}.
   */
  public static OperationMetrics get(LabelPolicy labels, GenAiShape shape) {
    return meter -> new LlmClientMetrics(meter, labels, shape);
  }

  private LlmClientMetrics(Meter meter, LabelPolicy labels, GenAiShape shape) {
    this.labels = labels;
    this.shape = shape;
    boolean newest = shape.latest();
    operationDuration =
        seconds(
            meter,
            "gen_ai.client.operation.duration",
            "GenAI operation duration.",
            DURATION_BUCKETS);
    timeToFirstChunk =
        seconds(
            meter,
            newest
                ? "gen_ai.client.inference.time_to_first_chunk"
                : "gen_ai.client.operation.time_to_first_chunk",
            "Time from the request to the first streamed chunk.",
            DURATION_BUCKETS);
    timePerOutputChunk =
        seconds(
            meter,
            newest
                ? "gen_ai.client.inference.time_per_output_chunk"
                : "gen_ai.client.operation.time_per_output_chunk",
            "Time between streamed chunks, recorded for each chunk after the first.",
            DURATION_BUCKETS);
    // The newest shape keeps gen_ai.server.* for model servers' own metrics: what the client
    // reads from the server's answer is otel-llm's there.
    String server = newest ? "otel_llm.server." : "gen_ai.server.";
    serverTimeToFirstToken =
        seconds(
            meter,
            server + "time_to_first_token",
            "Server-reported time to first token (model load plus prompt evaluation).",
            SERVER_TTFT_BUCKETS);
    serverTimePerOutputToken =
        seconds(
            meter,
            server + "time_per_output_token",
            "Server-reported generation time per output token.",
            SERVER_TPOT_BUCKETS);
    serverRequestDuration =
        seconds(
            meter,
            server + "request.duration",
            "Server-reported request duration.",
            DURATION_BUCKETS);
    // otel-llm's in both shapes: no convention has it.
    serverQueueDuration =
        seconds(
            meter,
            "otel_llm.server.queue_duration",
            "Time the request waited in the server for a slot of the loaded model.",
            DURATION_BUCKETS);
    if (newest) {
      tokenUsage = null;
      latest =
          new Latest(
              seconds(
                  meter,
                  "gen_ai.client.inference.duration",
                  "GenAI inference duration.",
                  DURATION_BUCKETS),
              seconds(
                  meter,
                  "gen_ai.client.embeddings.duration",
                  "GenAI embeddings duration.",
                  DURATION_BUCKETS),
              tokens(meter, "gen_ai.client.inference.usage.input_tokens"),
              tokens(meter, "gen_ai.client.inference.usage.output_tokens"),
              tokens(meter, "gen_ai.client.inference.usage.cache_read.input_tokens"),
              tokens(meter, "gen_ai.client.inference.usage.cache_write.input_tokens"),
              tokens(meter, "gen_ai.client.inference.usage.reasoning.output_tokens"),
              tokenHistogram(meter, "gen_ai.client.inference.operation.input_tokens"),
              tokenHistogram(meter, "gen_ai.client.inference.operation.output_tokens"),
              tokenHistogram(meter, "gen_ai.client.embeddings.operation.input_tokens"));
    } else {
      tokenUsage =
          counts(
              meter,
              "gen_ai.client.token.usage",
              "{token}",
              "Number of input and output tokens used.",
              TOKEN_BUCKETS);
      latest = null;
    }
  }

  private static LongCounter tokens(Meter meter, String name) {
    return meter.counterBuilder(name).setUnit("{token}").setDescription("Tokens used.").build();
  }

  private static LongHistogram tokenHistogram(Meter meter, String name) {
    return counts(meter, name, "{token}", "Tokens of one operation.", TOKEN_BUCKETS);
  }

  /** A histogram of whole counts (tokens, calls) with its unit and bucket advice. */
  static LongHistogram counts(
      Meter meter, String name, String unit, String description, List<Long> buckets) {
    return meter
        .histogramBuilder(name)
        .ofLongs()
        .setUnit(unit)
        .setDescription(description)
        .setExplicitBucketBoundariesAdvice(buckets)
        .build();
  }

  static DoubleHistogram seconds(
      Meter meter, String name, String description, List<Double> buckets) {
    return meter
        .histogramBuilder(name)
        .setUnit("s")
        .setDescription(description)
        .setExplicitBucketBoundariesAdvice(buckets)
        .build();
  }

  @Override
  public Context onStart(Context context, Attributes startAttributes, long startNanos) {
    return context.with(STATE, new State(startAttributes, startNanos));
  }

  @Override
  public void onEnd(Context context, Attributes endAttributes, long endNanos) {
    State state = context.get(STATE);
    if (state == null) {
      return;
    }
    Attributes start = state.startAttributes();
    SeriesAttributes attributes = seriesAttributes(start, endAttributes);
    Attributes common = attributes.common();
    String errorType = endAttributes.get(OtelLlmAttributes.ERROR_TYPE);
    String operation = start.get(OtelLlmAttributes.GEN_AI_OPERATION_NAME);
    durationOf(operation)
        .record(
            nanosToSeconds(endNanos - state.startNanos()),
            errorType == null
                ? common
                : common.toBuilder().put(OtelLlmAttributes.ERROR_TYPE, errorType).build(),
            context);

    Long input = endAttributes.get(OtelLlmAttributes.GEN_AI_USAGE_INPUT_TOKENS);
    Long output = endAttributes.get(OtelLlmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS);
    LongHistogram v141 = tokenUsage;
    Latest newest = latest;
    if (v141 != null) {
      if (input != null) {
        v141.record(input, attributes.input(), context);
      }
      if (output != null) {
        v141.record(output, attributes.output(), context);
      }
    } else if (newest != null) {
      recordLatestTokens(
          newest, operation, endAttributes, input, output, attributes, errorType, context);
    }
    recordIfPresent(
        timeToFirstChunk,
        endAttributes.get(OtelLlmAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK),
        common,
        context);
    // One value per chunk after the first, as semconv says (the span keeps the mean).
    if (context.get(LlmCallContextKey.KEY) instanceof RecordingLlmCall call) {
      ChunkIntervals intervals = call.chunkIntervals();
      if (intervals != null) {
        intervals.recordTo(timePerOutputChunk, common, context);
      }
    }
    if (errorType == null) {
      Double load = endAttributes.get(OtelLlmAttributes.SERVER_LOAD_DURATION);
      Double promptEval = endAttributes.get(OtelLlmAttributes.SERVER_PROMPT_EVAL_DURATION);
      if (load != null || promptEval != null) {
        serverTimeToFirstToken.record(
            (load == null ? 0 : load) + (promptEval == null ? 0 : promptEval), common, context);
      }
      Double rate = endAttributes.get(OtelLlmAttributes.SERVER_OUTPUT_TOKENS_PER_SECOND);
      if (rate != null && rate > 0) {
        serverTimePerOutputToken.record(1 / rate, common, context);
      }
      recordIfPresent(
          serverRequestDuration,
          endAttributes.get(OtelLlmAttributes.SERVER_TOTAL_DURATION),
          common,
          context);
      recordIfPresent(
          serverQueueDuration,
          endAttributes.get(OtelLlmAttributes.SERVER_QUEUE_DURATION),
          common,
          context);
    }
  }

  private DoubleHistogram durationOf(@Nullable String operation) {
    Latest newest = latest;
    if (newest == null || operation == null) {
      return operationDuration;
    }
    return switch (operation) {
      case "chat", "text_completion", "generate_content" -> newest.inferenceDuration();
      case "embeddings" -> newest.embeddingsDuration();
      default -> operationDuration;
    };
  }

  private static void recordLatestTokens(
      Latest newest,
      @Nullable String operation,
      Attributes end,
      @Nullable Long input,
      @Nullable Long output,
      SeriesAttributes attributes,
      @Nullable String errorType,
      Context context) {
    if ("embeddings".equals(operation)) {
      if (input != null) {
        newest.embeddingsInputTokens().record(input, attributes.common(), context);
      }
      return;
    }
    if (input == null && output == null && errorType != null) {
      // The newest shape: a failed call counts 0 tokens of modality "unknown".
      Attributes unknown =
          attributes.common().toBuilder().put(GEN_AI_TOKEN_MODALITY, "unknown").build();
      newest.inputTokens().add(0, unknown, context);
      newest.outputTokens().add(0, unknown, context);
      return;
    }
    // otel-llm's calls are text: the modality of everything it counts.
    Attributes text = attributes.input();
    if (input != null) {
      newest.inputTokens().add(input, text, context);
      newest.operationInputTokens().record(input, attributes.common(), context);
    }
    if (output != null) {
      newest.outputTokens().add(output, text, context);
      newest.operationOutputTokens().record(output, attributes.common(), context);
    }
    addIfPresent(
        newest.cacheReadInputTokens(),
        end.get(OtelLlmAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS),
        text,
        context);
    addIfPresent(
        newest.cacheWriteInputTokens(),
        end.get(GenAiExtraAttributesExtractor.GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS),
        text,
        context);
    addIfPresent(
        newest.reasoningOutputTokens(),
        end.get(OtelLlmAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS),
        text,
        context);
  }

  private static void addIfPresent(
      LongCounter counter, @Nullable Long value, Attributes attributes, Context context) {
    if (value != null) {
      counter.add(value, attributes, context);
    }
  }

  private static void recordIfPresent(
      DoubleHistogram histogram, @Nullable Double value, Attributes attributes, Context context) {
    if (value != null) {
      histogram.record(value, attributes, context);
    }
  }

  private SeriesAttributes seriesAttributes(Attributes start, Attributes end) {
    String serverAddress = either(start, end, OtelLlmAttributes.SERVER_ADDRESS);
    SeriesKey key =
        new SeriesKey(
            start.get(OtelLlmAttributes.GEN_AI_OPERATION_NAME),
            start.get(OtelLlmAttributes.GEN_AI_PROVIDER_NAME),
            start.get(OtelLlmAttributes.GEN_AI_REQUEST_MODEL),
            end.get(OtelLlmAttributes.GEN_AI_RESPONSE_MODEL),
            serverAddress,
            serverAddress == null ? null : either(start, end, OtelLlmAttributes.SERVER_PORT),
            labels.forMetrics(start.get(OtelLlmAttributes.LABEL)));
    SeriesAttributes cached = series.get(key);
    if (cached != null) {
      return cached;
    }
    AttributesBuilder b = Attributes.builder();
    putIfNotNull(b, OtelLlmAttributes.GEN_AI_OPERATION_NAME, key.operation());
    putIfNotNull(b, OtelLlmAttributes.GEN_AI_PROVIDER_NAME, key.provider());
    putIfNotNull(b, OtelLlmAttributes.GEN_AI_REQUEST_MODEL, key.requestModel());
    putIfNotNull(b, OtelLlmAttributes.GEN_AI_RESPONSE_MODEL, key.responseModel());
    putIfNotNull(b, OtelLlmAttributes.SERVER_ADDRESS, key.serverAddress());
    putIfNotNull(b, OtelLlmAttributes.SERVER_PORT, key.serverPort());
    putIfNotNull(b, OtelLlmAttributes.LABEL, key.label());
    Attributes common = b.build();
    SeriesAttributes built =
        shape.latest()
            ? new SeriesAttributes(
                common,
                common.toBuilder().put(GEN_AI_TOKEN_MODALITY, "text").build(),
                common.toBuilder().put(GEN_AI_TOKEN_MODALITY, "text").build())
            : new SeriesAttributes(
                common,
                common.toBuilder().put(OtelLlmAttributes.GEN_AI_TOKEN_TYPE, "input").build(),
                common.toBuilder().put(OtelLlmAttributes.GEN_AI_TOKEN_TYPE, "output").build());
    if (series.size() < MAX_CACHED_SERIES) {
      series.putIfAbsent(key, built);
    }
    return built;
  }

  private static <T> @Nullable T either(Attributes start, Attributes end, AttributeKey<T> key) {
    T value = start.get(key);
    return value != null ? value : end.get(key);
  }

  private static <T> void putIfNotNull(
      AttributesBuilder b, AttributeKey<T> key, @Nullable T value) {
    if (value != null) {
      b.put(key, value);
    }
  }
}

package io.otelllm.core;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.instrumentation.api.incubator.semconv.genai.GenAiAttributesExtractor;
import io.opentelemetry.instrumentation.api.incubator.semconv.genai.GenAiSpanNameExtractor;
import io.opentelemetry.instrumentation.api.incubator.semconv.genai.internal.GenAiExceptionEventExtractors;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.opentelemetry.instrumentation.api.instrumenter.InstrumenterBuilder;
import io.opentelemetry.instrumentation.api.instrumenter.SpanKindExtractor;
import io.otelllm.core.internal.AgentToolMetrics;
import io.otelllm.core.internal.AgentTurnAttributesExtractor;
import io.otelllm.core.internal.AgentTurnRollup;
import io.otelllm.core.internal.AgentTurnState;
import io.otelllm.core.internal.AgentTurnToolRollup;
import io.otelllm.core.internal.ContentAttributesExtractor;
import io.otelllm.core.internal.ContentPolicy;
import io.otelllm.core.internal.GenAiExtraAttributesExtractor;
import io.otelllm.core.internal.GenAiShape;
import io.otelllm.core.internal.LabelPolicy;
import io.otelllm.core.internal.LlmCallAttributesGetter;
import io.otelllm.core.internal.LlmCallContextKey;
import io.otelllm.core.internal.LlmClientMetrics;
import io.otelllm.core.internal.OpenTelemetryClassPath;
import io.otelllm.core.internal.OtelLlmAttributesExtractor;
import io.otelllm.core.internal.RecordingLlmCall;
import io.otelllm.core.internal.SpanCeiling;
import io.otelllm.core.internal.ToolExecutionAttributesExtractor;
import io.otelllm.core.internal.ToolExecutionState;
import io.otelllm.core.internal.Version;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.LlmResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Configures {@link LlmTelemetry}. The only place where its instrumenters are assembled.
 *
 * <p>Content capture defaults to the standard switch: the system property {@value
 * #CAPTURE_CONTENT_PROPERTY} or the environment variable {@value #CAPTURE_CONTENT_ENV} set to
 * {@code true}; {@link #setCaptureMessageContent(boolean)} overrides both.
 */
public final class LlmTelemetryBuilder {

  /** The system property that turns content capture on ({@code true}) by default. */
  public static final String CAPTURE_CONTENT_PROPERTY =
      "otel.instrumentation.genai.capture-message-content";

  /** The environment variable that turns content capture on ({@code true}) by default. */
  public static final String CAPTURE_CONTENT_ENV =
      "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

  static final int DEFAULT_MAX_CONTENT_LENGTH = 8192;
  static final int DEFAULT_MAX_DISTINCT_LABELS = 64;
  static final Duration DEFAULT_MODEL_LOAD_EVENT_THRESHOLD = Duration.ofMillis(100);
  static final String MAX_SPAN_DURATION_PROPERTY = "otel.llm.max-span-duration";
  static final String MAX_SPAN_DURATION_ENV = "OTEL_LLM_MAX_SPAN_DURATION";

  private final OpenTelemetry openTelemetry;
  private final Function<String, @Nullable String> properties;
  private final Function<String, @Nullable String> environment;
  private @Nullable Boolean captureMessageContent;
  private int maxContentLength = DEFAULT_MAX_CONTENT_LENGTH;
  private ContentRedactor redactor = ContentRedactor.NONE;
  private boolean captureThreadResources;
  private int maxDistinctLabels = DEFAULT_MAX_DISTINCT_LABELS;
  private Duration modelLoadEventThreshold = DEFAULT_MODEL_LOAD_EVENT_THRESHOLD;
  private @Nullable Duration maxSpanDuration;

  LlmTelemetryBuilder(OpenTelemetry openTelemetry) {
    this(openTelemetry, System::getProperty, System::getenv);
  }

  // For tests: the property and environment lookups are injectable.
  LlmTelemetryBuilder(
      OpenTelemetry openTelemetry,
      Function<String, @Nullable String> properties,
      Function<String, @Nullable String> environment) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    this.properties = properties;
    this.environment = environment;
  }

  /** Records prompts and completions (off by default). Overrides the property and variable. */
  public LlmTelemetryBuilder setCaptureMessageContent(boolean captureMessageContent) {
    this.captureMessageContent = captureMessageContent;
    return this;
  }

  /** Maximum length, in characters, of each captured content attribute (default 8192). */
  public LlmTelemetryBuilder setMaxContentLength(int maxContentLength) {
    this.maxContentLength = maxContentLength;
    return this;
  }

  /** Rewrites captured content before it is recorded (default: none). */
  public LlmTelemetryBuilder setContentRedactor(ContentRedactor redactor) {
    this.redactor = Objects.requireNonNull(redactor, "contentRedactor (use ContentRedactor.NONE)");
    return this;
  }

  /**
   * Records the calling thread's CPU time and allocated bytes for synchronous calls (off by
   * default).
   */
  public LlmTelemetryBuilder setCaptureThreadResources(boolean captureThreadResources) {
    this.captureThreadResources = captureThreadResources;
    return this;
  }

  /** How many distinct caller labels metrics keep before recording {@code _OTHER} (default 64). */
  public LlmTelemetryBuilder setMaxDistinctLabels(int maxDistinctLabels) {
    this.maxDistinctLabels = maxDistinctLabels;
    return this;
  }

  /**
   * The server-reported load time from which a model-load (cold start) event is added (default 100
   * ms).
   */
  public LlmTelemetryBuilder setModelLoadEventThreshold(Duration threshold) {
    this.modelLoadEventThreshold = Objects.requireNonNull(threshold, "modelLoadEventThreshold");
    return this;
  }

  /**
   * The longest any otel-llm span may stay open (default 30 minutes; also {@code
   * otel.llm.max-span-duration} / {@code OTEL_LLM_MAX_SPAN_DURATION}, e.g. {@code 90s}, {@code
   * 45m}, {@code 2h}). A span still open then — its call hung, or the client library never said how
   * it ended — is ended as failed with {@code error.type} {@code otel_llm.span_timeout}, and
   * counted like any failed call.
   */
  public LlmTelemetryBuilder setMaxSpanDuration(Duration maxSpanDuration) {
    this.maxSpanDuration = Objects.requireNonNull(maxSpanDuration, "maxSpanDuration");
    return this;
  }

  /**
   * Builds the telemetry.
   *
   * @throws IllegalArgumentException naming the setting, when one is out of range
   */
  public LlmTelemetry build() {
    if (maxContentLength < 2) {
      throw new IllegalArgumentException(
          "maxContentLength must be at least 2 (room for an empty JSON array), was "
              + maxContentLength);
    }
    if (maxDistinctLabels < 0) {
      throw new IllegalArgumentException(
          "maxDistinctLabels must not be negative, was " + maxDistinctLabels);
    }
    if (modelLoadEventThreshold.isNegative()) {
      throw new IllegalArgumentException(
          "modelLoadEventThreshold must be zero or positive, was " + modelLoadEventThreshold);
    }
    Duration ceiling = maxSpanDuration != null ? maxSpanDuration : maxSpanDurationFromEnvironment();
    if (ceiling.isNegative() || ceiling.isZero()) {
      throw new IllegalArgumentException("maxSpanDuration must be positive, was " + ceiling);
    }
    Boolean explicit = captureMessageContent;
    boolean capture = explicit != null ? explicit : captureContentFromEnvironment();
    RecordingLlmCall.Settings settings =
        new RecordingLlmCall.Settings(
            captureThreadResources, modelLoadEventThreshold.toNanos(), SpanCeiling.of(ceiling));
    // On OpenTelemetry jars that do not line up, otel-llm records nothing and says why, once:
    // the application runs as it would without it.
    if (OpenTelemetryClassPath.mustStepAside()) {
      return new LlmTelemetry(null, null, null, settings, capture);
    }
    try {
      return build(capture, settings);
    } catch (LinkageError e) {
      OpenTelemetryClassPath.report(e); // a mismatch the check above does not know
      return new LlmTelemetry(null, null, null, settings, capture);
    }
  }

  private LlmTelemetry build(boolean capture, RecordingLlmCall.Settings settings) {
    ContentPolicy content = capture ? new ContentPolicy(redactor, maxContentLength) : null;
    GenAiShape shape = GenAiShape.from(properties, environment);
    String version = Version.get();

    InstrumenterBuilder<RecordingLlmCall, LlmResponse> llm =
        Instrumenter.<RecordingLlmCall, LlmResponse>builder(
                openTelemetry,
                LlmTelemetry.INSTRUMENTATION_NAME,
                GenAiSpanNameExtractor.create(LlmCallAttributesGetter.INSTANCE))
            .setInstrumentationVersion(version)
            .addAttributesExtractor(
                GenAiAttributesExtractor.create(LlmCallAttributesGetter.forShape(shape)))
            .addAttributesExtractor(new GenAiExtraAttributesExtractor(shape))
            .addAttributesExtractor(new OtelLlmAttributesExtractor())
            .addContextCustomizer(
                (context, call, startAttributes) -> context.with(LlmCallContextKey.KEY, call))
            .addOperationMetrics(LlmClientMetrics.get(new LabelPolicy(maxDistinctLabels), shape))
            .addOperationListener(new AgentTurnRollup());
    if (content != null) {
      llm.addAttributesExtractor(new ContentAttributesExtractor(content));
    }
    if (shape.latest()) {
      // A failed call's exception as the gen_ai.client.operation.exception log event (WARN), when
      // the application has OpenTelemetry emit exceptions as logs
      // (otel.semconv.exception.signal.preview=logs or logs/dup).
      GenAiExceptionEventExtractors.setGenAiClientExceptionEventExtractor(llm);
    }

    Instrumenter<AgentTurnState, Void> agent =
        Instrumenter.<AgentTurnState, Void>builder(
                openTelemetry,
                LlmTelemetry.INSTRUMENTATION_NAME,
                turn -> {
                  String name = turn.agentName();
                  return name == null
                      ? GenAiOperationName.INVOKE_AGENT
                      : GenAiOperationName.INVOKE_AGENT + " " + name;
                })
            .setInstrumentationVersion(version)
            .addAttributesExtractor(new AgentTurnAttributesExtractor(shape))
            .addContextCustomizer(
                (context, turn, startAttributes) -> context.with(AgentTurnState.CONTEXT_KEY, turn))
            .addOperationMetrics(AgentToolMetrics.agentTurns(shape))
            .buildInstrumenter(SpanKindExtractor.alwaysInternal());

    Instrumenter<ToolExecutionState, String> tool =
        Instrumenter.<ToolExecutionState, String>builder(
                openTelemetry,
                LlmTelemetry.INSTRUMENTATION_NAME,
                call -> {
                  String name = call.toolName();
                  return name == null || name.isBlank()
                      ? GenAiOperationName.EXECUTE_TOOL
                      : GenAiOperationName.EXECUTE_TOOL + " " + name;
                })
            .setInstrumentationVersion(version)
            .addAttributesExtractor(new ToolExecutionAttributesExtractor(content, shape))
            .addOperationListener(new AgentTurnToolRollup())
            .addOperationMetrics(AgentToolMetrics.toolExecutions(shape))
            .buildInstrumenter(SpanKindExtractor.alwaysInternal());

    return new LlmTelemetry(
        llm.buildInstrumenter(SpanKindExtractor.alwaysClient()), agent, tool, settings, capture);
  }

  private Duration maxSpanDurationFromEnvironment() {
    String value = properties.apply(MAX_SPAN_DURATION_PROPERTY);
    String source = MAX_SPAN_DURATION_PROPERTY;
    if (value == null || value.isBlank()) {
      value = environment.apply(MAX_SPAN_DURATION_ENV);
      source = MAX_SPAN_DURATION_ENV;
    }
    if (value == null || value.isBlank()) {
      return SpanCeiling.DEFAULT;
    }
    Duration parsed = parseDuration(value.trim());
    if (parsed == null) {
      Logger.getLogger("io.otelllm")
          .warning(
              "otel-llm: "
                  + source
                  + " must be a positive duration such as 90s, 45m or 2h, was '"
                  + value
                  + "'; the ceiling stays "
                  + SpanCeiling.DEFAULT);
      return SpanCeiling.DEFAULT;
    }
    return parsed;
  }

  /**
   * OpenTelemetry's duration syntax: a positive whole number, then ms, s, m, h or d (ms if none).
   */
  static @Nullable Duration parseDuration(String value) {
    int digits = 0;
    while (digits < value.length() && Character.isDigit(value.charAt(digits))) {
      digits++;
    }
    if (digits == 0 || digits > 12) {
      return null;
    }
    long amount = Long.parseLong(value.substring(0, digits));
    Duration duration =
        switch (value.substring(digits).trim().toLowerCase(Locale.ROOT)) {
          case "", "ms" -> Duration.ofMillis(amount);
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          case "d" -> Duration.ofDays(amount);
          default -> null;
        };
    return duration == null || duration.isZero() ? null : duration;
  }

  private boolean captureContentFromEnvironment() {
    String value = properties.apply(CAPTURE_CONTENT_PROPERTY);
    if (value == null || value.isBlank()) {
      value = environment.apply(CAPTURE_CONTENT_ENV);
    }
    if (value == null || value.isBlank()) {
      return false;
    }
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("true")) {
      return true;
    }
    if (!v.equals("false")) {
      // Privacy first: anything but "true" keeps content off, and the user is told why.
      Logger.getLogger("io.otelllm")
          .warning(
              "otel-llm: "
                  + CAPTURE_CONTENT_PROPERTY
                  + " / "
                  + CAPTURE_CONTENT_ENV
                  + " must be true or false, was '"
                  + value
                  + "'; content capture stays off");
    }
    return false;
  }
}

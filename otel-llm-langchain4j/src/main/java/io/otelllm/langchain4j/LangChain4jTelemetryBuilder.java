package io.otelllm.langchain4j;

import io.otelllm.core.ContentRedactor;
import io.otelllm.core.LlmTelemetryBuilder;
import java.time.Duration;

/**
 * Configures {@link LangChain4jTelemetry}: the core's settings (content capture, redaction, limits)
 * and the adapter's own. Bad settings fail at {@link #build()} with a message naming the setting.
 */
public final class LangChain4jTelemetryBuilder {
  private final LlmTelemetryBuilder core;
  private boolean streamingHandlerContext = true;

  LangChain4jTelemetryBuilder(LlmTelemetryBuilder core) {
    this.core = core;
  }

  /**
   * Records prompts and completions (off by default; on by default when {@code
   * otel.instrumentation.genai.capture-message-content} or {@code
   * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT} is {@code true}).
   */
  public LangChain4jTelemetryBuilder setCaptureMessageContent(boolean captureMessageContent) {
    core.setCaptureMessageContent(captureMessageContent);
    return this;
  }

  /** Rewrites captured content before it is recorded (default: none). */
  public LangChain4jTelemetryBuilder setContentRedactor(ContentRedactor redactor) {
    core.setContentRedactor(redactor);
    return this;
  }

  /** Maximum length, in characters, of each captured content attribute (default 8192). */
  public LangChain4jTelemetryBuilder setMaxContentLength(int maxContentLength) {
    core.setMaxContentLength(maxContentLength);
    return this;
  }

  /** How many distinct caller labels metrics keep before recording {@code _OTHER} (default 64). */
  public LangChain4jTelemetryBuilder setMaxDistinctLabels(int maxDistinctLabels) {
    core.setMaxDistinctLabels(maxDistinctLabels);
    return this;
  }

  /**
   * The server-reported load time from which a model-load (cold start) event is added (default 100
   * ms).
   */
  public LangChain4jTelemetryBuilder setModelLoadEventThreshold(Duration threshold) {
    core.setModelLoadEventThreshold(threshold);
    return this;
  }

  /**
   * The longest any otel-llm span may stay open (default 30 minutes, or {@code
   * OTEL_LLM_MAX_SPAN_DURATION}): a span still open then is ended as failed with {@code error.type}
   * {@code otel_llm.span_timeout}.
   */
  public LangChain4jTelemetryBuilder setMaxSpanDuration(Duration maxSpanDuration) {
    core.setMaxSpanDuration(maxSpanDuration);
    return this;
  }

  /**
   * Records the calling thread's CPU time and allocated bytes for synchronous calls (off by
   * default).
   */
  public LangChain4jTelemetryBuilder setCaptureThreadResources(boolean captureThreadResources) {
    core.setCaptureThreadResources(captureThreadResources);
    return this;
  }

  /**
   * Whether the user's streaming handler runs with the LLM span's context current (default true:
   * logs written in the handler correlate with the span). Off saves the scope that each streamed
   * chunk otherwise allocates (about 56 bytes, see benchmarks/README.md).
   */
  public LangChain4jTelemetryBuilder setStreamingHandlerContext(boolean streamingHandlerContext) {
    this.streamingHandlerContext = streamingHandlerContext;
    return this;
  }

  /**
   * Builds the adapter.
   *
   * @throws IllegalArgumentException naming the setting, when one is out of range
   */
  public LangChain4jTelemetry build() {
    return new LangChain4jTelemetry(core.build(), streamingHandlerContext);
  }
}

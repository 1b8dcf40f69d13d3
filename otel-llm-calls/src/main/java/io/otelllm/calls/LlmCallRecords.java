package io.otelllm.calls;

import io.opentelemetry.api.common.AttributeKey;
import io.otelllm.core.OtelLlmAttributes;
import io.otelllm.core.internal.Truncation;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Turns the facts of an LLM call's span into its {@link LlmCallRecord}: one mapping, every source.
 */
public final class LlmCallRecords {

  /** Error messages are cut to this many characters: enough to tell, not a copy of a prompt. */
  public static final int MAX_ERROR_MESSAGE = 200;

  /** The error type of a failed call whose span named none. */
  public static final String UNKNOWN_ERROR = "_OTHER";

  /** {@code exception.message}, on a span's {@code exception} event. */
  public static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");

  private LlmCallRecords() {}

  /** Whether the span is an LLM call: a CLIENT span with a GenAI operation. */
  public static boolean isLlmCall(SpanFacts span) {
    return span.isClient() && span.attribute(OtelLlmAttributes.GEN_AI_OPERATION_NAME) != null;
  }

  /** The record of an LLM call's span, or empty for any other span. */
  public static Optional<LlmCallRecord> of(SpanFacts span) {
    if (!isLlmCall(span)) {
      return Optional.empty();
    }
    boolean failed = span.failed();
    Long in = span.attribute(OtelLlmAttributes.GEN_AI_USAGE_INPUT_TOKENS);
    Long out = span.attribute(OtelLlmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS);
    String message = null;
    boolean coldStart = false;
    for (SpanFacts.Event e : span.events()) {
      if (e.name().equals("exception") && message == null) {
        message = shorten(e.exceptionMessage());
      }
      coldStart |= e.name().equals(OtelLlmAttributes.MODEL_LOAD_EVENT);
    }
    if (failed && message == null) {
      message = shorten(span.statusDescription());
    }
    String errorType = span.attribute(OtelLlmAttributes.ERROR_TYPE);
    return Optional.of(
        new LlmCallRecord(
            span.spanId(),
            span.traceId(),
            Instant.ofEpochSecond(0, span.startEpochNanos()),
            span.attribute(OtelLlmAttributes.LABEL),
            span.attribute(OtelLlmAttributes.GEN_AI_OPERATION_NAME),
            span.attribute(OtelLlmAttributes.GEN_AI_PROVIDER_NAME),
            span.attribute(OtelLlmAttributes.GEN_AI_REQUEST_MODEL),
            span.attribute(OtelLlmAttributes.GEN_AI_RESPONSE_MODEL),
            span.attribute(OtelLlmAttributes.AGENT_NAME),
            !failed,
            failed ? (errorType != null ? errorType : UNKNOWN_ERROR) : null,
            failed ? message : null,
            (span.endEpochNanos() - span.startEpochNanos()) / 1e6,
            millis(span.attribute(OtelLlmAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)),
            in,
            out,
            in == null && out == null ? null : (in == null ? 0 : in) + (out == null ? 0 : out),
            millis(span.attribute(OtelLlmAttributes.SERVER_LOAD_DURATION)),
            millis(span.attribute(OtelLlmAttributes.SERVER_PROMPT_EVAL_DURATION)),
            millis(span.attribute(OtelLlmAttributes.SERVER_EVAL_DURATION)),
            millis(span.attribute(OtelLlmAttributes.SERVER_TOTAL_DURATION)),
            coldStart));
  }

  private static @Nullable Double millis(@Nullable Double seconds) {
    return seconds == null ? null : seconds * 1000;
  }

  private static @Nullable String shorten(@Nullable String message) {
    return message == null || message.isEmpty() ? null : Truncation.fit(message, MAX_ERROR_MESSAGE);
  }
}

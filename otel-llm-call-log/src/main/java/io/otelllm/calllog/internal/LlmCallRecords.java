package io.otelllm.calllog.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.otelllm.core.internal.Truncation;
import io.otelllm.core.spi.OtelLlmAttributes;
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
        LlmCallRecord.builder()
            .setRequestId(span.spanId())
            .setTraceId(span.traceId())
            .setTimestamp(Instant.ofEpochSecond(0, span.startEpochNanos()))
            .setLabel(span.attribute(OtelLlmAttributes.LABEL))
            .setOperation(span.attribute(OtelLlmAttributes.GEN_AI_OPERATION_NAME))
            .setProvider(span.attribute(OtelLlmAttributes.GEN_AI_PROVIDER_NAME))
            .setRequestModel(span.attribute(OtelLlmAttributes.GEN_AI_REQUEST_MODEL))
            .setResponseModel(span.attribute(OtelLlmAttributes.GEN_AI_RESPONSE_MODEL))
            .setAgent(span.attribute(OtelLlmAttributes.AGENT_NAME))
            .setSuccess(!failed)
            .setErrorType(failed ? (errorType != null ? errorType : UNKNOWN_ERROR) : null)
            .setErrorMessage(failed ? message : null)
            .setDurationMs((span.endEpochNanos() - span.startEpochNanos()) / 1e6)
            .setTtftMs(
                millis(span.attribute(OtelLlmAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)))
            .setPromptTokens(in)
            .setCompletionTokens(out)
            .setTotalTokens(
                in == null && out == null ? null : (in == null ? 0 : in) + (out == null ? 0 : out))
            .setLoadMs(millis(span.attribute(OtelLlmAttributes.SERVER_LOAD_DURATION)))
            .setPromptEvalMs(millis(span.attribute(OtelLlmAttributes.SERVER_PROMPT_EVAL_DURATION)))
            .setEvalMs(millis(span.attribute(OtelLlmAttributes.SERVER_EVAL_DURATION)))
            .setServerTotalMs(millis(span.attribute(OtelLlmAttributes.SERVER_TOTAL_DURATION)))
            .setColdStart(coldStart)
            .build());
  }

  private static @Nullable Double millis(@Nullable Double seconds) {
    return seconds == null ? null : seconds * 1000;
  }

  private static @Nullable String shorten(@Nullable String message) {
    return message == null || message.isEmpty() ? null : Truncation.fit(message, MAX_ERROR_MESSAGE);
  }
}

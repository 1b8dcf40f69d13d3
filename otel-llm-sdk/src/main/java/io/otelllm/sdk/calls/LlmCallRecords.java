package io.otelllm.sdk.calls;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.core.OtelLlmAttributes;
import io.otelllm.core.internal.Truncation;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Reads {@link LlmCallRecord}s out of exported spans. */
public final class LlmCallRecords {

  /** Error messages are cut to this many characters: enough to tell, not a copy of a prompt. */
  public static final int MAX_ERROR_MESSAGE = 200;

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Double> TTFT =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

  private LlmCallRecords() {}

  /** Whether the span is an LLM call (a CLIENT span with a GenAI operation). */
  public static boolean isLlmCall(SpanData span) {
    return span.getKind() == SpanKind.CLIENT && span.getAttributes().get(OPERATION) != null;
  }

  /** The record of an LLM-call span, or empty for any other span. */
  public static Optional<LlmCallRecord> of(SpanData span) {
    if (!isLlmCall(span)) {
      return Optional.empty();
    }
    Attributes a = span.getAttributes();
    boolean failed = span.getStatus().getStatusCode() == StatusCode.ERROR;
    Long in = a.get(INPUT_TOKENS);
    Long out = a.get(OUTPUT_TOKENS);
    @Nullable String message = null;
    boolean coldStart = false;
    for (EventData e : span.getEvents()) {
      if (e.getName().equals("exception") && message == null) {
        message = truncate(e.getAttributes().get(EXCEPTION_MESSAGE));
      }
      coldStart |= e.getName().equals(OtelLlmAttributes.MODEL_LOAD_EVENT);
    }
    if (failed && message == null) {
      message = truncate(span.getStatus().getDescription());
    }
    return Optional.of(
        new LlmCallRecord(
            span.getSpanId(),
            span.getTraceId(),
            Instant.ofEpochSecond(0, span.getStartEpochNanos()),
            a.get(OtelLlmAttributes.LABEL),
            a.get(OPERATION),
            a.get(PROVIDER),
            a.get(REQUEST_MODEL),
            a.get(RESPONSE_MODEL),
            a.get(OtelLlmAttributes.AGENT_NAME),
            !failed,
            failed ? Optional.ofNullable(a.get(ERROR_TYPE)).orElse("_OTHER") : null,
            failed ? message : null,
            (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6,
            millis(a.get(TTFT)),
            in,
            out,
            in == null && out == null ? null : (in == null ? 0 : in) + (out == null ? 0 : out),
            millis(a.get(OtelLlmAttributes.SERVER_LOAD_DURATION)),
            millis(a.get(OtelLlmAttributes.SERVER_PROMPT_EVAL_DURATION)),
            millis(a.get(OtelLlmAttributes.SERVER_EVAL_DURATION)),
            millis(a.get(OtelLlmAttributes.SERVER_TOTAL_DURATION)),
            coldStart));
  }

  static @Nullable Double millis(@Nullable Double seconds) {
    return seconds == null ? null : seconds * 1000;
  }

  static @Nullable String truncate(@Nullable String message) {
    return message == null || message.isEmpty() ? null : Truncation.fit(message, MAX_ERROR_MESSAGE);
  }
}

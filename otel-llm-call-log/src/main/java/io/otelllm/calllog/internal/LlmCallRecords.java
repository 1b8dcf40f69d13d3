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
    // The call's time and tokens belong to the turn's root agent; the innermost is the breakdown.
    String innermost = span.attribute(OtelLlmAttributes.AGENT_NAME);
    String rootAgent = span.attribute(OtelLlmAttributes.ROOT_AGENT_NAME);
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
            .setAgent(rootAgent != null ? rootAgent : innermost)
            .setInnerAgent(rootAgent != null ? innermost : null)
            .setSuccess(!failed)
            .setErrorType(failed ? (errorType != null ? errorType : UNKNOWN_ERROR) : null)
            .setErrorMessage(failed ? message : null)
            .setDurationMs((span.endEpochNanos() - span.startEpochNanos()) / 1e6)
            .setTtftMs(
                millis(span.attribute(OtelLlmAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)))
            .setPromptTokens(in)
            .setCompletionTokens(out)
            .setTotalTokens(in == null && out == null ? null : saturatedSum(in, out))
            .setLoadMs(millis(span.attribute(OtelLlmAttributes.SERVER_LOAD_DURATION)))
            .setPromptEvalMs(millis(span.attribute(OtelLlmAttributes.SERVER_PROMPT_EVAL_DURATION)))
            .setEvalMs(millis(span.attribute(OtelLlmAttributes.SERVER_EVAL_DURATION)))
            .setServerTotalMs(millis(span.attribute(OtelLlmAttributes.SERVER_TOTAL_DURATION)))
            .setQueueMs(millis(span.attribute(OtelLlmAttributes.SERVER_QUEUE_DURATION)))
            .setColdStart(coldStart)
            .build());
  }

  /** The most tokens one call is believed to have: more is a broken or hostile writer. */
  public static final long MAX_TOKENS = 1_000_000_000_000L;

  /** The longest duration (ms) one call is believed to take, a year: more is broken or hostile. */
  public static final double MAX_MILLIS = 365.0 * 24 * 3600 * 1000;

  /**
   * What is out of range in {@code call} — a negative, non-finite or implausibly large token count
   * or duration — or {@code null} when nothing is. Readers of untrusted logs and spans skip such a
   * call and say so, rather than let one value overflow a sum or stretch a chart.
   */
  public static @Nullable String outOfRange(LlmCallRecord call) {
    String problem = millisOutOfRange("duration_ms", call.durationMs());
    problem = problem != null ? problem : millisOutOfRange("ttft_ms", call.ttftMs());
    problem = problem != null ? problem : millisOutOfRange("load_ms", call.loadMs());
    problem = problem != null ? problem : millisOutOfRange("prompt_eval_ms", call.promptEvalMs());
    problem = problem != null ? problem : millisOutOfRange("eval_ms", call.evalMs());
    problem = problem != null ? problem : millisOutOfRange("server_total_ms", call.serverTotalMs());
    problem = problem != null ? problem : millisOutOfRange("queue_ms", call.queueMs());
    problem = problem != null ? problem : tokensOutOfRange("prompt_tokens", call.promptTokens());
    problem =
        problem != null ? problem : tokensOutOfRange("completion_tokens", call.completionTokens());
    return problem != null ? problem : tokensOutOfRange("total_tokens", call.totalTokens());
  }

  private static @Nullable String millisOutOfRange(String field, @Nullable Double ms) {
    return ms == null || (ms >= 0 && ms <= MAX_MILLIS)
        ? null
        : field + " out of range (" + ms + "; 0 to " + (long) MAX_MILLIS + ")";
  }

  private static @Nullable String tokensOutOfRange(String field, @Nullable Long tokens) {
    return tokens == null || (tokens >= 0 && tokens <= MAX_TOKENS)
        ? null
        : field + " out of range (" + tokens + "; 0 to " + MAX_TOKENS + ")";
  }

  private static long saturatedSum(@Nullable Long a, @Nullable Long b) {
    return saturatedAdd(a == null ? 0 : a, b == null ? 0 : b);
  }

  /**
   * {@code x + y}, pinned at {@code Long.MAX_VALUE} or {@code Long.MIN_VALUE} instead of wrapping:
   * a token sum at the bound is visibly wrong, a wrapped one silently.
   */
  public static long saturatedAdd(long x, long y) {
    long sum = x + y;
    // Overflow only when both have the sign the sum lacks.
    return ((x ^ sum) & (y ^ sum)) < 0 ? (x < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  private static @Nullable Double millis(@Nullable Double seconds) {
    return seconds == null ? null : seconds * 1000;
  }

  private static @Nullable String shorten(@Nullable String message) {
    return message == null || message.isEmpty() ? null : Truncation.fit(message, MAX_ERROR_MESSAGE);
  }
}

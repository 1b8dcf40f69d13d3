package io.otelllm.calllog.internal;

import com.google.auto.value.AutoValue;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One LLM call as the JSON-lines log, the aggregates and the report see it: the facts of its span,
 * flattened. Durations in milliseconds; {@code null} where the span did not say. Built with {@link
 * #builder()}: only the span id, the start time, the outcome and the duration are required.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
@AutoValue
public abstract class LlmCallRecord {

  LlmCallRecord() {}

  /** A builder: a successful call of 0 ms, with nothing else known, unless set. */
  public static Builder builder() {
    return new AutoValue_LlmCallRecord.Builder()
        .setSuccess(true)
        .setDurationMs(0)
        .setColdStart(false);
  }

  /** The span id. */
  public abstract String requestId();

  /** The trace id. */
  public abstract @Nullable String traceId();

  /** When the call started. */
  public abstract Instant timestamp();

  /** The caller's label. */
  public abstract @Nullable String label();

  /** {@code gen_ai.operation.name}. */
  public abstract @Nullable String operation();

  /** {@code gen_ai.provider.name}. */
  public abstract @Nullable String provider();

  /** The model asked for. */
  public abstract @Nullable String requestModel();

  /** The model that answered. */
  public abstract @Nullable String responseModel();

  /** The agent whose turn made the call: the one at the root of the turn. */
  public abstract @Nullable String agent();

  /** The innermost agent that made the call, when it is not {@link #agent()} (an AI service). */
  public abstract @Nullable String innerAgent();

  /** Whether the call succeeded. */
  public abstract boolean success();

  /** The failure's type. */
  public abstract @Nullable String errorType();

  /** The failure's message, shortened. */
  public abstract @Nullable String errorMessage();

  /** The call's duration. */
  public abstract double durationMs();

  /** Time to first chunk (streaming). */
  public abstract @Nullable Double ttftMs();

  /** Input tokens. */
  public abstract @Nullable Long promptTokens();

  /** Output tokens. */
  public abstract @Nullable Long completionTokens();

  /** Input plus output tokens. */
  public abstract @Nullable Long totalTokens();

  /** The server's model load time. */
  public abstract @Nullable Double loadMs();

  /** The server's prompt evaluation time. */
  public abstract @Nullable Double promptEvalMs();

  /** The server's generation time. */
  public abstract @Nullable Double evalMs();

  /** The server's total time. */
  public abstract @Nullable Double serverTotalMs();

  /**
   * The time the call waited in the server for the model's slot ({@code
   * otel_llm.server.queue_duration}).
   */
  public abstract @Nullable Double queueMs();

  /** Whether the server loaded the model for this call. */
  public abstract boolean coldStart();

  /** Builder for {@link LlmCallRecord}. */
  @AutoValue.Builder
  public abstract static class Builder {

    Builder() {}

    /** The span id. */
    public abstract Builder setRequestId(String requestId);

    /** The trace id. */
    public abstract Builder setTraceId(@Nullable String traceId);

    /** When the call started. */
    public abstract Builder setTimestamp(Instant timestamp);

    /** The caller's label. */
    public abstract Builder setLabel(@Nullable String label);

    /** {@code gen_ai.operation.name}. */
    public abstract Builder setOperation(@Nullable String operation);

    /** {@code gen_ai.provider.name}. */
    public abstract Builder setProvider(@Nullable String provider);

    /** The model asked for. */
    public abstract Builder setRequestModel(@Nullable String requestModel);

    /** The model that answered. */
    public abstract Builder setResponseModel(@Nullable String responseModel);

    /** The agent whose turn made the call. */
    public abstract Builder setAgent(@Nullable String agent);

    /** The innermost agent that made the call, when it is not the root one. */
    public abstract Builder setInnerAgent(@Nullable String innerAgent);

    /** Whether the call succeeded. */
    public abstract Builder setSuccess(boolean success);

    /** The failure's type. */
    public abstract Builder setErrorType(@Nullable String errorType);

    /** The failure's message, shortened. */
    public abstract Builder setErrorMessage(@Nullable String errorMessage);

    /** The call's duration. */
    public abstract Builder setDurationMs(double durationMs);

    /** Time to first chunk (streaming). */
    public abstract Builder setTtftMs(@Nullable Double ttftMs);

    /** Input tokens. */
    public abstract Builder setPromptTokens(@Nullable Long promptTokens);

    /** Output tokens. */
    public abstract Builder setCompletionTokens(@Nullable Long completionTokens);

    /** Input plus output tokens. */
    public abstract Builder setTotalTokens(@Nullable Long totalTokens);

    /** The server's model load time. */
    public abstract Builder setLoadMs(@Nullable Double loadMs);

    /** The server's prompt evaluation time. */
    public abstract Builder setPromptEvalMs(@Nullable Double promptEvalMs);

    /** The server's generation time. */
    public abstract Builder setEvalMs(@Nullable Double evalMs);

    /** The server's total time. */
    public abstract Builder setServerTotalMs(@Nullable Double serverTotalMs);

    /** The time the call waited in the server for the model's slot. */
    public abstract Builder setQueueMs(@Nullable Double queueMs);

    /** Whether the server loaded the model for this call. */
    public abstract Builder setColdStart(boolean coldStart);

    /** The record. */
    public abstract LlmCallRecord build();
  }
}

package io.otelllm.calls;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One LLM call as the JSON-lines log, the aggregates and the report see it: the facts of its span,
 * flattened. Durations in milliseconds; {@code null} where the span did not say.
 *
 * @param requestId the span id
 * @param traceId the trace id
 * @param timestamp when the call started
 * @param label the caller's label
 * @param operation {@code gen_ai.operation.name}
 * @param provider {@code gen_ai.provider.name}
 * @param requestModel the model asked for
 * @param responseModel the model that answered
 * @param agent the agent whose turn made the call
 * @param success whether the call succeeded
 * @param errorType the failure's type
 * @param errorMessage the failure's message, shortened
 * @param durationMs the call's duration
 * @param ttftMs time to first chunk (streaming)
 * @param promptTokens input tokens
 * @param completionTokens output tokens
 * @param totalTokens input plus output tokens
 * @param loadMs the server's model load time
 * @param promptEvalMs the server's prompt evaluation time
 * @param evalMs the server's generation time
 * @param serverTotalMs the server's total time
 * @param coldStart whether the server loaded the model for this call
 */
public record LlmCallRecord(
    String requestId,
    @Nullable String traceId,
    Instant timestamp,
    @Nullable String label,
    @Nullable String operation,
    @Nullable String provider,
    @Nullable String requestModel,
    @Nullable String responseModel,
    @Nullable String agent,
    boolean success,
    @Nullable String errorType,
    @Nullable String errorMessage,
    double durationMs,
    @Nullable Double ttftMs,
    @Nullable Long promptTokens,
    @Nullable Long completionTokens,
    @Nullable Long totalTokens,
    @Nullable Double loadMs,
    @Nullable Double promptEvalMs,
    @Nullable Double evalMs,
    @Nullable Double serverTotalMs,
    boolean coldStart) {}

package io.otelllm.sdk.calls;

import java.time.Instant;

/**
 * One LLM call as the JSON-lines log, the aggregates and the report see it: the facts of its span,
 * flattened. Durations in milliseconds; {@code null} where the span did not say.
 */
public record LlmCallRecord(
    String requestId,
    String traceId,
    Instant timestamp,
    String label,
    String operation,
    String provider,
    String requestModel,
    String responseModel,
    String agent,
    boolean success,
    String errorType,
    String errorMessage,
    double durationMs,
    Double ttftMs,
    Long promptTokens,
    Long completionTokens,
    Long totalTokens,
    Double loadMs,
    Double promptEvalMs,
    Double evalMs,
    Double serverTotalMs,
    boolean coldStart) {}

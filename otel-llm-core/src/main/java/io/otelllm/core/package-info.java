/**
 * otel-llm's core: LLM calls, agent turns and tool executions as OpenTelemetry spans and GenAI
 * metrics, on the OpenTelemetry API and instrumentation API only. Start with {@link
 * io.otelllm.core.LlmTelemetry}; what client-library adapters build on is in {@link
 * io.otelllm.core.spi}.
 */
@NullMarked
package io.otelllm.core;

import org.jspecify.annotations.NullMarked;

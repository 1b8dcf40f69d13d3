/**
 * An OpenTelemetry SDK for applications that have none ({@link
 * io.otelllm.autoconfigure.LlmTelemetrySdk}), set up from the standard {@code OTEL_*} environment,
 * with otel-llm's exporters available by name.
 */
@NullMarked
package io.otelllm.autoconfigure;

import org.jspecify.annotations.NullMarked;

/**
 * OpenTelemetry SDK span exporters for LLM calls without a tracing backend: {@link
 * io.otelllm.exporters.LlmJsonLinesExporter} writes one JSON line per call ({@code llm-jsonl}),
 * {@link io.otelllm.exporters.LlmAggregatesExporter} logs per-window aggregates ({@code
 * llm-aggregates}). Both look only at LLM spans and can be selected by name through the SDK's
 * autoconfigure ({@code OTEL_TRACES_EXPORTER}).
 */
@NullMarked
package io.otelllm.exporters;

import org.jspecify.annotations.NullMarked;

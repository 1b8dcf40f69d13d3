/**
 * An OpenTelemetry SDK for applications that have none ({@link io.otelllm.sdk.LlmTelemetrySdk}),
 * and the per-call JSON-lines log and periodic aggregates exporters of LLM calls.
 */
@NullMarked
package io.otelllm.sdk;

import org.jspecify.annotations.NullMarked;

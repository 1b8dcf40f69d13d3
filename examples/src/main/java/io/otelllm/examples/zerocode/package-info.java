/**
 * A langchain4j program with no telemetry code at all, for the OpenTelemetry Java agent with the
 * otel-llm extension.
 */
package io.otelllm.examples.zerocode;

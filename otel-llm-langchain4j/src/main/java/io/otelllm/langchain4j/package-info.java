/**
 * Traces langchain4j models through otel-llm: start with {@link
 * io.otelllm.langchain4j.LangChain4jTelemetry}.
 */
@NullMarked
package io.otelllm.langchain4j;

import org.jspecify.annotations.NullMarked;

/**
 * For authors of adapters to client libraries (the langchain4j adapter is one): an LLM call in
 * flight ({@link io.otelllm.core.spi.LlmCall}), the facts an adapter translates its library's
 * request and response into ({@link io.otelllm.core.spi.LlmRequest}, {@link
 * io.otelllm.core.spi.LlmResponse}, {@link io.otelllm.core.spi.LlmMessage}, {@link
 * io.otelllm.core.spi.MessagePart}, {@link io.otelllm.core.spi.ServerTimings}), and the names of
 * what otel-llm emits ({@link io.otelllm.core.spi.GenAiOperationName}, {@link
 * io.otelllm.core.spi.OtelLlmAttributes}). Applications do not need this package.
 *
 * <p>An adapter starts a call with {@link io.otelllm.core.LlmTelemetry#llmCall}, makes it current
 * while the client library sends the request (so that its transport can add what only it knows,
 * through {@link io.otelllm.core.spi.LlmCall#current()}), and ends it once.
 */
@NullMarked
package io.otelllm.core.spi;

import org.jspecify.annotations.NullMarked;

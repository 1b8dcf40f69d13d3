package io.otelllm.core;

import io.opentelemetry.context.ContextKey;

/** Where the LLM call in flight sits in its span's context (read by transports and listeners). */
final class LlmCallContextKey {
  static final ContextKey<LlmCall> KEY = ContextKey.named("otel-llm-call");

  private LlmCallContextKey() {}
}

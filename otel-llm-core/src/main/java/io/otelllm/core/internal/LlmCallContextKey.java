package io.otelllm.core.internal;

import io.opentelemetry.context.ContextKey;
import io.otelllm.core.spi.LlmCall;

/**
 * Where the LLM call in flight sits in its span's context (read by transports and listeners).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class LlmCallContextKey {
  /** The key of the call in flight. */
  public static final ContextKey<LlmCall> KEY = ContextKey.named("otel-llm-call");

  private LlmCallContextKey() {}
}

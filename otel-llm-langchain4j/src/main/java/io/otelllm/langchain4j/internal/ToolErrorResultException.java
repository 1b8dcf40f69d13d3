package io.otelllm.langchain4j.internal;

import org.jspecify.annotations.Nullable;

/**
 * The {@code error.type} of an {@code execute_tool} span whose result langchain4j marked as an
 * error without an exception otel-llm could see.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ToolErrorResultException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ToolErrorResultException(@Nullable String toolName) {
    super("tool '" + toolName + "' returned an error result");
  }
}

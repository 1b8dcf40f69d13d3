package io.otelllm.langchain4j.internal;

import org.jspecify.annotations.Nullable;

/**
 * The {@code error.type} of an {@code execute_tool} span whose tool the model made up (langchain4j
 * calls it a hallucinated tool name) and whose strategy answered the model instead of throwing.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class UnknownToolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UnknownToolException(@Nullable String toolName) {
    super("the model asked for tool '" + toolName + "', which the AI service does not have");
  }
}

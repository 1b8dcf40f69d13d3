package io.otelllm.javaagent.internal.bridge;

import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.service.AiServices;
import io.otelllm.langchain4j.internal.TracingAiServicesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * What the application's own otel-llm library hands out while the extension traces the models
 * themselves: its wrappers would make every call a second span, so they give back what they were
 * given.
 *
 * <p>A helper class (see {@link OtelLlmAgent}).
 */
public final class LibraryUnderTheAgent {

  private LibraryUnderTheAgent() {}

  private static final ChatModelListener NOTHING = new ChatModelListener() {};

  /** The listener the library's {@code chatModelListener()} returns: it records nothing. */
  public static ChatModelListener listener() {
    return NOTHING;
  }

  /** The AI-service builder the library's {@code aiServices().builder(..)} returns. */
  public static AiServices<?> aiServices(Class<?> type, @Nullable String agentName) {
    return TracingAiServicesBuilder.create(OtelLlmAgent.lc4j(), type, agentName, false);
  }
}

package io.otelllm.langchain4j;

import dev.langchain4j.service.AiServices;
import io.otelllm.langchain4j.internal.TracingAiServicesBuilder;
import java.util.Objects;

/**
 * langchain4j's {@code AiServices.builder(type)}, traced: each call of a method of the built
 * service is an {@code invoke_agent {Interface.method}} span, with the model calls it makes and an
 * {@code execute_tool {tool}} span for every tool langchain4j runs nested under it. Configure the
 * builder as usual; models given to it are wrapped unless they already are.
 *
 * <pre>{@code
 * Villager villager = TracedAiServices.builder(lc4j, Villager.class) // not AiServices.builder
 *     .chatModel(chat)
 *     .tools(new VillageTools())
 *     .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
 *     .build();
 * }</pre>
 *
 * <p>Needs {@code dev.langchain4j:langchain4j} on the class path, which the rest of the adapter
 * does not (hence a class of its own).
 */
public final class TracedAiServices {

  private TracedAiServices() {}

  /** A builder of an AI service of {@code type} whose invocations {@code lc4j} traces. */
  public static <T> AiServices<T> builder(LangChain4jTelemetry lc4j, Class<T> type) {
    return TracingAiServicesBuilder.create(
        Objects.requireNonNull(lc4j, "lc4j"), Objects.requireNonNull(type, "type"), null, true);
  }

  /**
   * {@link #builder(LangChain4jTelemetry, Class)} for an agent named {@code agentName}: its spans
   * are {@code invoke_agent {agentName}} whichever method was called ({@code code.function.name}
   * tells).
   */
  public static <T> AiServices<T> builder(
      LangChain4jTelemetry lc4j, Class<T> type, String agentName) {
    return TracingAiServicesBuilder.create(
        Objects.requireNonNull(lc4j, "lc4j"),
        Objects.requireNonNull(type, "type"),
        Objects.requireNonNull(agentName, "agentName"),
        true);
  }
}

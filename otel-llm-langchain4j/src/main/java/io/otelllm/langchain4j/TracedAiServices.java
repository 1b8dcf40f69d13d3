package io.otelllm.langchain4j;

import dev.langchain4j.service.AiServices;
import io.otelllm.langchain4j.internal.TracingAiServicesBuilder;
import java.util.Objects;

/**
 * langchain4j's {@code AiServices}, traced; from {@link LangChain4jTelemetry#aiServices()}. Each
 * call of a method of a built service is an {@code invoke_agent {Interface.method}} span, with the
 * model calls it makes and an {@code execute_tool {tool}} span for every tool langchain4j runs
 * nested under it. Configure the builder as usual; models given to it are wrapped unless they
 * already are.
 *
 * <pre>{@code
 * Villager villager = lc4j.aiServices().builder(Villager.class) // not AiServices.builder
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
  private final LangChain4jTelemetry lc4j;

  TracedAiServices(LangChain4jTelemetry lc4j) {
    this.lc4j = lc4j;
  }

  /** A builder of an AI service of {@code type} whose invocations are traced. */
  public <T> AiServices<T> builder(Class<T> type) {
    return TracingAiServicesBuilder.create(lc4j, Objects.requireNonNull(type, "type"), null, true);
  }

  /**
   * {@link #builder(Class)} for an agent named {@code agentName}: its spans are {@code invoke_agent
   * {agentName}} whichever method was called ({@code code.function.name} tells).
   */
  public <T> AiServices<T> builder(Class<T> type, String agentName) {
    return TracingAiServicesBuilder.create(
        lc4j,
        Objects.requireNonNull(type, "type"),
        Objects.requireNonNull(agentName, "agentName"),
        true);
  }
}

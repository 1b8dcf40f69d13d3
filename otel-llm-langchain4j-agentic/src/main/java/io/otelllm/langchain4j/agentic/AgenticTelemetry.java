package io.otelllm.langchain4j.agentic;

import dev.langchain4j.agentic.observability.AgentListener;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.langchain4j.agentic.internal.TracingAgentListener;
import java.util.Objects;

/**
 * Traces langchain4j-agentic: register {@link #listener} on the top agent or workflow, and each
 * agent invocation becomes an {@code invoke_agent {agent}} span — sub-agents nested under their
 * parents, the agentic scope's memory id as {@code gen_ai.conversation.id}, failures as ERROR —
 * with the model calls of the agent (through models wrapped by {@link LangChain4jTelemetry}) and an
 * {@code execute_tool} span per tool it runs nested under it.
 *
 * <pre>{@code
 * UntypedAgent village = AgenticServices.sequenceBuilder()
 *     .subAgents(planner, speaker)
 *     .listener(AgenticTelemetry.listener(lc4j))
 *     .build();
 * }</pre>
 */
public final class AgenticTelemetry {

  private AgenticTelemetry() {}

  /** A listener that traces the agents it is registered on and their sub-agents. */
  public static AgentListener listener(LangChain4jTelemetry lc4j) {
    return new TracingAgentListener(Objects.requireNonNull(lc4j, "lc4j").telemetry());
  }
}

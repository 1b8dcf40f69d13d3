package io.otelllm.core.internal;

import static io.otelllm.core.internal.Values.putIfNotNull;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.OtelLlmAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The {@code invoke_agent} span's attributes: who acted, the totals of its tool executions, and the
 * totals of its LLM calls — with the provider and model they used when all of them used the same
 * (semconv asks the agent span for both; Jaeger's GenAI view shows them).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class AgentTurnAttributesExtractor
    implements AttributesExtractor<AgentTurnState, Void> {

  private final GenAiShape shape;

  /**
   * The attributes in {@code shape}: the newest shape's in-process agent span has no {@code
   * gen_ai.agent.id} and no {@code gen_ai.provider.name}.
   */
  public AgentTurnAttributesExtractor(GenAiShape shape) {
    this.shape = shape;
  }

  @Override
  public void onStart(AttributesBuilder attributes, Context parentContext, AgentTurnState turn) {
    // The application's own first, so that otel-llm's keys below cannot be overwritten by them.
    attributes.putAll(turn.attributes);
    attributes.put(OtelLlmAttributes.GEN_AI_OPERATION_NAME, GenAiOperationName.INVOKE_AGENT);
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_AGENT_NAME, turn.agentName);
    if (!shape.latest()) {
      putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_AGENT_ID, turn.agentId);
    }
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_AGENT_DESCRIPTION, turn.description);
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_CONVERSATION_ID, turn.conversationId);
    putIfNotNull(attributes, OtelLlmAttributes.TURN_NUMBER, turn.turnNumber);
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      AgentTurnState turn,
      @Nullable Void unused,
      @Nullable Throwable error) {
    attributes.put(OtelLlmAttributes.TURN_LLM_CALLS, turn.llmCalls.sum());
    attributes.put(OtelLlmAttributes.TURN_LLM_ERRORS, turn.llmErrors.sum());
    attributes.put(OtelLlmAttributes.TURN_LLM_DURATION, Units.nanosToSeconds(turn.llmNanos.sum()));
    attributes.put(OtelLlmAttributes.TURN_TOOL_CALLS, turn.toolCalls.sum());
    attributes.put(OtelLlmAttributes.TURN_TOOL_ERRORS, turn.toolErrors.sum());
    attributes.put(
        OtelLlmAttributes.TURN_TOOL_DURATION, Units.nanosToSeconds(turn.toolNanos.sum()));
    if (!shape.latest()) {
      putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_PROVIDER_NAME, turn.provider());
    }
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_REQUEST_MODEL, turn.model());
    if (turn.sawInputTokens) {
      attributes.put(OtelLlmAttributes.GEN_AI_USAGE_INPUT_TOKENS, turn.inputTokens.sum());
    }
    if (turn.sawOutputTokens) {
      attributes.put(OtelLlmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS, turn.outputTokens.sum());
    }
    if (error != null) {
      attributes.put(OtelLlmAttributes.ERROR_TYPE, ErrorTypes.of(error));
    }
  }
}

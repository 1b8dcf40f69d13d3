package io.otelllm.core.internal;

import static io.otelllm.core.internal.GenAiExtraAttributesExtractor.putIfNotNull;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.GenAiOperation;
import io.otelllm.core.OtelLlmAttributes;

/**
 * The {@code invoke_agent} span's attributes: who acted, and the totals of its LLM calls — with
 * the provider and model they used when all of them used the same (semconv asks the agent span
 * for both; Jaeger's GenAI view shows them).
 */
public final class AgentTurnAttributesExtractor implements AttributesExtractor<AgentTurnState, Void> {

  @Override
  public void onStart(AttributesBuilder attributes, Context parentContext, AgentTurnState turn) {
    attributes.put(GenAiKeys.OPERATION_NAME, GenAiOperation.INVOKE_AGENT);
    putIfNotNull(attributes, GenAiKeys.AGENT_NAME, turn.agentName);
    putIfNotNull(attributes, GenAiKeys.AGENT_ID, turn.agentId);
    putIfNotNull(attributes, GenAiKeys.AGENT_DESCRIPTION, turn.description);
    putIfNotNull(attributes, GenAiKeys.CONVERSATION_ID, turn.conversationId);
    putIfNotNull(attributes, OtelLlmAttributes.TURN_NUMBER, turn.turnNumber);
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      AgentTurnState turn,
      Void unused,
      Throwable error) {
    attributes.put(OtelLlmAttributes.TURN_LLM_CALLS, turn.llmCalls.sum());
    attributes.put(OtelLlmAttributes.TURN_LLM_ERRORS, turn.llmErrors.sum());
    attributes.put(OtelLlmAttributes.TURN_LLM_DURATION, Units.nanosToSeconds(turn.llmNanos.sum()));
    putIfNotNull(attributes, GenAiKeys.PROVIDER_NAME, turn.provider());
    putIfNotNull(attributes, GenAiKeys.REQUEST_MODEL, turn.model());
    if (turn.sawInputTokens) {
      attributes.put(GenAiKeys.USAGE_INPUT_TOKENS, turn.inputTokens.sum());
    }
    if (turn.sawOutputTokens) {
      attributes.put(GenAiKeys.USAGE_OUTPUT_TOKENS, turn.outputTokens.sum());
    }
    if (error != null) {
      attributes.put(GenAiKeys.ERROR_TYPE, ErrorTypes.of(error));
    }
  }
}

package io.otelllm.core.internal;

import static io.otelllm.core.internal.Values.nonBlank;
import static io.otelllm.core.internal.Values.putIfNotNull;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.OtelLlmAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The {@code execute_tool} span's attributes. Arguments and result are content: recorded only when
 * a {@link ContentPolicy} is given (capture on), redacted and cut to its limit.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ToolExecutionAttributesExtractor
    implements AttributesExtractor<ToolExecutionState, String> {
  private final @Nullable ContentPolicy content;
  private final GenAiShape shape;

  /**
   * {@code content} is {@code null} when content capture is off; in the newest {@code shape} a tool
   * span also names the agent whose turn ran it and the turn's conversation.
   */
  public ToolExecutionAttributesExtractor(@Nullable ContentPolicy content, GenAiShape shape) {
    this.content = content;
    this.shape = shape;
  }

  @Override
  public void onStart(
      AttributesBuilder attributes, Context parentContext, ToolExecutionState tool) {
    attributes.put(OtelLlmAttributes.GEN_AI_OPERATION_NAME, GenAiOperationName.EXECUTE_TOOL);
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_TOOL_NAME, nonBlank(tool.toolName()));
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_TOOL_CALL_ID, nonBlank(tool.callId()));
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_TOOL_TYPE, nonBlank(tool.type()));
    putIfNotNull(
        attributes, OtelLlmAttributes.GEN_AI_TOOL_DESCRIPTION, nonBlank(tool.description()));
    AgentTurnState turn = parentContext.get(AgentTurnState.CONTEXT_KEY);
    if (shape.latest() && turn != null) {
      putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_AGENT_NAME, turn.agentName);
      putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_CONVERSATION_ID, turn.conversationId);
    }
    ContentPolicy policy = content;
    String arguments = tool.arguments();
    if (policy != null && arguments != null) {
      attributes.put(OtelLlmAttributes.GEN_AI_TOOL_CALL_ARGUMENTS, policy.text(arguments));
    }
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      ToolExecutionState tool,
      @Nullable String result,
      @Nullable Throwable error) {
    ContentPolicy policy = content;
    if (policy != null && result != null) {
      attributes.put(OtelLlmAttributes.GEN_AI_TOOL_CALL_RESULT, policy.text(result));
    }
    if (error != null) {
      attributes.put(OtelLlmAttributes.ERROR_TYPE, ErrorTypes.of(error));
    }
  }
}

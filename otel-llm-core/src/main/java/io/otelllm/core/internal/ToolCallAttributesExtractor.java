package io.otelllm.core.internal;

import static io.otelllm.core.internal.GenAiExtraAttributesExtractor.putIfNotNull;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.GenAiOperation;

/**
 * The {@code execute_tool} span's attributes. Arguments and result are content: recorded only
 * when a {@link ContentPolicy} is given (capture on), redacted and cut to its limit.
 */
public final class ToolCallAttributesExtractor implements AttributesExtractor<ToolCallState, String> {
  private final ContentPolicy content;

  /** {@code content} is {@code null} when content capture is off. */
  public ToolCallAttributesExtractor(ContentPolicy content) {
    this.content = content;
  }

  @Override
  public void onStart(AttributesBuilder attributes, Context parentContext, ToolCallState tool) {
    attributes.put(GenAiKeys.OPERATION_NAME, GenAiOperation.EXECUTE_TOOL);
    putIfNotNull(attributes, GenAiKeys.TOOL_NAME, tool.toolName());
    putIfNotNull(attributes, GenAiKeys.TOOL_CALL_ID, tool.callId());
    putIfNotNull(attributes, GenAiKeys.TOOL_TYPE, tool.type());
    putIfNotNull(attributes, GenAiKeys.TOOL_DESCRIPTION, tool.description());
    if (content != null) {
      putIfNotNull(attributes, GenAiKeys.TOOL_CALL_ARGUMENTS, content.text(tool.arguments()));
    }
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      ToolCallState tool,
      String result,
      Throwable error) {
    if (content != null) {
      putIfNotNull(attributes, GenAiKeys.TOOL_CALL_RESULT, content.text(result));
    }
    if (error != null) {
      attributes.put(GenAiKeys.ERROR_TYPE, ErrorTypes.of(error));
    }
  }
}

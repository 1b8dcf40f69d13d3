package io.otelllm.core.internal;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.LlmResponse;

/**
 * Records prompts and completions as semconv JSON. Registered only when content capture is on,
 * so with capture off no message JSON is ever built.
 */
public final class ContentAttributesExtractor implements AttributesExtractor<LlmCall, LlmResponse> {
  private final ContentPolicy policy;

  public ContentAttributesExtractor(ContentPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void onStart(AttributesBuilder attributes, Context parentContext, LlmCall call) {
    String system = policy.partsJson(call.request().systemInstructions());
    if (system != null) {
      attributes.put(GenAiKeys.SYSTEM_INSTRUCTIONS, system);
    }
    String input = policy.messagesJson(call.request().inputMessages());
    if (input != null) {
      attributes.put(GenAiKeys.INPUT_MESSAGES, input);
    }
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      LlmCall call,
      LlmResponse response,
      Throwable error) {
    String output = response == null ? null : policy.messagesJson(response.outputMessages());
    if (output != null) {
      attributes.put(GenAiKeys.OUTPUT_MESSAGES, output);
    }
  }
}

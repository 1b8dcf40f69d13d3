package io.otelllm.core.internal;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import org.jspecify.annotations.Nullable;

/**
 * Records prompts and completions as semconv JSON. Registered only when content capture is on, so
 * with capture off no message JSON is ever built.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContentAttributesExtractor
    implements AttributesExtractor<RecordingLlmCall, LlmResponse> {
  private final ContentPolicy policy;

  /** Records content as {@code policy} allows. */
  public ContentAttributesExtractor(ContentPolicy policy) {
    this.policy = policy;
  }

  @Override
  public void onStart(AttributesBuilder attributes, Context parentContext, RecordingLlmCall call) {
    String system = policy.partsJson(call.request().systemInstructions());
    if (system != null) {
      attributes.put(OtelLlmAttributes.GEN_AI_SYSTEM_INSTRUCTIONS, system);
    }
    String input = policy.messagesJson(call.request().inputMessages());
    if (input != null) {
      attributes.put(OtelLlmAttributes.GEN_AI_INPUT_MESSAGES, input);
    }
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      RecordingLlmCall call,
      @Nullable LlmResponse response,
      @Nullable Throwable error) {
    String output = response == null ? null : policy.messagesJson(response.outputMessages());
    if (output != null) {
      attributes.put(OtelLlmAttributes.GEN_AI_OUTPUT_MESSAGES, output);
    }
  }
}

package io.otelllm.core.internal;

import static io.otelllm.core.internal.Values.finite;
import static io.otelllm.core.internal.Values.nonBlank;
import static io.otelllm.core.internal.Values.nonNegative;

import io.opentelemetry.instrumentation.api.incubator.semconv.genai.GenAiAttributesGetter;
import io.otelllm.core.spi.LlmResponse;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Answers the incubator's GenAI attributes and span-name extractors from a {@link
 * RecordingLlmCall}, leaving out what must not be recorded (see {@link Values}).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public enum LlmCallAttributesGetter
    implements GenAiAttributesGetter<RecordingLlmCall, LlmResponse> {
  /** The getter. */
  /** Semconv v1.41. */
  INSTANCE,
  /**
   * The newest shape: {@code gen_ai.request.top_k} is an int, put by {@link
   * GenAiExtraAttributesExtractor}.
   */
  LATEST;

  /** The getter for {@code shape}. */
  public static LlmCallAttributesGetter forShape(GenAiShape shape) {
    return shape.latest() ? LATEST : INSTANCE;
  }

  @Override
  public String getOperationName(RecordingLlmCall call) {
    return call.request().operationName();
  }

  @Override
  public String getSystem(RecordingLlmCall call) {
    // Emitted by the incubator as gen_ai.provider.name (the v1.41 name), not gen_ai.system.
    return call.request().providerName();
  }

  @Override
  public @Nullable String getRequestModel(RecordingLlmCall call) {
    return nonBlank(call.request().requestModel());
  }

  @Override
  public @Nullable Long getRequestSeed(RecordingLlmCall call) {
    return call.request().seed();
  }

  @Override
  public @Nullable List<String> getRequestEncodingFormats(RecordingLlmCall call) {
    return null;
  }

  @Override
  public @Nullable Double getRequestFrequencyPenalty(RecordingLlmCall call) {
    return finite(call.request().frequencyPenalty());
  }

  @Override
  public @Nullable Long getRequestMaxTokens(RecordingLlmCall call) {
    return nonNegative(call.request().maxTokens());
  }

  @Override
  public @Nullable Double getRequestPresencePenalty(RecordingLlmCall call) {
    return finite(call.request().presencePenalty());
  }

  @Override
  public @Nullable List<String> getRequestStopSequences(RecordingLlmCall call) {
    List<String> stops = call.request().stopSequences();
    return stops.isEmpty() ? null : stops;
  }

  @Override
  public @Nullable Double getRequestTemperature(RecordingLlmCall call) {
    return finite(call.request().temperature());
  }

  @Override
  public @Nullable Double getRequestTopK(RecordingLlmCall call) {
    return this == LATEST ? null : finite(call.request().topK());
  }

  @Override
  public @Nullable Double getRequestTopP(RecordingLlmCall call) {
    return finite(call.request().topP());
  }

  @Override
  public @Nullable List<String> getResponseFinishReasons(
      RecordingLlmCall call, @Nullable LlmResponse response) {
    return response == null || response.finishReasons().isEmpty() ? null : response.finishReasons();
  }

  @Override
  public @Nullable String getResponseId(RecordingLlmCall call, @Nullable LlmResponse response) {
    return response == null ? null : nonBlank(response.responseId());
  }

  @Override
  public @Nullable String getResponseModel(RecordingLlmCall call, @Nullable LlmResponse response) {
    return response == null ? null : nonBlank(response.responseModel());
  }

  @Override
  public @Nullable Long getUsageInputTokens(RecordingLlmCall call, @Nullable LlmResponse response) {
    return response == null ? null : nonNegative(response.inputTokens());
  }

  @Override
  public @Nullable Long getUsageOutputTokens(
      RecordingLlmCall call, @Nullable LlmResponse response) {
    return response == null ? null : nonNegative(response.outputTokens());
  }
}

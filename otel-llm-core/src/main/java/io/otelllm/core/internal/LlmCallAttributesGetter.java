package io.otelllm.core.internal;

import io.opentelemetry.instrumentation.api.incubator.semconv.genai.GenAiAttributesGetter;
import io.otelllm.core.LlmResponse;
import java.util.List;

/** Answers the incubator's GenAI extractor, span-name extractor questions from an {@link LlmCall}. */
public enum LlmCallAttributesGetter implements GenAiAttributesGetter<LlmCall, LlmResponse> {
  INSTANCE;

  @Override
  public String getOperationName(LlmCall call) {
    return call.request().operationName();
  }

  @Override
  public String getSystem(LlmCall call) {
    // Emitted by the incubator as gen_ai.provider.name (the v1.41 name), not gen_ai.system.
    return call.request().providerName();
  }

  @Override
  public String getRequestModel(LlmCall call) {
    return call.request().requestModel();
  }

  @Override
  public Long getRequestSeed(LlmCall call) {
    return call.request().seed();
  }

  @Override
  public List<String> getRequestEncodingFormats(LlmCall call) {
    return null;
  }

  @Override
  public Double getRequestFrequencyPenalty(LlmCall call) {
    return call.request().frequencyPenalty();
  }

  @Override
  public Long getRequestMaxTokens(LlmCall call) {
    return call.request().maxTokens();
  }

  @Override
  public Double getRequestPresencePenalty(LlmCall call) {
    return call.request().presencePenalty();
  }

  @Override
  public List<String> getRequestStopSequences(LlmCall call) {
    List<String> stops = call.request().stopSequences();
    return stops.isEmpty() ? null : stops;
  }

  @Override
  public Double getRequestTemperature(LlmCall call) {
    return call.request().temperature();
  }

  @Override
  public Double getRequestTopK(LlmCall call) {
    return call.request().topK();
  }

  @Override
  public Double getRequestTopP(LlmCall call) {
    return call.request().topP();
  }

  @Override
  public List<String> getResponseFinishReasons(LlmCall call, LlmResponse response) {
    return response == null ? null : response.finishReasons();
  }

  @Override
  public String getResponseId(LlmCall call, LlmResponse response) {
    return response == null ? null : response.responseId();
  }

  @Override
  public String getResponseModel(LlmCall call, LlmResponse response) {
    return response == null ? null : response.responseModel();
  }

  @Override
  public Long getUsageInputTokens(LlmCall call, LlmResponse response) {
    return response == null ? null : response.inputTokens();
  }

  @Override
  public Long getUsageOutputTokens(LlmCall call, LlmResponse response) {
    return response == null ? null : response.outputTokens();
  }
}

package io.otelllm.core.internal;

import static io.otelllm.core.internal.Units.nanosToSeconds;

import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.LlmRequest;
import io.otelllm.core.LlmResponse;

/**
 * The v1.41 GenAI attributes the incubator's extractor lacks: server, stream, choice count,
 * output type, conversation id (the request's, else the enclosing agent turn's), cache and reasoning tokens, embedding dimensions, time to first
 * chunk and {@code error.type}.
 */
public final class GenAiExtraAttributesExtractor implements AttributesExtractor<LlmCall, LlmResponse> {

  @Override
  public void onStart(AttributesBuilder attributes, Context parentContext, LlmCall call) {
    LlmRequest request = call.request();
    if (request.serverAddress() != null) {
      attributes.put(GenAiKeys.SERVER_ADDRESS, request.serverAddress());
      if (request.serverPort() != null) {
        attributes.put(GenAiKeys.SERVER_PORT, (long) request.serverPort());
      }
    }
    if (request.stream()) {
      attributes.put(GenAiKeys.REQUEST_STREAM, true);
    }
    if (request.choiceCount() != null && request.choiceCount() != 1) {
      attributes.put(GenAiKeys.REQUEST_CHOICE_COUNT, request.choiceCount());
    }
    putIfNotNull(attributes, GenAiKeys.OUTPUT_TYPE, request.outputType());
    // A call made inside an agent turn belongs to the turn's conversation unless it says otherwise.
    String conversationId = request.conversationId();
    if (conversationId == null) {
      AgentTurnState turn = parentContext.get(AgentTurnState.CONTEXT_KEY);
      conversationId = turn == null ? null : turn.conversationId;
    }
    putIfNotNull(attributes, GenAiKeys.CONVERSATION_ID, conversationId);
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      LlmCall call,
      LlmResponse response,
      Throwable error) {
    // The transport may have learned the real server after start (the adapter could not know it).
    if (call.request().serverAddress() == null && call.serverAddress() != null) {
      attributes.put(GenAiKeys.SERVER_ADDRESS, call.serverAddress());
      if (call.serverPort() > 0) {
        attributes.put(GenAiKeys.SERVER_PORT, (long) call.serverPort());
      }
    }
    if (response != null) {
      putIfNotNull(attributes, GenAiKeys.USAGE_CACHE_READ_INPUT_TOKENS, response.cacheReadInputTokens());
      putIfNotNull(
          attributes, GenAiKeys.USAGE_CACHE_CREATION_INPUT_TOKENS, response.cacheCreationInputTokens());
      putIfNotNull(attributes, GenAiKeys.USAGE_REASONING_OUTPUT_TOKENS, response.reasoningOutputTokens());
      putIfNotNull(attributes, GenAiKeys.EMBEDDINGS_DIMENSION_COUNT, response.embeddingDimensions());
    }
    long ttft = call.timeToFirstChunkNanos();
    if (call.request().stream() && ttft >= 0) {
      attributes.put(GenAiKeys.RESPONSE_TIME_TO_FIRST_CHUNK, nanosToSeconds(ttft));
    }
    if (error != null) {
      attributes.put(GenAiKeys.ERROR_TYPE, ErrorTypes.of(error));
    }
  }

  public static <T> void putIfNotNull(
      AttributesBuilder attributes, io.opentelemetry.api.common.AttributeKey<T> key, T value) {
    if (value != null) {
      attributes.put(key, value);
    }
  }
}

package io.otelllm.core.internal;

import static io.otelllm.core.internal.Units.nanosToSeconds;
import static io.otelllm.core.internal.Values.nonBlank;
import static io.otelllm.core.internal.Values.nonNegative;
import static io.otelllm.core.internal.Values.putIfNotNull;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.AttributesExtractor;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import org.jspecify.annotations.Nullable;

/**
 * The v1.41 GenAI attributes the incubator's extractor lacks: server, stream, choice count, output
 * type, conversation id (the request's, else the enclosing agent turn's), cache and reasoning
 * tokens, embedding dimensions, time to first chunk and {@code error.type}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class GenAiExtraAttributesExtractor
    implements AttributesExtractor<RecordingLlmCall, LlmResponse> {

  /** The newest shape's names where they differ from v1.41. */
  static final AttributeKey<Long> GEN_AI_REQUEST_TOP_K_INT =
      AttributeKey.longKey("gen_ai.request.top_k");

  static final AttributeKey<Long> GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_write.input_tokens");

  private final GenAiShape shape;

  /** The attributes in {@code shape}. */
  public GenAiExtraAttributesExtractor(GenAiShape shape) {
    this.shape = shape;
  }

  @Override
  public void onStart(AttributesBuilder attributes, Context parentContext, RecordingLlmCall call) {
    LlmRequest request = call.request();
    putServer(attributes, nonBlank(request.serverAddress()), request.serverPort());
    if (request.stream()) {
      attributes.put(OtelLlmAttributes.GEN_AI_REQUEST_STREAM, true);
    }
    Long choices = nonNegative(request.choiceCount());
    if (choices != null && choices != 1) {
      attributes.put(OtelLlmAttributes.GEN_AI_REQUEST_CHOICE_COUNT, choices);
    }
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_OUTPUT_TYPE, nonBlank(request.outputType()));
    Double topK = request.topK();
    if (shape.latest() && topK != null && Double.isFinite(topK)) {
      attributes.put(GEN_AI_REQUEST_TOP_K_INT, Math.round(topK));
    }
    // A call made inside an agent turn belongs to the turn's conversation unless it says otherwise.
    // Not on embeddings: v1.41's embeddings span has no gen_ai.conversation.id.
    if (GenAiOperationName.EMBEDDINGS.equals(request.operationName())) {
      return;
    }
    String conversationId = nonBlank(request.conversationId());
    if (conversationId == null) {
      AgentTurnState turn = parentContext.get(AgentTurnState.CONTEXT_KEY);
      conversationId = turn == null ? null : turn.conversationId;
    }
    putIfNotNull(attributes, OtelLlmAttributes.GEN_AI_CONVERSATION_ID, conversationId);
  }

  @Override
  public void onEnd(
      AttributesBuilder attributes,
      Context context,
      RecordingLlmCall call,
      @Nullable LlmResponse response,
      @Nullable Throwable error) {
    // The transport may have learned the real server after start (the adapter could not know it).
    if (nonBlank(call.request().serverAddress()) == null) {
      putServer(attributes, call.serverAddress(), (long) call.serverPort());
    }
    if (response != null) {
      putIfNotNull(
          attributes,
          OtelLlmAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
          nonNegative(response.cacheReadInputTokens()));
      putIfNotNull(
          attributes,
          shape.latest()
              ? GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS
              : OtelLlmAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
          nonNegative(response.cacheCreationInputTokens()));
      putIfNotNull(
          attributes,
          OtelLlmAttributes.GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
          nonNegative(response.reasoningOutputTokens()));
      putIfNotNull(
          attributes,
          OtelLlmAttributes.GEN_AI_EMBEDDINGS_DIMENSION_COUNT,
          nonNegative(response.embeddingDimensions()));
    }
    long ttft = call.timeToFirstChunkNanos();
    if (call.request().stream() && ttft >= 0) {
      attributes.put(OtelLlmAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, nanosToSeconds(ttft));
    }
    if (error != null) {
      attributes.put(OtelLlmAttributes.ERROR_TYPE, ErrorTypes.of(error));
    }
  }

  private static void putServer(
      AttributesBuilder attributes, @Nullable String address, @Nullable Long port) {
    if (address != null) {
      attributes.put(OtelLlmAttributes.SERVER_ADDRESS, address);
      if (port != null && port > 0 && port <= 65535) {
        attributes.put(OtelLlmAttributes.SERVER_PORT, port);
      }
    }
  }
}

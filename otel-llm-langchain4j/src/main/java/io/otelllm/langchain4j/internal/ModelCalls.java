package io.otelllm.langchain4j.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.TokenUsage;
import io.opentelemetry.context.Context;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import java.util.List;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * How a langchain4j model call becomes an LLM call, once, for every way of hooking it: the wrapping
 * models of this adapter, and the Java agent extension's advice on the models' own methods. Start,
 * then end or fail what was started; nothing here throws.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ModelCalls {

  private ModelCalls() {}

  /** Starts {@code model}'s synchronous chat of {@code request} under the current context. */
  public static LlmCall startChat(LlmTelemetry telemetry, ChatModel model, ChatRequest request) {
    boolean capture = telemetry.capturesMessageContent();
    return Operations.startCall(
        telemetry,
        () ->
            LangChain4jFacts.chatRequest(
                request, model.defaultRequestParameters(), model.provider(), false, capture));
  }

  /** Ends a chat started by {@link #startChat} with what the model answered. */
  public static void endChat(LlmTelemetry telemetry, LlmCall call, ChatResponse response) {
    boolean capture = telemetry.capturesMessageContent();
    Operations.end(call, () -> LangChain4jFacts.chatResponse(response, capture));
  }

  /** Starts {@code model}'s stream of {@code request} under the current context. */
  public static LlmCall startStreamingChat(
      LlmTelemetry telemetry, StreamingChatModel model, ChatRequest request) {
    boolean capture = telemetry.capturesMessageContent();
    return Operations.startCall(
        telemetry,
        () ->
            LangChain4jFacts.chatRequest(
                request, model.defaultRequestParameters(), model.provider(), true, capture));
  }

  /**
   * The handler that ends a stream started by {@link #startStreamingChat} when it completes, fails
   * or is cancelled, before {@code handler} hears of it ({@code caller}: the context the call was
   * made in).
   */
  public static StreamingChatResponseHandler streamingHandler(
      LlmTelemetry telemetry,
      LlmCall call,
      Context caller,
      StreamingChatResponseHandler handler,
      boolean propagateContext) {
    return new TracingStreamingHandler(
        call, caller, handler, telemetry.capturesMessageContent(), propagateContext);
  }

  /**
   * {@code model}'s reactive stream of {@code request} (langchain4j 1.20+), traced: each
   * subscription is one call, started when it subscribes and ended at the {@code CompleteResponse},
   * the error or the cancellation.
   */
  public static Flow.Publisher<Object> tracedPublisher(
      LlmTelemetry telemetry,
      StreamingChatModel model,
      ChatRequest request,
      Flow.Publisher<Object> publisher,
      boolean propagateContext) {
    return new TracingChatEventPublisher(publisher, telemetry, model, request, propagateContext);
  }

  /**
   * Starts {@code model}'s embeddings call under the current context ({@code requestedModel}: the
   * request's own model, if it names one).
   */
  public static LlmCall startEmbeddings(
      LlmTelemetry telemetry, EmbeddingModel model, @Nullable String requestedModel) {
    return Operations.startCall(
        telemetry,
        () ->
            LlmRequest.builder(GenAiOperationName.EMBEDDINGS, LangChain4jFacts.providerName(model))
                .setRequestModel(requestedModel != null ? requestedModel : model.modelName())
                .build());
  }

  /** Ends an embeddings call started by {@link #startEmbeddings}. */
  public static void endEmbeddings(
      LlmCall call,
      @Nullable List<Embedding> embeddings,
      @Nullable TokenUsage usage,
      @Nullable String responseModel) {
    Operations.end(
        call,
        () -> {
          LlmResponse.Builder b = LlmResponse.builder().setResponseModel(responseModel);
          if (embeddings != null && !embeddings.isEmpty() && embeddings.get(0) != null) {
            b.setEmbeddingDimensions((long) embeddings.get(0).dimension());
          }
          if (usage != null) {
            b.setInputTokens(LangChain4jFacts.toLong(usage.inputTokenCount()));
          }
          return b.build();
        });
  }
}

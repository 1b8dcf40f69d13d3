package io.otelllm.benchmarks;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

/** Models that answer instantly in-process: what is left is the instrumentation's own cost. */
final class InstantModels {
  static final ChatResponse RESPONSE =
      ChatResponse.builder()
          .aiMessage(AiMessage.from("Hello! How are you today?"))
          .modelName("llama3.2")
          .tokenUsage(new TokenUsage(26, 298))
          .finishReason(FinishReason.STOP)
          .build();

  static final StreamingHandle HANDLE =
      new StreamingHandle() {
        @Override
        public void cancel() {}

        @Override
        public boolean isCancelled() {
          return false;
        }
      };
  static final PartialResponse PARTIAL = new PartialResponse(" sky");
  static final PartialResponseContext PARTIAL_CONTEXT = new PartialResponseContext(HANDLE);

  private InstantModels() {}

  static final class Chat implements ChatModel {
    @Override
    public ChatResponse doChat(ChatRequest request) {
      return RESPONSE;
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OLLAMA;
    }
  }

  /** Streams {@code chunks} partial responses synchronously, then completes. */
  static final class Streaming implements StreamingChatModel {
    private final int chunks;

    Streaming(int chunks) {
      this.chunks = chunks;
    }

    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      for (int i = 0; i < chunks; i++) {
        handler.onPartialResponse(PARTIAL, PARTIAL_CONTEXT);
      }
      handler.onCompleteResponse(RESPONSE);
    }

    @Override
    public ModelProvider provider() {
      return ModelProvider.OLLAMA;
    }
  }

  /** A user handler that does almost nothing, so the benchmark sees the wrapper's cost. */
  static final class CountingHandler implements StreamingChatResponseHandler {
    long chunks;

    @Override
    public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
      chunks++;
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {}

    @Override
    public void onError(Throwable error) {}
  }
}

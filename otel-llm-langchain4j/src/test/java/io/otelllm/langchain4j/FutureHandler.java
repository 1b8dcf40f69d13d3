package io.otelllm.langchain4j;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A streaming handler whose outcome is a future: completed with the response, or the error. */
class FutureHandler implements StreamingChatResponseHandler {
  final CompletableFuture<ChatResponse> result = new CompletableFuture<>();

  /** Streams {@code request} through {@code model}; the future completes when the stream does. */
  static CompletableFuture<ChatResponse> stream(StreamingChatModel model, ChatRequest request) {
    FutureHandler handler = new FutureHandler();
    model.chat(request, handler);
    return handler.result;
  }

  static CompletableFuture<ChatResponse> stream(StreamingChatModel model, String userMessage) {
    FutureHandler handler = new FutureHandler();
    model.chat(userMessage, handler);
    return handler.result;
  }

  /** Waits for the stream: the error it ended with, or {@code null} when it completed. */
  Throwable awaitError(long seconds) throws InterruptedException, TimeoutException {
    try {
      result.get(seconds, TimeUnit.SECONDS);
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    }
  }

  @Override
  public void onCompleteResponse(ChatResponse response) {
    result.complete(response);
  }

  @Override
  public void onError(Throwable error) {
    result.completeExceptionally(error);
  }
}

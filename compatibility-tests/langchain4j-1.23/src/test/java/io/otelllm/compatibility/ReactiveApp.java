package io.otelllm.compatibility;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatModelStreamingEvent;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain langchain4j 1.23 program with no OpenTelemetry in it, for the Java agent: four reactive
 * streams read to the end, two cancelled after two chunks, one through the callback API of the same
 * model. Prints what it received ({@code step: value}).
 */
public final class ReactiveApp {

  private ReactiveApp() {}

  public static void main(String[] args) throws Exception {
    StreamingChatModel model = new ReactiveOllamaModel(args[0], args[1]);
    for (int i = 0; i < 4; i++) {
      System.out.println("full " + i + ": " + stream(model, "full " + i, -1));
    }
    for (int i = 0; i < 2; i++) {
      System.out.println("cancelled " + i + ": " + stream(model, "cancelled " + i, 2));
    }
    CompletableFuture<ChatResponse> answer = new CompletableFuture<>();
    model.chat(
        request("callback"),
        new StreamingChatResponseHandler() {
          @Override
          public void onCompleteResponse(ChatResponse response) {
            answer.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            answer.completeExceptionally(error);
          }
        });
    System.out.println("callback: " + answer.get(10, TimeUnit.SECONDS).aiMessage().text());
  }

  static ChatRequest request(String text) {
    return ChatRequest.builder().messages(UserMessage.from(text)).build();
  }

  /** Events received (the last one's kind after a slash), cancelling after {@code cancelAfter}. */
  static String stream(StreamingChatModel model, String text, int cancelAfter) throws Exception {
    CompletableFuture<String> done = new CompletableFuture<>();
    AtomicInteger events = new AtomicInteger();
    model
        .chat(request(text))
        .subscribe(
            new Flow.Subscriber<ChatModelStreamingEvent>() {
              Flow.Subscription subscription;

              @Override
              public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ChatModelStreamingEvent event) {
                int n = events.incrementAndGet();
                if (n == cancelAfter) {
                  subscription.cancel();
                  done.complete(n + "/cancelled");
                } else if (event instanceof CompleteResponse) {
                  done.complete(n + "/complete");
                }
              }

              @Override
              public void onError(Throwable t) {
                done.complete(events.get() + "/" + t.getClass().getName());
              }

              @Override
              public void onComplete() {}
            });
    return done.get(10, TimeUnit.SECONDS);
  }
}

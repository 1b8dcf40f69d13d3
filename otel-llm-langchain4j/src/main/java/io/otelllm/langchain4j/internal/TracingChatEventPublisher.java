package io.otelllm.langchain4j.internal;

import com.google.errorprone.annotations.MustBeClosed;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialToolCall;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Flow;

/**
 * A model's reactive stream (langchain4j 1.20+, {@code Flow.Publisher<ChatModelStreamingEvent>}),
 * traced: every subscription is one LLM call, from {@code subscribe} to the {@code
 * CompleteResponse}, the error or the cancellation. Events, their order, errors, demand and
 * cancellation pass through untouched; the span only watches. The same lifecycle as the callback
 * path ({@link TracingStreamingHandler}): the first chunk-like event stamps the time to first
 * chunk, every one counts, the span ends before the subscriber hears of the completion or error,
 * and a cancelled subscription ends it as a failure with {@link CancellationException}.
 */
final class TracingChatEventPublisher implements Flow.Publisher<Object> {
  private final Flow.Publisher<Object> delegate;
  private final LlmTelemetry telemetry;
  private final StreamingChatModel model;
  private final ChatRequest request;
  private final boolean propagateContext;

  TracingChatEventPublisher(
      Flow.Publisher<Object> delegate,
      LlmTelemetry telemetry,
      StreamingChatModel model,
      ChatRequest request,
      boolean propagateContext) {
    this.delegate = delegate;
    this.telemetry = telemetry;
    this.model = model;
    this.request = request;
    this.propagateContext = propagateContext;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super Object> subscriber) {
    Context caller = Context.current();
    LlmCall call = ModelCalls.startStreamingChat(telemetry, model, request);
    TracingSubscriber traced =
        new TracingSubscriber(
            call, caller, subscriber, telemetry.capturesMessageContent(), propagateContext);
    // Current while the stream is set up on this thread: a provider that starts its HTTP request
    // in subscribe() (or a model delegating to another) sees the call as its parent.
    try (Scope ignored = call.makeCurrent()) {
      delegate.subscribe(traced);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
  }

  @Override
  public String toString() {
    return "Traced" + delegate;
  }

  private static final class TracingSubscriber implements Flow.Subscriber<Object> {
    private final LlmCall call;
    private final Context caller;
    private final Flow.Subscriber<? super Object> downstream;
    private final boolean captureContent;
    private final boolean propagateContext;
    // Signals to a subscriber are serial (Reactive Streams rule 1.3): plain fields suffice.
    private long unknownEvents;
    private boolean completed;

    TracingSubscriber(
        LlmCall call,
        Context caller,
        Flow.Subscriber<? super Object> downstream,
        boolean captureContent,
        boolean propagateContext) {
      this.call = call;
      this.caller = caller;
      this.downstream = downstream;
      this.captureContent = captureContent;
      this.propagateContext = propagateContext;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      downstream.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              subscription.request(n);
            }

            @Override
            public void cancel() {
              // A cancelled subscription gets no further signal: end the span here.
              call.fail(new CancellationException("streaming cancelled by the application"));
              subscription.cancel();
            }
          });
    }

    @Override
    public void onNext(Object event) {
      ChatResponse response = ReactiveChat.completeResponse(event);
      if (response != null) {
        completed = true;
        recordUnknownEvents();
        Operations.end(call, () -> LangChain4jFacts.chatResponse(response, captureContent));
        try (Scope ignored = caller.makeCurrent()) {
          downstream.onNext(event);
        }
        return;
      }
      if (event instanceof PartialResponse
          || event instanceof PartialThinking
          || event instanceof PartialToolCall
          || event instanceof CompleteToolCall) {
        call.onChunk();
      } else if (!ReactiveChat.isRawEvent(event)) {
        unknownEvents++;
      }
      try (Scope ignored = callbackScope()) {
        downstream.onNext(event);
      }
    }

    @Override
    public void onError(Throwable error) {
      recordUnknownEvents();
      call.fail(error);
      try (Scope ignored = caller.makeCurrent()) {
        downstream.onError(error);
      }
    }

    @Override
    public void onComplete() {
      if (!completed) {
        // A stream that completed without its CompleteResponse: ended with what is known.
        recordUnknownEvents();
        call.end(LlmResponse.empty());
      }
      try (Scope ignored = caller.makeCurrent()) {
        downstream.onComplete();
      }
    }

    @MustBeClosed
    private Scope callbackScope() {
      return propagateContext ? call.makeCurrent() : Scope.noop();
    }

    private void recordUnknownEvents() {
      if (unknownEvents > 0 && call.isRecording()) {
        Span.fromContext(call.context())
            .setAttribute(OtelLlmAttributes.RESPONSE_UNKNOWN_EVENT_COUNT, unknownEvents);
      }
    }
  }
}

package io.otelllm.langchain4j.internal;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Flow;

/**
 * A {@link StreamingChatModel} that traces every streamed {@code chat}; otherwise it is the wrapped
 * model.
 */
public final class TracingStreamingChatModel implements StreamingChatModel {
  private final StreamingChatModel delegate;
  private final LlmTelemetry telemetry;
  private final boolean propagateContext;

  /** Traces {@code delegate}'s streams through {@code telemetry}. */
  public TracingStreamingChatModel(
      StreamingChatModel delegate, LlmTelemetry telemetry, boolean propagateContext) {
    this.delegate = delegate;
    this.telemetry = telemetry;
    this.propagateContext = propagateContext;
  }

  @Override
  public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
    traced(request, handler, h -> delegate.chat(request, h));
  }

  @Override
  public void chat(
      ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
    traced(request, handler, h -> delegate.chat(request, options, h));
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    traced(request, handler, h -> delegate.doChat(request, h));
  }

  /**
   * langchain4j 1.20+: {@code Flow.Publisher<ChatModelStreamingEvent> chat(ChatRequest)}, traced
   * per subscription. Same erased signature as the interface's method on those versions, so it
   * overrides it there; on older versions the interface has no such method and nothing calls this.
   * The delegate's publisher is returned traced whatever it is: a model without the reactive path
   * fails its subscribers exactly as it would unwrapped ({@code AsyncNotSupportedException}).
   *
   * @param request the request
   * @return the delegate's event stream, traced
   */
  public Flow.Publisher<Object> chat(ChatRequest request) {
    return ModelCalls.tracedPublisher(
        telemetry, delegate, request, ReactiveChat.chat(delegate, request), propagateContext);
  }

  /**
   * langchain4j 1.20+: {@code Flow.Publisher<ChatModelStreamingEvent> doChat(ChatRequest)}, traced
   * per subscription (see {@link #chat(ChatRequest)}).
   *
   * @param request the request
   * @return the delegate's event stream, traced
   */
  public Flow.Publisher<Object> doChat(ChatRequest request) {
    return ModelCalls.tracedPublisher(
        telemetry, delegate, request, ReactiveChat.doChat(delegate, request), propagateContext);
  }

  private void traced(
      ChatRequest request,
      StreamingChatResponseHandler handler,
      java.util.function.Consumer<StreamingChatResponseHandler> send) {
    Context caller = Context.current();
    LlmCall call = ModelCalls.startStreamingChat(telemetry, delegate, request);
    StreamingChatResponseHandler traced =
        ModelCalls.streamingHandler(telemetry, call, caller, handler, propagateContext);
    // Current only while the request is handed over on this thread: the transport captures the
    // call here; the stream's own threads get the context from the handler, per callback.
    try (Scope ignored = call.makeCurrent()) {
      send.accept(traced);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return delegate.listeners();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public String toString() {
    return "Traced" + delegate;
  }
}

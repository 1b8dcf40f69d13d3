package io.otelllm.langchain4j.internal;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.context.Scope;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;
import java.util.List;
import java.util.Set;

/**
 * A {@link ChatModel} that traces every {@code chat} of the model it wraps; otherwise it is that
 * model.
 */
public final class TracingChatModel implements ChatModel {
  private final ChatModel delegate;
  private final LlmTelemetry telemetry;

  /** Traces {@code delegate}'s calls through {@code telemetry}. */
  public TracingChatModel(ChatModel delegate, LlmTelemetry telemetry) {
    this.delegate = delegate;
    this.telemetry = telemetry;
  }

  @Override
  public ChatResponse chat(ChatRequest request) {
    return traced(request, () -> delegate.chat(request));
  }

  @Override
  public ChatResponse chat(ChatRequest request, ChatRequestOptions options) {
    return traced(request, () -> delegate.chat(request, options));
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    return traced(request, () -> delegate.doChat(request));
  }

  private ChatResponse traced(ChatRequest request, java.util.function.Supplier<ChatResponse> send) {
    LlmCall call = ModelCalls.startChat(telemetry, delegate, request);
    ChatResponse response;
    // The model runs with the LLM span current, so the HTTP layer can add what only it sees.
    try (Scope ignored = call.makeCurrent()) {
      response = send.get();
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    ModelCalls.endChat(telemetry, call, response);
    return response;
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

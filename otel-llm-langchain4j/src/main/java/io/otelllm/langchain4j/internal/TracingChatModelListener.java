package io.otelllm.langchain4j.internal;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;

/**
 * Traces chat calls through langchain4j's listener hook, for models built elsewhere (AiServices,
 * frameworks). The call travels in langchain4j's per-request attribute map, never in a thread-local
 * scope. What a listener cannot see: streamed chunks (no TTFT, no first-token event, no chunk
 * count), whether the call streams, and — since no scope is made current — the HTTP layer's server
 * address and Ollama timings. Prefer the model decorators where you build the model.
 */
public final class TracingChatModelListener implements ChatModelListener {
  private static final Object KEY = new Object();

  private final LlmTelemetry telemetry;

  /** Traces the calls it hears of through {@code telemetry}. */
  public TracingChatModelListener(LlmTelemetry telemetry) {
    this.telemetry = telemetry;
  }

  @Override
  public void onRequest(ChatModelRequestContext context) {
    boolean capture = telemetry.capturesMessageContent();
    // The request in the context is already merged with the model's defaults.
    LlmCall call =
        Operations.startCall(
            telemetry,
            () ->
                LangChain4jFacts.chatRequest(
                    context.chatRequest(), null, context.modelProvider(), false, capture));
    context.attributes().put(KEY, call);
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    Object started = context.attributes().remove(KEY);
    if (started instanceof LlmCall call) {
      boolean capture = telemetry.capturesMessageContent();
      Operations.end(call, () -> LangChain4jFacts.chatResponse(context.chatResponse(), capture));
    }
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    Object started = context.attributes().remove(KEY);
    if (started instanceof LlmCall call) {
      call.fail(context.error());
    }
  }
}

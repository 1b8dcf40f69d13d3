package io.otelllm.langchain4j.internal;

import com.google.errorprone.annotations.MustBeClosed;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteToolCall;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.chat.response.StreamingHandle;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.otelllm.core.spi.LlmCall;
import java.util.concurrent.CancellationException;
import org.jspecify.annotations.Nullable;

/**
 * Sits between a streaming model and the user's handler. Every callback counts toward the span
 * (first chunk = TTFT) and then runs the user's handler with the LLM span's context current for
 * that callback only (unless turned off, to save the scope's allocation per chunk) — no scope
 * outlives a callback, whichever thread delivers it. The span is ended before the user's completion
 * or error callback runs, and that callback runs under the context the call was made in: what the
 * user's code does there is the caller's next step, not part of the ended call — an AI service's
 * tools and its next model call nest under the agent span, as siblings of this call. Cancelling
 * through the stream's handle ends the span too.
 */
public final class TracingStreamingHandler implements StreamingChatResponseHandler {
  private final LlmCall call;
  private final Context caller;
  private final StreamingChatResponseHandler user;
  private final boolean captureContent;
  private final boolean propagateContext;

  /**
   * Stands between the stream of {@code call}, called under {@code caller}, and the user's handler.
   */
  public TracingStreamingHandler(
      LlmCall call,
      Context caller,
      StreamingChatResponseHandler user,
      boolean captureContent,
      boolean propagateContext) {
    this.call = call;
    this.caller = caller;
    this.user = user;
    this.captureContent = captureContent;
    this.propagateContext = propagateContext;
  }

  /** The LLM span's context for one callback; with propagation off, nothing (and no allocation). */
  @MustBeClosed
  private Scope callbackScope() {
    return propagateContext ? call.makeCurrent() : Scope.noop();
  }

  @Override
  public void onPartialResponse(String partialResponse) {
    call.onChunk();
    try (Scope ignored = callbackScope()) {
      user.onPartialResponse(partialResponse);
    }
  }

  @Override
  public void onPartialResponse(PartialResponse partialResponse, PartialResponseContext context) {
    call.onChunk();
    try (Scope ignored = callbackScope()) {
      user.onPartialResponse(partialResponse, responseContext(context));
    }
  }

  // One stream delivers the same handle with every chunk: wrap it once, not once per chunk.
  // Chunks of a stream arrive one at a time, so plain fields suffice.
  private @Nullable StreamingHandle lastHandle;
  private @Nullable PartialResponseContext lastResponseContext;

  private PartialResponseContext responseContext(PartialResponseContext context) {
    StreamingHandle original = context.streamingHandle();
    PartialResponseContext wrapped = lastResponseContext;
    if (wrapped == null || original != lastHandle) {
      wrapped = new PartialResponseContext(handle(original));
      lastHandle = original;
      lastResponseContext = wrapped;
    }
    return wrapped;
  }

  @Override
  public void onPartialThinking(PartialThinking partialThinking) {
    call.onChunk();
    try (Scope ignored = callbackScope()) {
      user.onPartialThinking(partialThinking);
    }
  }

  @Override
  public void onPartialThinking(PartialThinking partialThinking, PartialThinkingContext context) {
    call.onChunk();
    try (Scope ignored = callbackScope()) {
      user.onPartialThinking(
          partialThinking, new PartialThinkingContext(handle(context.streamingHandle())));
    }
  }

  @Override
  public void onPartialToolCall(PartialToolCall partialToolCall) {
    call.onChunk();
    try (Scope ignored = callbackScope()) {
      user.onPartialToolCall(partialToolCall);
    }
  }

  @Override
  public void onPartialToolCall(PartialToolCall partialToolCall, PartialToolCallContext context) {
    call.onChunk();
    try (Scope ignored = callbackScope()) {
      user.onPartialToolCall(
          partialToolCall, new PartialToolCallContext(handle(context.streamingHandle())));
    }
  }

  @Override
  public void onCompleteToolCall(CompleteToolCall completeToolCall) {
    // Ollama sends tool calls whole: the first one may be the first chunk of the stream.
    call.onChunk();
    try (Scope ignored = callbackScope()) {
      user.onCompleteToolCall(completeToolCall);
    }
  }

  // A provider event langchain4j did not map, passed on: without this the interface's no-op
  // default would swallow it between the model and the user's handler. Not a chunk.
  @Override
  public void onUnmappedRawEvent(Object rawEvent) {
    try (Scope ignored = callbackScope()) {
      user.onUnmappedRawEvent(rawEvent);
    }
  }

  @Override
  public void onCompleteResponse(ChatResponse response) {
    Operations.end(call, () -> LangChain4jFacts.chatResponse(response, captureContent));
    try (Scope ignored = caller.makeCurrent()) {
      user.onCompleteResponse(response);
    }
  }

  @Override
  public void onError(Throwable error) {
    call.fail(error);
    try (Scope ignored = caller.makeCurrent()) {
      user.onError(error);
    }
  }

  private StreamingHandle handle(StreamingHandle original) {
    return new StreamingHandle() {
      @Override
      public void cancel() {
        // A cancelled stream gets no further callback: end the span here, or it would never end.
        call.fail(new CancellationException("streaming cancelled by the application"));
        original.cancel();
      }

      @Override
      public boolean isCancelled() {
        return original.isCancelled();
      }
    };
  }
}

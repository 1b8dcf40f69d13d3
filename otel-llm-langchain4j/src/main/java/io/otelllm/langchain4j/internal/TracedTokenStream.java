package io.otelllm.langchain4j.internal;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.PartialThinking;
import dev.langchain4j.model.chat.response.PartialThinkingContext;
import dev.langchain4j.model.chat.response.PartialToolCall;
import dev.langchain4j.model.chat.response.PartialToolCallContext;
import dev.langchain4j.model.chat.response.StreamingHandle;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.service.TokenStream;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolExecution;
import io.opentelemetry.context.Scope;
import io.otelllm.core.AgentTurn;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A streaming AI-service invocation: its agent span starts when the stream starts and ends when
 * langchain4j reports the invocation completed or failed — or when the application cancels the
 * stream — not when the method returns. The first model call is started under the span; the rest of
 * the tool loop runs in completion callbacks, under the span too (see {@link
 * TracingStreamingHandler}).
 *
 * <p>{@link #ignoreErrors()} becomes an error handler that does nothing, so that langchain4j still
 * reports the failure that ends the span.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class TracedTokenStream implements TokenStream {
  private final TokenStream delegate;
  private final UUID invocationId;
  private final AgentTurn.Builder turnBuilder;
  private final AiServiceInvocations invocations;
  private volatile @Nullable AgentTurn turn;

  TracedTokenStream(
      TokenStream delegate,
      UUID invocationId,
      AgentTurn.Builder turnBuilder,
      AiServiceInvocations invocations) {
    this.delegate = delegate;
    this.invocationId = invocationId;
    this.turnBuilder = turnBuilder;
    this.invocations = invocations;
  }

  @Override
  public void start() {
    if (turn != null) {
      // Started twice: langchain4j decides what that means; the span is the first start's.
      delegate.start();
      return;
    }
    AgentTurn started = turnBuilder.start();
    turn = started;
    invocations.streamStarted(invocationId, started);
    try (Scope ignored = started.makeCurrent()) {
      delegate.start();
    } catch (RuntimeException | Error e) {
      end(started, e);
      throw e;
    }
  }

  private void cancelled() {
    AgentTurn started = turn;
    if (started != null) {
      end(started, new CancellationException("streaming cancelled by the application"));
    }
  }

  private void end(AgentTurn started, Throwable error) {
    if (invocations.streamEnded(invocationId, started)) {
      started.fail(error);
    }
  }

  private StreamingHandle handle(StreamingHandle original) {
    return new StreamingHandle() {
      @Override
      public void cancel() {
        cancelled();
        original.cancel();
      }

      @Override
      public boolean isCancelled() {
        return original.isCancelled();
      }
    };
  }

  @Override
  public TokenStream onPartialResponse(Consumer<String> handler) {
    delegate.onPartialResponse(handler);
    return this;
  }

  @Override
  public TokenStream onPartialResponseWithContext(
      BiConsumer<PartialResponse, PartialResponseContext> handler) {
    delegate.onPartialResponseWithContext(
        (partial, context) ->
            handler.accept(partial, new PartialResponseContext(handle(context.streamingHandle()))));
    return this;
  }

  @Override
  public TokenStream onPartialThinking(Consumer<PartialThinking> handler) {
    delegate.onPartialThinking(handler);
    return this;
  }

  @Override
  public TokenStream onPartialThinkingWithContext(
      BiConsumer<PartialThinking, PartialThinkingContext> handler) {
    delegate.onPartialThinkingWithContext(
        (partial, context) ->
            handler.accept(partial, new PartialThinkingContext(handle(context.streamingHandle()))));
    return this;
  }

  @Override
  public TokenStream onPartialToolCall(Consumer<PartialToolCall> handler) {
    delegate.onPartialToolCall(handler);
    return this;
  }

  @Override
  public TokenStream onPartialToolCallWithContext(
      BiConsumer<PartialToolCall, PartialToolCallContext> handler) {
    delegate.onPartialToolCallWithContext(
        (partial, context) ->
            handler.accept(partial, new PartialToolCallContext(handle(context.streamingHandle()))));
    return this;
  }

  @Override
  public TokenStream onRetrieved(Consumer<List<Content>> handler) {
    delegate.onRetrieved(handler);
    return this;
  }

  @Override
  public TokenStream onIntermediateResponse(Consumer<ChatResponse> handler) {
    delegate.onIntermediateResponse(handler);
    return this;
  }

  @Override
  public TokenStream beforeToolExecution(Consumer<BeforeToolExecution> handler) {
    delegate.beforeToolExecution(handler);
    return this;
  }

  @Override
  public TokenStream onUnmappedRawEvent(Consumer<Object> handler) {
    delegate.onUnmappedRawEvent(handler);
    return this;
  }

  @Override
  public TokenStream onToolExecuted(Consumer<ToolExecution> handler) {
    delegate.onToolExecuted(handler);
    return this;
  }

  @Override
  public TokenStream onCompleteResponse(Consumer<ChatResponse> handler) {
    delegate.onCompleteResponse(handler);
    return this;
  }

  @Override
  public TokenStream onError(Consumer<Throwable> handler) {
    delegate.onError(handler);
    return this;
  }

  @Override
  public TokenStream ignoreErrors() {
    delegate.onError(ignored -> {});
    return this;
  }
}

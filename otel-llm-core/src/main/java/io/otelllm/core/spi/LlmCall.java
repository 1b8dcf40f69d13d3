package io.otelllm.core.spi;

import com.google.errorprone.annotations.MustBeClosed;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.internal.LlmCallContextKey;
import io.otelllm.core.internal.NoopLlmCall;
import org.jspecify.annotations.Nullable;

/**
 * One LLM call in flight: the lifecycle every adapter (synchronous, streaming, listener) drives,
 * with the same verbs as an agent turn and a tool execution. {@link LlmTelemetry#llmCall}
 * configures it and {@link Builder#start()} starts it; then {@link #onChunk()} for each streamed
 * chunk; then exactly one of {@link #end(LlmResponse)} or {@link #fail(Throwable)} — a second end
 * is ignored, so a completion racing a cancellation on another thread is harmless.
 *
 * <pre>{@code
 * LlmCall call = telemetry.llmCall(request).start();
 * try (Scope scope = call.makeCurrent()) {
 *   Answer answer = client.send(...);
 *   call.end(LlmResponse.builder().setInputTokens(answer.promptTokens()).build());
 *   return answer;
 * } catch (RuntimeException e) {
 *   call.fail(e);
 *   throw e;
 * }
 * }</pre>
 *
 * <p>No method throws: telemetry failures are logged and swallowed, never passed to the caller.
 * Methods may be called from any thread.
 */
public interface LlmCall {

  /** The call whose span is in {@code context}, or a no-op one. */
  static LlmCall fromContext(@Nullable Context context) {
    LlmCall call = context == null ? null : context.get(LlmCallContextKey.KEY);
    return call == null ? NoopLlmCall.INSTANCE : call;
  }

  /** The call started in (or made current on) this thread's current context, or a no-op one. */
  static LlmCall current() {
    return fromContext(Context.current());
  }

  /** A call that records nothing. */
  static LlmCall noop() {
    return NoopLlmCall.INSTANCE;
  }

  /** The context holding this call's span; hand it to other threads as the parent. */
  Context context();

  /** Makes {@link #context()} current on this thread; close the scope on the same thread. */
  @MustBeClosed
  default Scope makeCurrent() {
    return context().makeCurrent();
  }

  /** Whether anything is recorded (false for a no-op or unsampled call). */
  boolean isRecording();

  /**
   * Records the arrival of one streamed chunk. The first stamps the time to first chunk and the
   * first-token event; later ones only count. Cheap: no allocation after the first.
   */
  void onChunk();

  /**
   * The server actually contacted, when only the transport knows it (port {@code <= 0}: unknown).
   */
  void setServer(String address, int port);

  /** Timings the model server reported about its own work. */
  void recordServerTimings(ServerTimings timings);

  /** The HTTP status of a failed response. */
  void recordHttpStatus(int statusCode);

  /** Ends the call successfully. */
  void end(LlmResponse response);

  /** Ends the call with an error: status ERROR, {@code error.type} = the exception's class. */
  void fail(Throwable error);

  /** Ends the call with an error, keeping what was learned before it (partial usage, …). */
  void fail(Throwable error, LlmResponse partial);

  /** Configures an {@link LlmCall}; from {@link LlmTelemetry#llmCall(LlmRequest)}. */
  interface Builder {

    /**
     * The call's parent; by default the context current when it starts. For a call started on
     * behalf of work begun on another thread.
     */
    Builder setParent(Context parent);

    /**
     * Starts the call, not yet current on any thread ({@link LlmCall#makeCurrent()}). Never throws.
     *
     * <p>A call started while another is in flight in its parent is the same LLM call seen twice —
     * a model that delegates to another model, a wrapped model inside another wrapper, two
     * instrumented entry points of one model — and records nothing of its own: the returned call
     * keeps the outer one's context, so what a transport adds lands on the outer span.
     */
    LlmCall start();
  }
}

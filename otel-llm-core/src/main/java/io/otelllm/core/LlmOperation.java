package io.otelllm.core;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.otelllm.core.internal.LlmCall;

/**
 * One LLM operation in flight: the lifecycle every adapter (synchronous, streaming, listener)
 * drives. {@link LlmTelemetry#begin} starts it; then {@link #onChunk()} for each streamed chunk;
 * then exactly one of {@link #end(LlmResponse)} or {@link #fail(Throwable)} — a second end is
 * ignored, so a completion racing a cancellation on another thread is harmless.
 *
 * <p>No method throws: telemetry failures are logged and swallowed, never passed to the caller.
 * Methods may be called from any thread.
 */
public interface LlmOperation {

  /** The operation whose span is in {@code context}'s LLM-call slot, or a no-op one. */
  static LlmOperation fromContext(Context context) {
    LlmOperation operation = context == null ? null : context.get(LlmCall.CONTEXT_KEY);
    return operation == null ? noop() : operation;
  }

  /** The operation started in (or made current on) this thread's current context, or a no-op one. */
  static LlmOperation current() {
    return fromContext(Context.current());
  }

  /** An operation that records nothing. */
  static LlmOperation noop() {
    return LlmCall.NOOP;
  }

  /** The context holding this operation's span; hand it to other threads as the parent. */
  Context context();

  /** Makes {@link #context()} current on this thread; close the scope on the same thread. */
  default Scope makeCurrent() {
    return context().makeCurrent();
  }

  /** Whether anything is recorded (false for a no-op or unsampled operation). */
  boolean isRecording();

  /**
   * Records the arrival of one streamed chunk. The first stamps the time to first chunk and the
   * first-token event; later ones only count. Cheap: no allocation after the first.
   */
  void onChunk();

  /** The server actually contacted, when only the transport knows it (port {@code <= 0}: unknown). */
  void setServer(String address, int port);

  /** Timings the model server reported about its own work. */
  void recordServerTimings(ServerTimings timings);

  /** The HTTP status of a failed response. */
  void recordHttpStatus(int statusCode);

  /** Ends the operation successfully. */
  void end(LlmResponse response);

  /** Ends the operation with an error: status ERROR, {@code error.type} = the exception's class. */
  void fail(Throwable error);

  /** Ends the operation with an error, keeping what was learned before it (partial usage, …). */
  void fail(Throwable error, LlmResponse partial);
}

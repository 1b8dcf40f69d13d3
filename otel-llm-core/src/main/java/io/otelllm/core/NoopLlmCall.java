package io.otelllm.core;

import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/** The call used when nothing is recorded: not sampled, or telemetry itself failed. */
final class NoopLlmCall implements LlmCall {

  static final LlmCall INSTANCE = new NoopLlmCall(null);

  private final @Nullable Context parent;

  NoopLlmCall(@Nullable Context parent) {
    this.parent = parent;
  }

  @Override
  public Context context() {
    return parent == null ? Context.current() : parent;
  }

  @Override
  public boolean isRecording() {
    return false;
  }

  @Override
  public void onChunk() {}

  @Override
  public void setServer(String address, int port) {}

  @Override
  public void recordServerTimings(ServerTimings timings) {}

  @Override
  public void recordHttpStatus(int statusCode) {}

  @Override
  public void end(LlmResponse response) {}

  @Override
  public void fail(Throwable error) {}

  @Override
  public void fail(Throwable error, LlmResponse partial) {}
}

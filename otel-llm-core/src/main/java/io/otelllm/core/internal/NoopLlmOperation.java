package io.otelllm.core.internal;

import io.opentelemetry.context.Context;
import io.otelllm.core.LlmOperation;
import io.otelllm.core.LlmResponse;
import io.otelllm.core.ServerTimings;

/** The operation used when nothing is recorded: not sampled, or telemetry itself failed. */
final class NoopLlmOperation implements LlmOperation {

  private final Context parent;

  NoopLlmOperation(Context parent) {
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

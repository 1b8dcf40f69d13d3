package io.otelllm.core.internal;

import io.opentelemetry.context.Context;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.ServerTimings;
import org.jspecify.annotations.Nullable;

/**
 * The call used when nothing is recorded: not sampled, the same call seen a second time, or
 * telemetry itself failed.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class NoopLlmCall implements LlmCall {

  /** A no-op call whose context is whatever is current when it is asked. */
  public static final LlmCall INSTANCE = new NoopLlmCall(null);

  private final @Nullable Context parent;

  /** A no-op call whose context is {@code parent}. */
  public NoopLlmCall(@Nullable Context parent) {
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

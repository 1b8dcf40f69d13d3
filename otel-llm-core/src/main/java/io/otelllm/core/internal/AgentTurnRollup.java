package io.otelllm.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import io.otelllm.core.LlmResponse;

/**
 * Adds each ended LLM call to the totals of the agent turn it ran in, if any. A call's time is
 * the Instrumenter's own, from its start to its end: the same as its duration metric.
 */
public final class AgentTurnRollup implements OperationListener {
  private static final ContextKey<Long> START_NANOS = ContextKey.named("otel-llm-rollup-start");

  @Override
  public Context onStart(Context context, Attributes startAttributes, long startNanos) {
    return context.get(AgentTurnState.CONTEXT_KEY) == null ? context : context.with(START_NANOS, startNanos);
  }

  @Override
  public void onEnd(Context context, Attributes endAttributes, long endNanos) {
    AgentTurnState turn = context.get(AgentTurnState.CONTEXT_KEY);
    LlmCall call = context.get(LlmCall.CONTEXT_KEY);
    Long startNanos = context.get(START_NANOS);
    if (turn == null || call == null || startNanos == null) {
      return;
    }
    LlmResponse response = call.response();
    turn.addProviderAndModel(call.request().providerName(), call.request().requestModel());
    turn.addCall(
        endNanos - startNanos,
        response == null ? null : response.inputTokens(),
        response == null ? null : response.outputTokens(),
        call.error() != null);
  }
}

package io.otelllm.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import io.otelllm.core.LlmResponse;

/** Adds each ended LLM call to the totals of the agent turn it ran in, if any. */
public final class AgentTurnRollup implements OperationListener {

  @Override
  public Context onStart(Context context, Attributes startAttributes, long startNanos) {
    return context;
  }

  @Override
  public void onEnd(Context context, Attributes endAttributes, long endNanos) {
    AgentTurnState turn = context.get(AgentTurnState.CONTEXT_KEY);
    LlmCall call = context.get(LlmCall.CONTEXT_KEY);
    if (turn == null || call == null) {
      return;
    }
    LlmResponse response = call.response();
    turn.addCall(
        endNanos - call.beginNanos(),
        response == null ? null : response.inputTokens(),
        response == null ? null : response.outputTokens(),
        call.error() != null);
  }
}

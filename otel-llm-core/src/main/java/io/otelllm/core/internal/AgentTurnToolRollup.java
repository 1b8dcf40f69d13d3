package io.otelllm.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import io.otelllm.core.spi.OtelLlmAttributes;

/**
 * Adds each ended tool execution to the totals of the agent turn it ran in and of the turns that
 * one ran in: with LLM time beside tool time, a slow turn shows where its time went without opening
 * its children.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class AgentTurnToolRollup implements OperationListener {
  private static final ContextKey<State> STATE = ContextKey.named("otel-llm-tool-rollup-state");

  private record State(AgentTurnState turn, long startNanos) {}

  @Override
  public Context onStart(Context context, Attributes startAttributes, long startNanos) {
    AgentTurnState turn = context.get(AgentTurnState.CONTEXT_KEY);
    return turn == null ? context : context.with(STATE, new State(turn, startNanos));
  }

  @Override
  public void onEnd(Context context, Attributes endAttributes, long endNanos) {
    State state = context.get(STATE);
    if (state == null) {
      return;
    }
    boolean failed = endAttributes.get(OtelLlmAttributes.ERROR_TYPE) != null;
    for (AgentTurnState turn = state.turn(); turn != null; turn = turn.enclosing) {
      turn.addTool(endNanos - state.startNanos(), failed);
    }
  }
}

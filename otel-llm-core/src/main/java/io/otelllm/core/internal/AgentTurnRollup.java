package io.otelllm.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import io.otelllm.core.spi.OtelLlmAttributes;

/**
 * Adds each ended LLM call to the totals of the agent turn it ran in and of the turns that one ran
 * in (an AI service called inside an agent's turn costs that turn too), from the span's attributes.
 * A call's time is the Instrumenter's own, from its start to its end: the same as its duration
 * metric.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class AgentTurnRollup implements OperationListener {
  private static final ContextKey<State> STATE = ContextKey.named("otel-llm-rollup-state");

  private record State(AgentTurnState turn, Attributes startAttributes, long startNanos) {}

  @Override
  public Context onStart(Context context, Attributes startAttributes, long startNanos) {
    AgentTurnState turn = context.get(AgentTurnState.CONTEXT_KEY);
    return turn == null
        ? context
        : context.with(STATE, new State(turn, startAttributes, startNanos));
  }

  @Override
  public void onEnd(Context context, Attributes endAttributes, long endNanos) {
    State state = context.get(STATE);
    if (state == null) {
      return;
    }
    String provider = state.startAttributes().get(OtelLlmAttributes.GEN_AI_PROVIDER_NAME);
    String model = state.startAttributes().get(OtelLlmAttributes.GEN_AI_REQUEST_MODEL);
    Long input = endAttributes.get(OtelLlmAttributes.GEN_AI_USAGE_INPUT_TOKENS);
    Long output = endAttributes.get(OtelLlmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS);
    boolean failed = endAttributes.get(OtelLlmAttributes.ERROR_TYPE) != null;
    for (AgentTurnState turn = state.turn(); turn != null; turn = turn.enclosing) {
      turn.addProviderAndModel(provider, model);
      turn.addCall(endNanos - state.startNanos(), input, output, failed);
    }
  }
}

package io.otelllm.core.internal;

import io.opentelemetry.context.ContextKey;
import java.util.concurrent.atomic.LongAdder;

/**
 * One agent turn: who is acting, and the running totals of the LLM calls that end inside it
 * (from any thread the turn's context was handed to). The request object of the turn's
 * Instrumenter; its totals become the turn span's attributes when it closes.
 */
public final class AgentTurnState {

  /** Where the enclosing turn sits in a context, for the roll-up of its LLM calls. */
  public static final ContextKey<AgentTurnState> CONTEXT_KEY = ContextKey.named("otel-llm-agent-turn");

  final String agentName;
  final String agentId;
  final String description;
  final String conversationId;
  final Long turnNumber;

  final LongAdder llmCalls = new LongAdder();
  final LongAdder llmErrors = new LongAdder();
  final LongAdder llmNanos = new LongAdder();
  final LongAdder inputTokens = new LongAdder();
  final LongAdder outputTokens = new LongAdder();
  // Whether any call reported usage: "0 tokens" must not be claimed for calls that reported none.
  volatile boolean sawInputTokens;
  volatile boolean sawOutputTokens;
  // The provider and model of the turn's calls while they all agree (semconv asks invoke_agent
  // spans for both), and whether two calls disagreed.
  private String provider;
  private String model;
  private boolean mixedProviders;
  private boolean mixedModels;

  public AgentTurnState(
      String agentName, String agentId, String description, String conversationId, Long turnNumber) {
    this.agentName = agentName;
    this.agentId = agentId;
    this.description = description;
    this.conversationId = conversationId;
    this.turnNumber = turnNumber;
  }

  public String agentName() {
    return agentName;
  }

  synchronized void addProviderAndModel(String callProvider, String callModel) {
    mixedProviders |= provider != null && !provider.equals(callProvider);
    mixedModels |= model != null && !model.equals(callModel);
    provider = provider == null ? callProvider : provider;
    model = model == null ? callModel : model;
  }

  /** The provider all the turn's calls used, or {@code null}. */
  synchronized String provider() {
    return mixedProviders ? null : provider;
  }

  /** The model all the turn's calls asked for, or {@code null}. */
  synchronized String model() {
    return mixedModels ? null : model;
  }

  void addCall(long nanos, Long input, Long output, boolean failed) {
    llmCalls.increment();
    llmNanos.add(nanos);
    if (failed) {
      llmErrors.increment();
    }
    if (input != null) {
      inputTokens.add(input);
      sawInputTokens = true;
    }
    if (output != null) {
      outputTokens.add(output);
      sawOutputTokens = true;
    }
  }
}

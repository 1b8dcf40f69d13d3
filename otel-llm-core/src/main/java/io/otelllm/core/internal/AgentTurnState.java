package io.otelllm.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.ContextKey;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * One agent turn: who is acting, and the running totals of the LLM calls that end inside it (from
 * any thread the turn's context was handed to). The request object of the turn's Instrumenter; its
 * totals become the turn span's attributes when it closes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class AgentTurnState {

  /** Where the enclosing turn sits in a context, for the roll-up of its LLM calls. */
  public static final ContextKey<AgentTurnState> CONTEXT_KEY =
      ContextKey.named("otel-llm-agent-turn");

  final @Nullable String agentName;
  final @Nullable String agentId;
  final @Nullable String description;
  final @Nullable String conversationId;
  final @Nullable Long turnNumber;
  final Attributes attributes;
  // The turn this one runs inside, if any: it counts this turn's calls and tools too.
  final @Nullable AgentTurnState enclosing;

  final LongAdder llmCalls = new LongAdder();
  final LongAdder llmErrors = new LongAdder();
  final LongAdder llmNanos = new LongAdder();
  final LongAdder inputTokens = new LongAdder();
  final LongAdder toolCalls = new LongAdder();
  final LongAdder toolErrors = new LongAdder();
  final LongAdder toolNanos = new LongAdder();
  final LongAdder outputTokens = new LongAdder();
  // Whether any call reported usage: "0 tokens" must not be claimed for calls that reported none.
  volatile boolean sawInputTokens;
  volatile boolean sawOutputTokens;
  // The provider and model of the turn's calls while they all agree (semconv asks invoke_agent
  // spans for both), and whether two calls disagreed.
  private @Nullable String provider;
  private @Nullable String model;
  private boolean mixedProviders;
  private boolean mixedModels;

  /**
   * A turn of {@code agentName} (blank values are not recorded) with the application's own {@code
   * attributes}, inside the {@code enclosing} turn, if any.
   */
  public AgentTurnState(
      @Nullable String agentName,
      @Nullable String agentId,
      @Nullable String description,
      @Nullable String conversationId,
      @Nullable Long turnNumber,
      Attributes attributes,
      @Nullable AgentTurnState enclosing) {
    this.attributes = attributes;
    this.enclosing = enclosing;
    this.agentName = Values.nonBlank(agentName);
    this.agentId = Values.nonBlank(agentId);
    this.description = Values.nonBlank(description);
    this.conversationId = Values.nonBlank(conversationId);
    this.turnNumber = turnNumber;
  }

  /** The name of the outermost named turn {@code turn} runs in (itself, when it is the root). */
  static @Nullable String rootAgentName(AgentTurnState turn) {
    String root = null;
    for (AgentTurnState t = turn; t != null; t = t.enclosing) {
      if (t.agentName != null) {
        root = t.agentName;
      }
    }
    return root;
  }

  /** The acting agent's name, for the span name. */
  public @Nullable String agentName() {
    return agentName;
  }

  synchronized void addProviderAndModel(@Nullable String callProvider, @Nullable String callModel) {
    mixedProviders |= provider != null && !provider.equals(callProvider);
    mixedModels |= model != null && !model.equals(callModel);
    provider = provider == null ? callProvider : provider;
    model = model == null ? callModel : model;
  }

  /** The provider all the turn's calls used, or {@code null}. */
  synchronized @Nullable String provider() {
    return mixedProviders ? null : provider;
  }

  /** The model all the turn's calls asked for, or {@code null}. */
  synchronized @Nullable String model() {
    return mixedModels ? null : model;
  }

  void addTool(long nanos, boolean failed) {
    toolCalls.increment();
    toolNanos.add(nanos);
    if (failed) {
      toolErrors.increment();
    }
  }

  void addCall(long nanos, @Nullable Long input, @Nullable Long output, boolean failed) {
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

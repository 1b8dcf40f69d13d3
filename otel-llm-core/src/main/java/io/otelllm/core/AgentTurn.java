package io.otelllm.core;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.internal.AgentTurnState;
import io.otelllm.core.internal.SafeLog;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One agent's turn: an {@code invoke_agent {agent}} INTERNAL span, current on the thread that
 * started it, under which every LLM and tool span of the turn nests. When it closes it carries the
 * totals of the LLM calls that ended inside it (tokens, calls, errors, summed LLM time).
 *
 * <pre>{@code
 * try (AgentTurn turn = telemetry.agentTurn("Ada").turnNumber(7).start()) {
 *   model.chat(...);                                  // child of the turn
 *   executor.submit(turn.context().wrap(() -> ...));  // children on other threads too
 * }
 * }</pre>
 *
 * <p>Hand the turn to other threads with {@link #context()} ({@code Context.wrap(Runnable)}, or
 * {@code Context.taskWrapping(executor)}). LLM calls still running when the turn closes are not
 * in its totals.
 */
public final class AgentTurn implements AutoCloseable {

  private final Instrumenter<AgentTurnState, Void> instrumenter;
  private final AgentTurnState state;
  private final Context context;
  private final Scope scope;
  private final long threadId;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile Throwable error;

  private AgentTurn(
      Instrumenter<AgentTurnState, Void> instrumenter, AgentTurnState state, Context context) {
    this.instrumenter = instrumenter;
    this.state = state;
    this.context = context;
    this.scope = context.makeCurrent();
    this.threadId = Thread.currentThread().getId();
  }

  static AgentTurn start(Instrumenter<AgentTurnState, Void> instrumenter, AgentTurnState state) {
    Context parent = Context.current();
    Context context = parent;
    try {
      if (instrumenter.shouldStart(parent, state)) {
        context = instrumenter.start(parent, state);
      }
    } catch (Throwable t) {
      SafeLog.failure("starting an agent turn", t);
    }
    return new AgentTurn(context == parent ? null : instrumenter, state, context);
  }

  /** The turn's context: the parent to hand to threads that work for this turn. */
  public Context context() {
    return context;
  }

  /** Marks the turn as failed; the span gets status ERROR and {@code error.type} when it closes. */
  public void fail(Throwable error) {
    this.error = error;
  }

  /** Ends the turn. Close it on the thread that started it; a second close does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread().getId() == threadId) {
      scope.close();
    }
    if (instrumenter != null) {
      try {
        instrumenter.end(context, state, null, error);
      } catch (Throwable t) {
        SafeLog.failure("ending an agent turn", t);
      }
    }
  }

  /** Configures and starts an {@link AgentTurn}; from {@link LlmTelemetry#agentTurn(String)}. */
  public static final class Builder {
    private final Instrumenter<AgentTurnState, Void> instrumenter;
    private final String agentName;
    private String agentId;
    private String description;
    private String conversationId;
    private Long turnNumber;

    Builder(Instrumenter<AgentTurnState, Void> instrumenter, String agentName) {
      this.instrumenter = instrumenter;
      this.agentName = LlmRequest.blankToNull(agentName);
    }

    public Builder agentId(String agentId) {
      this.agentId = LlmRequest.blankToNull(agentId);
      return this;
    }

    public Builder description(String description) {
      this.description = LlmRequest.blankToNull(description);
      return this;
    }

    /** The application's own conversation id; otel-llm never invents one. */
    public Builder conversationId(String conversationId) {
      this.conversationId = LlmRequest.blankToNull(conversationId);
      return this;
    }

    public Builder turnNumber(long turnNumber) {
      this.turnNumber = turnNumber;
      return this;
    }

    /** Starts the turn and makes it current on this thread until {@link AgentTurn#close()}. */
    public AgentTurn start() {
      return AgentTurn.start(
          instrumenter,
          new AgentTurnState(agentName, agentId, description, conversationId, turnNumber));
    }
  }
}

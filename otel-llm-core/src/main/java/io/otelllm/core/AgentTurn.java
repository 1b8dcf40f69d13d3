package io.otelllm.core;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.internal.AgentTurnState;
import io.otelllm.core.internal.SafeLog;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One agent's turn: an {@code invoke_agent {agent}} INTERNAL span under which every LLM and tool
 * span of the turn nests. When it ends it carries the totals of the LLM calls and tool executions
 * that ended inside it, in turns nested in it too (tokens, calls, errors, summed LLM and tool
 * time).
 *
 * <p>The way to run a turn is {@link Builder#run} or {@link Builder#call}: an exception thrown by
 * the work fails the turn and is rethrown.
 *
 * <pre>{@code
 * String line = telemetry.agentTurn("Ada").setTurnNumber(7).call(() -> {
 *   executor.submit(Context.current().wrap(() -> ...));  // children on other threads too
 *   return model.chat("...");                            // a child of the turn
 * });
 * }</pre>
 *
 * <p>For code that cannot be wrapped, {@link Builder#start()} returns the turn, current on this
 * thread until {@link #close()}; then call {@link #fail(Throwable)} before closing when it failed —
 * a turn closed without it counts as a success. A turn that ends on another thread than the one
 * that began it (a stream's completion callback) is started with {@link Builder#startDetached()}.
 *
 * <p>Hand the turn to other threads with its {@link #context()} ({@code Context.wrap(Runnable)}, or
 * {@code Context.taskWrapping(executor)}). LLM calls still running when the turn ends are not in
 * its totals.
 */
public final class AgentTurn implements AutoCloseable {

  private final @Nullable Instrumenter<AgentTurnState, Void> instrumenter;
  private final AgentTurnState state;
  private final Context context;
  private final Scope scope;
  private final long threadId;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile @Nullable Throwable error;

  private AgentTurn(
      @Nullable Instrumenter<AgentTurnState, Void> instrumenter,
      AgentTurnState state,
      Context context,
      boolean attach) {
    this.instrumenter = instrumenter;
    this.state = state;
    this.context = context;
    this.scope = attach ? makeCurrent(context) : Scope.noop();
    this.threadId = Thread.currentThread().getId();
  }

  @SuppressWarnings("MustBeClosedChecker") // the turn owns the scope and closes it in close()
  private static Scope makeCurrent(Context context) {
    return context.makeCurrent();
  }

  static AgentTurn start(
      Instrumenter<AgentTurnState, Void> instrumenter,
      AgentTurnState state,
      Context parent,
      boolean attach) {
    Context context = parent;
    try {
      if (instrumenter.shouldStart(parent, state)) {
        context = instrumenter.start(parent, state);
      }
    } catch (Throwable t) {
      SafeLog.failure("starting an agent turn", t);
    }
    return new AgentTurn(context == parent ? null : instrumenter, state, context, attach);
  }

  /** The turn's context: the parent to hand to threads that work for this turn. */
  public Context context() {
    return context;
  }

  /** Marks the turn as failed; the span gets status ERROR and {@code error.type} when it ends. */
  public void fail(Throwable error) {
    this.error = error;
  }

  /**
   * Ends the turn. Close a turn from {@link Builder#start()} on the thread that started it; a
   * detached turn from any thread. A second close does nothing.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread().getId() == threadId) {
      scope.close();
    }
    Instrumenter<AgentTurnState, Void> started = instrumenter;
    if (started != null) {
      try {
        started.end(context, state, null, error);
      } catch (Throwable t) {
        SafeLog.failure("ending an agent turn", t);
      }
    }
  }

  /** Configures and starts an {@link AgentTurn}; from {@link LlmTelemetry#agentTurn(String)}. */
  public static final class Builder {
    private final Instrumenter<AgentTurnState, Void> instrumenter;
    private final String agentName;
    private @Nullable String agentId;
    private @Nullable String description;
    private @Nullable String conversationId;
    private @Nullable Long turnNumber;
    private @Nullable Context parent;
    private @Nullable AttributesBuilder attributes;

    Builder(Instrumenter<AgentTurnState, Void> instrumenter, String agentName) {
      this.instrumenter = instrumenter;
      this.agentName = agentName;
    }

    /** {@code gen_ai.agent.id}. */
    public Builder setAgentId(@Nullable String agentId) {
      this.agentId = agentId;
      return this;
    }

    /** {@code gen_ai.agent.description}. */
    public Builder setDescription(@Nullable String description) {
      this.description = description;
      return this;
    }

    /**
     * The application's own conversation id ({@code gen_ai.conversation.id}); otel-llm never
     * invents one.
     */
    public Builder setConversationId(@Nullable String conversationId) {
      this.conversationId = conversationId;
      return this;
    }

    /** The application's turn number ({@code otel_llm.turn.number}). */
    public Builder setTurnNumber(long turnNumber) {
      this.turnNumber = turnNumber;
      return this;
    }

    /**
     * The turn's parent; by default the context current when the turn starts. For a turn that runs
     * on behalf of work begun on another thread.
     */
    public Builder setParent(Context parent) {
      this.parent = parent;
      return this;
    }

    /**
     * An attribute of the application's own (a simulation tick, the method that acted), set on the
     * span when it starts; a {@code null} value removes an earlier one.
     */
    public <T> Builder setAttribute(AttributeKey<T> key, @Nullable T value) {
      AttributesBuilder builder = attributes;
      if (builder == null) {
        builder = Attributes.builder();
        attributes = builder;
      }
      if (value == null) {
        builder.remove(key);
      } else {
        builder.put(key, value);
      }
      return this;
    }

    /** Starts the turn and makes it current on this thread until {@link AgentTurn#close()}. */
    public AgentTurn start() {
      Context parent = parent();
      return AgentTurn.start(instrumenter, state(parent), parent, true);
    }

    /**
     * Starts the turn without making it current, for a turn that ends on another thread (a stream
     * that completes in a callback): run its work under {@link AgentTurn#context()} and {@link
     * AgentTurn#close()} it from wherever the work ends.
     */
    public AgentTurn startDetached() {
      Context parent = parent();
      return AgentTurn.start(instrumenter, state(parent), parent, false);
    }

    private Context parent() {
      Context explicit = parent;
      return explicit != null ? explicit : Context.current();
    }

    private AgentTurnState state(Context parent) {
      AttributesBuilder builder = attributes;
      return new AgentTurnState(
          agentName,
          agentId,
          description,
          conversationId,
          turnNumber,
          builder == null ? Attributes.empty() : builder.build(),
          parent.get(AgentTurnState.CONTEXT_KEY));
    }

    /** Runs {@code work} as the turn; an exception fails the turn and is rethrown. */
    public <E extends Throwable> void run(ThrowingRunnable<E> work) throws E {
      try (AgentTurn turn = start()) {
        try {
          work.run();
        } catch (Throwable t) {
          turn.fail(t);
          throw t;
        }
      }
    }

    /**
     * Runs {@code work} as the turn and returns its result; an exception fails the turn and is
     * rethrown.
     */
    public <T extends @Nullable Object, E extends Throwable> T call(ThrowingSupplier<T, E> work)
        throws E {
      try (AgentTurn turn = start()) {
        try {
          return work.get();
        } catch (Throwable t) {
          turn.fail(t);
          throw t;
        }
      }
    }
  }
}

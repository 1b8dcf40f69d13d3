package io.otelllm.core;

import com.google.errorprone.annotations.MustBeClosed;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.LlmTelemetry.ThrowingRunnable;
import io.otelllm.core.LlmTelemetry.ThrowingSupplier;
import io.otelllm.core.internal.AgentTurnState;
import io.otelllm.core.internal.InstrumentedOperation;
import io.otelllm.core.internal.SpanCeiling;
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
 * <p>Code that cannot be wrapped uses the shape every otel-llm span has: {@link Builder#start()},
 * {@link #makeCurrent()} around the work, then exactly one of {@link #end()} or {@link
 * #fail(Throwable)} — from any thread (a stream's completion callback, say); a second end is
 * ignored.
 *
 * <p>Hand the turn to other threads with its {@link #context()} ({@code Context.wrap(Runnable)}, or
 * {@code Context.taskWrapping(executor)}). LLM calls still running when the turn ends are not in
 * its totals.
 */
public final class AgentTurn {

  private final InstrumentedOperation<AgentTurnState, Void> operation;

  private AgentTurn(InstrumentedOperation<AgentTurnState, Void> operation) {
    this.operation = operation;
  }

  /** The turn's context: the parent to hand to threads that work for this turn. */
  public Context context() {
    return operation.context();
  }

  /** Makes the turn current on this thread; close the scope on the same thread. */
  @MustBeClosed
  public Scope makeCurrent() {
    return operation.context().makeCurrent();
  }

  /** Ends the turn as a success. */
  public void end() {
    operation.end(null, null);
  }

  /** Ends the turn as failed: status ERROR, {@code error.type} = the exception's class. */
  public void fail(Throwable error) {
    operation.end(null, error);
  }

  /** Configures and starts an {@link AgentTurn}; from {@link LlmTelemetry#agentTurn(String)}. */
  public static final class Builder {
    private final @Nullable Instrumenter<AgentTurnState, Void> instrumenter;
    private final SpanCeiling ceiling;
    private final String agentName;
    private @Nullable String agentId;
    private @Nullable String description;
    private @Nullable String conversationId;
    private @Nullable Long turnNumber;
    private @Nullable Context parent;
    private @Nullable AttributesBuilder attributes;

    Builder(
        @Nullable Instrumenter<AgentTurnState, Void> instrumenter,
        SpanCeiling ceiling,
        String agentName) {
      this.instrumenter = instrumenter;
      this.ceiling = ceiling;
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

    /**
     * Starts the turn, not yet current on any thread: {@link AgentTurn#makeCurrent()} it around the
     * work and end it with {@link AgentTurn#end()} or {@link AgentTurn#fail(Throwable)}.
     */
    public AgentTurn start() {
      Context explicit = parent;
      Context parent = explicit != null ? explicit : Context.current();
      AttributesBuilder builder = attributes;
      AgentTurnState state =
          new AgentTurnState(
              agentName,
              agentId,
              description,
              conversationId,
              turnNumber,
              builder == null ? Attributes.empty() : builder.build(),
              parent.get(AgentTurnState.CONTEXT_KEY));
      return new AgentTurn(
          InstrumentedOperation.start(instrumenter, ceiling, parent, state, "an agent-turn span"));
    }

    /** Runs {@code work} as the turn; an exception fails the turn and is rethrown. */
    public <E extends Throwable> void run(ThrowingRunnable<E> work) throws E {
      AgentTurn turn = start();
      try (Scope ignored = turn.makeCurrent()) {
        work.run();
      } catch (Throwable t) {
        turn.fail(t);
        throw t;
      }
      turn.end();
    }

    /**
     * Runs {@code work} as the turn and returns its result; an exception fails the turn and is
     * rethrown.
     */
    public <T extends @Nullable Object, E extends Throwable> T call(ThrowingSupplier<T, E> work)
        throws E {
      AgentTurn turn = start();
      T result;
      try (Scope ignored = turn.makeCurrent()) {
        result = work.get();
      } catch (Throwable t) {
        turn.fail(t);
        throw t;
      }
      turn.end();
      return result;
    }
  }
}

package io.otelllm.core;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.internal.SafeLog;
import io.otelllm.core.internal.ToolExecutionState;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One tool execution: an {@code execute_tool {tool}} INTERNAL span. Arguments and result are
 * recorded only with content capture on.
 *
 * <p>The way to run a tool is {@link Builder#call} or {@link Builder#run}: the span lasts exactly
 * as long as the work, the result is recorded, and an exception fails the span and is rethrown.
 *
 * <pre>{@code
 * String memory = telemetry.toolExecution("recall_memory").setCallId(id).setArguments(json)
 *     .call(() -> memories.closestTo(topic));
 * }</pre>
 *
 * <p>For code that cannot be wrapped, {@link Builder#start()} returns the execution, current on
 * this thread: end it with {@link #end(String)} or {@link #fail(Throwable)}; {@link #close()}
 * without either counts as a success without a result.
 */
public final class ToolExecution implements AutoCloseable {

  private final @Nullable Instrumenter<ToolExecutionState, String> instrumenter;
  private final ToolExecutionState state;
  private final Context context;
  private final Scope scope;
  private final long threadId;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ToolExecution(
      @Nullable Instrumenter<ToolExecutionState, String> instrumenter,
      ToolExecutionState state,
      Context context) {
    this.instrumenter = instrumenter;
    this.state = state;
    this.context = context;
    this.scope = makeCurrent(context);
    this.threadId = Thread.currentThread().getId();
  }

  @SuppressWarnings("MustBeClosedChecker") // the execution owns the scope and closes it in close()
  private static Scope makeCurrent(Context context) {
    return context.makeCurrent();
  }

  /** The execution's context: the parent of whatever the tool does. */
  public Context context() {
    return context;
  }

  /** Ends the execution with its result (recorded only with content capture on). */
  public void end(@Nullable String result) {
    finish(result, null);
  }

  /** Ends the execution as failed: status ERROR, {@code error.type} = the exception's class. */
  public void fail(Throwable error) {
    finish(null, error);
  }

  /** Ends the execution if still open and leaves its scope. A second close does nothing. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread().getId() == threadId) {
      scope.close();
    }
    finish(null, null);
  }

  private void finish(@Nullable String result, @Nullable Throwable error) {
    Instrumenter<ToolExecutionState, String> started = instrumenter;
    if (started == null || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      started.end(context, state, result, error);
    } catch (Throwable t) {
      SafeLog.failure("ending a tool span", t);
    }
  }

  /**
   * Configures and starts a {@link ToolExecution}; from {@link LlmTelemetry#toolExecution(String)}.
   */
  public static final class Builder {
    private final Instrumenter<ToolExecutionState, String> instrumenter;
    private final String toolName;
    private @Nullable String callId;
    private @Nullable String type = "function";
    private @Nullable String description;
    private @Nullable String arguments;
    private @Nullable Context parent;

    Builder(Instrumenter<ToolExecutionState, String> instrumenter, String toolName) {
      this.instrumenter = instrumenter;
      this.toolName = toolName;
    }

    /** The model's id for this call of the tool ({@code gen_ai.tool.call.id}). */
    public Builder setCallId(@Nullable String callId) {
      this.callId = callId;
      return this;
    }

    /** {@code function} (the default), {@code extension} or {@code datastore}. */
    public Builder setType(@Nullable String type) {
      this.type = type;
      return this;
    }

    /** {@code gen_ai.tool.description}. */
    public Builder setDescription(@Nullable String description) {
      this.description = description;
      return this;
    }

    /** The arguments as JSON text (recorded only with content capture on). */
    public Builder setArguments(@Nullable String arguments) {
      this.arguments = arguments;
      return this;
    }

    /**
     * The span's parent; by default the context current when it starts. For a tool that a framework
     * runs on a pool thread on behalf of an agent turn begun elsewhere.
     */
    public Builder setParent(Context parent) {
      this.parent = parent;
      return this;
    }

    /**
     * Starts the tool span and makes it current on this thread: {@link ToolExecution#close()} it on
     * this thread.
     */
    public ToolExecution start() {
      ToolExecutionState state =
          new ToolExecutionState(toolName, callId, type, description, arguments);
      Context explicit = this.parent;
      Context parent = explicit != null ? explicit : Context.current();
      Context context = parent;
      try {
        if (instrumenter.shouldStart(parent, state)) {
          context = instrumenter.start(parent, state);
        }
      } catch (Throwable t) {
        SafeLog.failure("starting a tool span", t);
      }
      return new ToolExecution(context == parent ? null : instrumenter, state, context);
    }

    /** Runs {@code work} as the tool; an exception fails the span and is rethrown. */
    public <E extends Throwable> void run(ThrowingRunnable<E> work) throws E {
      try (ToolExecution execution = start()) {
        try {
          work.run();
        } catch (Throwable t) {
          execution.fail(t);
          throw t;
        }
        execution.end(null);
      }
    }

    /**
     * Runs {@code work} as the tool and returns its result, recorded as text (content capture on);
     * an exception fails the span and is rethrown.
     */
    public <T extends @Nullable Object, E extends Throwable> T call(ThrowingSupplier<T, E> work)
        throws E {
      try (ToolExecution execution = start()) {
        T result;
        try {
          result = work.get();
        } catch (Throwable t) {
          execution.fail(t);
          throw t;
        }
        execution.end(result == null ? null : String.valueOf(result));
        return result;
      }
    }
  }
}

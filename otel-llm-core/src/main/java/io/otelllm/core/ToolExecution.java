package io.otelllm.core;

import com.google.errorprone.annotations.MustBeClosed;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.LlmTelemetry.ThrowingRunnable;
import io.otelllm.core.LlmTelemetry.ThrowingSupplier;
import io.otelllm.core.internal.InstrumentedOperation;
import io.otelllm.core.internal.SpanCeiling;
import io.otelllm.core.internal.ToolExecutionState;
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
 * <p>Code that cannot be wrapped uses the shape every otel-llm span has: {@link Builder#start()},
 * {@link #makeCurrent()} around the work, then exactly one of {@link #end(String)} or {@link
 * #fail(Throwable)}, from any thread; a second end is ignored.
 */
public final class ToolExecution {

  private final InstrumentedOperation<ToolExecutionState, String> operation;

  private ToolExecution(InstrumentedOperation<ToolExecutionState, String> operation) {
    this.operation = operation;
  }

  /** The execution's context: the parent of whatever the tool does. */
  public Context context() {
    return operation.context();
  }

  /** Makes the execution current on this thread; close the scope on the same thread. */
  @MustBeClosed
  public Scope makeCurrent() {
    return operation.context().makeCurrent();
  }

  /** Ends the execution with its result (recorded only with content capture on). */
  public void end(@Nullable String result) {
    operation.end(result, null);
  }

  /** Ends the execution as failed: status ERROR, {@code error.type} = the exception's class. */
  public void fail(Throwable error) {
    operation.end(null, error);
  }

  /**
   * Configures and starts a {@link ToolExecution}; from {@link LlmTelemetry#toolExecution(String)}.
   */
  public static final class Builder {
    private final @Nullable Instrumenter<ToolExecutionState, String> instrumenter;
    private final SpanCeiling ceiling;
    private final String toolName;
    private @Nullable String callId;
    private @Nullable String type = "function";
    private @Nullable String description;
    private @Nullable String arguments;
    private @Nullable Context parent;

    Builder(
        @Nullable Instrumenter<ToolExecutionState, String> instrumenter,
        SpanCeiling ceiling,
        String toolName) {
      this.instrumenter = instrumenter;
      this.ceiling = ceiling;
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
     * Starts the tool span, not yet current on any thread: {@link ToolExecution#makeCurrent()} it
     * around the work and end it with {@link ToolExecution#end(String)} or {@link
     * ToolExecution#fail(Throwable)}.
     */
    public ToolExecution start() {
      Context explicit = this.parent;
      Context parent = explicit != null ? explicit : Context.current();
      ToolExecutionState state =
          new ToolExecutionState(toolName, callId, type, description, arguments);
      return new ToolExecution(
          InstrumentedOperation.start(instrumenter, ceiling, parent, state, "a tool span"));
    }

    /** Runs {@code work} as the tool; an exception fails the span and is rethrown. */
    public <E extends Throwable> void run(ThrowingRunnable<E> work) throws E {
      ToolExecution execution = start();
      try (Scope ignored = execution.makeCurrent()) {
        work.run();
      } catch (Throwable t) {
        execution.fail(t);
        throw t;
      }
      execution.end(null);
    }

    /**
     * Runs {@code work} as the tool and returns its result, recorded as text (content capture on);
     * an exception fails the span and is rethrown.
     */
    public <T extends @Nullable Object, E extends Throwable> T call(ThrowingSupplier<T, E> work)
        throws E {
      ToolExecution execution = start();
      T result;
      try (Scope ignored = execution.makeCurrent()) {
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

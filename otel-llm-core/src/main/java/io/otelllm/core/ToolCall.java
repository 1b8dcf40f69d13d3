package io.otelllm.core;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.instrumentation.api.instrumenter.Instrumenter;
import io.otelllm.core.internal.SafeLog;
import io.otelllm.core.internal.ToolCallState;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One tool execution: an {@code execute_tool {tool}} INTERNAL span, current on the starting
 * thread. End it with {@link #end(String)} or {@link #fail(Throwable)}; {@link #close()} ends it
 * successfully if neither was called. Arguments and result are recorded only with content capture
 * on.
 */
public final class ToolCall implements AutoCloseable {

  private final Instrumenter<ToolCallState, String> instrumenter;
  private final ToolCallState state;
  private final Context context;
  private final Scope scope;
  private final long threadId;
  private final AtomicBoolean ended = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

  private ToolCall(
      Instrumenter<ToolCallState, String> instrumenter, ToolCallState state, Context context) {
    this.instrumenter = instrumenter;
    this.state = state;
    this.context = context;
    this.scope = context.makeCurrent();
    this.threadId = Thread.currentThread().getId();
  }

  public Context context() {
    return context;
  }

  /** Ends the tool call with its result (recorded only with content capture on). */
  public void end(String result) {
    finish(result, null);
  }

  /** Ends the tool call as failed. */
  public void fail(Throwable error) {
    finish(null, error);
  }

  /** Ends the call if still open and leaves its scope. A second close does nothing. */
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

  private void finish(String result, Throwable error) {
    if (instrumenter == null || !ended.compareAndSet(false, true)) {
      return;
    }
    try {
      instrumenter.end(context, state, result, error);
    } catch (Throwable t) {
      SafeLog.failure("ending a tool span", t);
    }
  }

  /** Configures and starts a {@link ToolCall}; from {@link LlmTelemetry#toolCall(String)}. */
  public static final class Builder {
    private final Instrumenter<ToolCallState, String> instrumenter;
    private final String toolName;
    private String callId;
    private String type = "function";
    private String description;
    private String arguments;

    Builder(Instrumenter<ToolCallState, String> instrumenter, String toolName) {
      this.instrumenter = instrumenter;
      this.toolName = LlmRequest.blankToNull(toolName);
    }

    public Builder callId(String callId) {
      this.callId = LlmRequest.blankToNull(callId);
      return this;
    }

    /** {@code function} (the default), {@code extension} or {@code datastore}. */
    public Builder type(String type) {
      this.type = LlmRequest.blankToNull(type);
      return this;
    }

    public Builder description(String description) {
      this.description = LlmRequest.blankToNull(description);
      return this;
    }

    /** The arguments as JSON text (recorded only with content capture on). */
    public Builder arguments(String arguments) {
      this.arguments = arguments;
      return this;
    }

    /** Starts the tool span and makes it current on this thread. */
    public ToolCall start() {
      ToolCallState state = new ToolCallState(toolName, callId, type, description, arguments);
      Context parent = Context.current();
      Context context = parent;
      try {
        if (instrumenter.shouldStart(parent, state)) {
          context = instrumenter.start(parent, state);
        }
      } catch (Throwable t) {
        SafeLog.failure("starting a tool span", t);
      }
      return new ToolCall(context == parent ? null : instrumenter, state, context);
    }
  }
}

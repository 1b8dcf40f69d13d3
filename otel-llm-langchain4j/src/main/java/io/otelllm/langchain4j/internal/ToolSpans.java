package io.otelllm.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.invocation.InvocationContext;
import dev.langchain4j.service.tool.BeforeToolExecution;
import dev.langchain4j.service.tool.ToolArgumentsErrorHandler;
import dev.langchain4j.service.tool.ToolErrorContext;
import dev.langchain4j.service.tool.ToolErrorHandlerResult;
import dev.langchain4j.service.tool.ToolExecution;
import dev.langchain4j.service.tool.ToolExecutionErrorHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.internal.SafeLog;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The {@code execute_tool} spans of one traced AI service, from langchain4j's own tool hooks.
 *
 * <p>langchain4j runs a tool as: before-hook, the tool (its exception, if any, goes to the error
 * handler), after-hook — all on one thread, the invoking thread or a pool thread when tools run
 * concurrently. So the span starts last in the before-hook, is current on that thread while the
 * tool runs (whatever the tool calls nests under it), and ends first in the after-hook. The error
 * handlers are wrapped to learn the tool's exception ({@code error.type}); when a handler or the
 * hallucinated-tool strategy throws, the after-hook never comes and the span ends right there.
 * Whatever still escapes (an {@link Error} thrown by a tool) is ended by whoever began the work on
 * that thread: the proxy of the invocation, or the wrapped executor of concurrent tools.
 *
 * <p>Used by AI services and by langchain4j-agentic's tool callbacks.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ToolSpans {

  /** The tool spans open on this thread, innermost first. */
  private static final ThreadLocal<ArrayDeque<OpenTool>> OPEN =
      ThreadLocal.withInitial(ArrayDeque::new);

  /** A tool span open on this thread, current there until the tool's end is reported. */
  private static final class OpenTool {
    final ToolExecutionRequest request;
    final io.otelllm.core.ToolExecution span;
    private final Scope scope;
    @Nullable Throwable error;
    boolean unknownTool;

    @SuppressWarnings("MustBeClosedChecker") // closed by close(), when the tool's end is reported
    OpenTool(ToolExecutionRequest request, io.otelllm.core.ToolExecution span) {
      this.request = request;
      this.span = span;
      this.scope = span.makeCurrent();
    }

    /** Leaves the tool's scope on this thread (the span itself is ended by the caller). */
    void close() {
      scope.close();
    }
  }

  private final LlmTelemetry telemetry;
  private final Function<@Nullable UUID, Context> parents;
  private final Map<String, String> descriptions = new ConcurrentHashMap<>();

  /**
   * Tool spans for {@code telemetry}, each a child of what {@code parents} answers for its AI
   * service invocation's id.
   */
  public ToolSpans(LlmTelemetry telemetry, Function<@Nullable UUID, Context> parents) {
    this.telemetry = telemetry;
    this.parents = parents;
  }

  /**
   * Learns the descriptions of the service's {@code @Tool}s, for {@code gen_ai.tool.description}.
   */
  void describe(List<ToolSpecification> tools) {
    for (ToolSpecification tool : tools) {
      if (tool.name() != null && tool.description() != null) {
        descriptions.put(tool.name(), tool.description());
      }
    }
  }

  /** langchain4j's before-hook: {@code user}'s, then the span's start. */
  public Consumer<BeforeToolExecution> before(@Nullable Consumer<BeforeToolExecution> user) {
    return before -> {
      if (user != null) {
        user.accept(before);
      }
      start(before.request(), before.invocationContext());
    };
  }

  /** langchain4j's after-hook: the span's end, then {@code user}'s. */
  public Consumer<ToolExecution> after(@Nullable Consumer<ToolExecution> user) {
    return execution -> {
      end(execution);
      if (user != null) {
        user.accept(execution);
      }
    };
  }

  /** {@code user}'s handler, telling the span the tool's exception. */
  ToolExecutionErrorHandler executionErrors(ToolExecutionErrorHandler user) {
    return (error, context) -> handled(error, context, user::handle);
  }

  /** {@code user}'s handler of bad arguments, telling the span. */
  ToolArgumentsErrorHandler argumentErrors(ToolArgumentsErrorHandler user) {
    return (error, context) -> handled(error, context, user::handle);
  }

  /**
   * The span learns the tool's exception; when the handler throws, langchain4j reports no end of
   * the tool, so the span ends here.
   */
  private ToolErrorHandlerResult handled(
      Throwable error,
      ToolErrorContext context,
      BiFunction<Throwable, ToolErrorContext, ToolErrorHandlerResult> handler) {
    recordError(context.toolExecutionRequest(), error);
    try {
      return handler.apply(error, context);
    } catch (RuntimeException | Error thrown) {
      abort(context.toolExecutionRequest(), thrown);
      throw thrown;
    }
  }

  /** {@code user}'s strategy for tools the model made up: the span fails either way. */
  Function<ToolExecutionRequest, ToolExecutionResultMessage> unknownTools(
      Function<ToolExecutionRequest, ToolExecutionResultMessage> user) {
    return request -> {
      OpenTool open = find(request);
      if (open != null) {
        open.unknownTool = true;
      }
      try {
        return user.apply(request);
      } catch (RuntimeException | Error thrown) {
        abort(request, thrown);
        throw thrown;
      }
    };
  }

  /** {@code user}'s executor of concurrent tools, ending on its threads what a tool left open. */
  static Executor executor(Executor user) {
    return command ->
        user.execute(
            () -> {
              int depth = depth();
              try {
                command.run();
              } finally {
                unwindTo(depth);
              }
            });
  }

  /** How many tool spans are open on this thread. */
  static int depth() {
    return OPEN.get().size();
  }

  /**
   * Ends the tool spans opened on this thread since it was {@code depth} deep: tools whose end
   * langchain4j never reported.
   */
  static void unwindTo(int depth) {
    ArrayDeque<OpenTool> open = OPEN.get();
    while (open.size() > depth) {
      OpenTool tool = open.pop();
      Throwable error = tool.error;
      tool.span.fail(
          error != null
              ? error
              : new IllegalStateException(
                  "otel-llm: tool '" + tool.request.name() + "' ended without a result"));
      tool.close();
    }
    if (open.isEmpty()) {
      OPEN.remove();
    }
  }

  private void start(ToolExecutionRequest request, @Nullable InvocationContext invocation) {
    try {
      String name = request.name();
      io.otelllm.core.ToolExecution span =
          telemetry
              .toolExecution(name == null ? "" : name)
              .setParent(parents.apply(invocation == null ? null : invocation.invocationId()))
              .setCallId(request.id())
              .setDescription(name == null ? null : descriptions.get(name))
              .setArguments(telemetry.capturesMessageContent() ? request.arguments() : null)
              .start();
      OPEN.get().push(new OpenTool(request, span));
    } catch (Throwable t) {
      SafeLog.failure("starting a tool span", t);
    }
  }

  private void end(ToolExecution execution) {
    try {
      OpenTool tool = take(execution.request());
      if (tool == null) {
        return;
      }
      if (execution.hasFailed() || tool.unknownTool) {
        Throwable error = tool.error;
        tool.span.fail(
            error != null
                ? error
                : tool.unknownTool
                    ? new UnknownToolException(execution.request().name())
                    : new ToolErrorResultException(execution.request().name()));
      } else {
        tool.span.end(telemetry.capturesMessageContent() ? execution.result() : null);
      }
      tool.close();
    } catch (Throwable t) {
      SafeLog.failure("ending a tool span", t);
    }
  }

  private void recordError(ToolExecutionRequest request, Throwable error) {
    OpenTool tool = find(request);
    if (tool != null) {
      tool.error = error;
    }
  }

  private void abort(ToolExecutionRequest request, Throwable thrown) {
    try {
      OpenTool tool = take(request);
      if (tool != null) {
        tool.span.fail(tool.error != null ? tool.error : thrown);
        tool.close();
      }
    } catch (Throwable t) {
      SafeLog.failure("ending a tool span", t);
    }
  }

  // langchain4j hands both hooks the same request object; two calls may carry equal requests.
  @SuppressWarnings("ReferenceEquality")
  private static @Nullable OpenTool find(ToolExecutionRequest request) {
    for (OpenTool tool : OPEN.get()) {
      if (tool.request == request) {
        return tool;
      }
    }
    return null;
  }

  /**
   * Removes the span of {@code request} from this thread, first ending any left open above it; the
   * hooks of one tool run on one thread, so it is normally on top.
   */
  @SuppressWarnings("ReferenceEquality") // see find
  private static @Nullable OpenTool take(ToolExecutionRequest request) {
    ArrayDeque<OpenTool> open = OPEN.get();
    int index = 0;
    for (Iterator<OpenTool> it = open.iterator(); it.hasNext(); index++) {
      if (it.next().request == request) {
        unwindTo(open.size() - index);
        OpenTool tool = open.pop();
        if (open.isEmpty()) {
          OPEN.remove();
        }
        return tool;
      }
    }
    return null;
  }
}

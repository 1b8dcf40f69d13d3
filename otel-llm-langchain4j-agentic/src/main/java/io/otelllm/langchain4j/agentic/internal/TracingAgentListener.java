package io.otelllm.langchain4j.agentic.internal;

import dev.langchain4j.agentic.observability.AfterAgentToolExecution;
import dev.langchain4j.agentic.observability.AgentInvocationError;
import dev.langchain4j.agentic.observability.AgentListener;
import dev.langchain4j.agentic.observability.AgentRequest;
import dev.langchain4j.agentic.observability.AgentResponse;
import dev.langchain4j.agentic.observability.BeforeAgentToolExecution;
import dev.langchain4j.agentic.planner.AgentInstance;
import dev.langchain4j.agentic.scope.AgenticScope;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.otelllm.core.AgentTurn;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.internal.SafeLog;
import io.otelllm.langchain4j.internal.ToolSpans;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * langchain4j-agentic's listener, as spans: each agent invocation an {@code invoke_agent {agent}}
 * span (the core's agent turn: same roll-ups), current on the invoking thread until langchain4j
 * reports it done or failed; each tool an agent runs an {@code execute_tool} span.
 *
 * <p>langchain4j-agentic reports an invocation's start and end on the thread that runs it. A
 * sub-agent runs either on its parent's thread (a sequence: the parent's span is current there) or
 * on a pool thread (a parallel workflow, an async agent): then its parent is found by the parent's
 * {@link AgentInstance}, which is running. The agentic scope's memory id is the conversation.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TracingAgentListener implements AgentListener {

  /** An agent invocation running on this thread, its turn current here until it ends. */
  private record Running(
      AgentInstance agent, AgenticScope agenticScope, AgentTurn turn, Scope scope) {}

  /** The invocations running on this thread, innermost first. */
  private static final ThreadLocal<ArrayDeque<Running>> RUNNING =
      ThreadLocal.withInitial(ArrayDeque::new);

  private final LlmTelemetry telemetry;
  private final ToolSpans tools;
  // Running agents by identity, for sub-agents that start on other threads.
  private final Map<AgentInstance, Context> contexts =
      Collections.synchronizedMap(new IdentityHashMap<>());

  /** A listener reporting to {@code telemetry}. */
  public TracingAgentListener(LlmTelemetry telemetry) {
    this.telemetry = telemetry;
    this.tools = new ToolSpans(telemetry, invocationId -> Context.current());
  }

  @Override
  public void beforeAgentInvocation(AgentRequest request) {
    try {
      AgentInstance agent = request.agent();
      AgentInstance parent = agent.parent();
      Context parentContext = parent == null ? null : contexts.get(parent);
      Object memoryId = request.agenticScope() == null ? null : request.agenticScope().memoryId();
      AgentTurn turn =
          telemetry
              .agentTurn(agent.name())
              .setAgentId(agent.agentId())
              .setDescription(agent.description())
              .setConversationId(memoryId == null ? null : String.valueOf(memoryId))
              .setParent(parentContext != null ? parentContext : Context.current())
              .start();
      RUNNING.get().push(new Running(agent, request.agenticScope(), turn, makeCurrent(turn)));
      contexts.put(agent, turn.context());
    } catch (Throwable t) {
      SafeLog.failure("starting an agent span", t);
    }
  }

  @Override
  public void afterAgentInvocation(AgentResponse response) {
    end(response.agent(), null);
  }

  @Override
  public void onAgentInvocationError(AgentInvocationError error) {
    end(error.agent(), error.error());
  }

  /** A suspended system (waiting for a human) returns: its invocations on this thread end. */
  @Override
  public void onAgenticSystemSuspended(AgenticScope agenticScope) {
    try {
      ArrayDeque<Running> running = RUNNING.get();
      while (!running.isEmpty() && running.peek().agenticScope() == agenticScope) {
        close(running.pop(), null);
      }
      cleanUp(running);
    } catch (Throwable t) {
      SafeLog.failure("ending suspended agent spans", t);
    }
  }

  @Override
  public void beforeAgentToolExecution(BeforeAgentToolExecution before) {
    tools.before(null).accept(before.toolExecution());
  }

  @Override
  public void afterAgentToolExecution(AfterAgentToolExecution after) {
    tools.after(null).accept(after.toolExecution());
  }

  /** Sub-agents report here too, so that their spans nest under their parents'. */
  @Override
  public boolean inheritedBySubagents() {
    return true;
  }

  @SuppressWarnings("ReferenceEquality") // agents are told apart by identity, as langchain4j does
  private void end(AgentInstance agent, @Nullable Throwable error) {
    try {
      ArrayDeque<Running> running = RUNNING.get();
      for (Iterator<Running> it = running.iterator(); it.hasNext(); ) {
        Running candidate = it.next();
        if (candidate.agent() == agent) {
          // Invocations above it on this thread never reported their end: they end with it.
          while (running.peek() != candidate) {
            close(running.pop(), error);
          }
          close(running.pop(), error);
          break;
        }
      }
      cleanUp(running);
    } catch (Throwable t) {
      SafeLog.failure("ending an agent span", t);
    }
  }

  @SuppressWarnings("MustBeClosedChecker") // closed by close(Running, ..), when the agent ends
  private static Scope makeCurrent(AgentTurn turn) {
    return turn.makeCurrent();
  }

  private void close(Running running, @Nullable Throwable error) {
    contexts.remove(running.agent(), running.turn().context());
    running.scope().close();
    if (error != null) {
      running.turn().fail(error);
    } else {
      running.turn().end();
    }
  }

  private static void cleanUp(ArrayDeque<Running> running) {
    if (running.isEmpty()) {
      RUNNING.remove();
    }
  }
}

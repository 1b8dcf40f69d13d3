package io.otelllm.core.internal;

import static io.otelllm.core.internal.Units.nanosToSeconds;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.instrumentation.api.instrumenter.OperationListener;
import io.opentelemetry.instrumentation.api.instrumenter.OperationMetrics;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Metrics of agent turns and tool executions: how long a turn or a tool took, and how many LLM and
 * tool calls a turn made — what "tool calls per turn" or "turn duration" in Prometheus needs.
 * Semconv v1.41 has no agent or tool metric, so by default they are otel-llm's own ({@code
 * otel_llm.agent.turn.duration}, {@code .llm_calls}, {@code .tool_calls}, {@code
 * otel_llm.tool.duration}); in the newest shape they are the spec's ({@code
 * gen_ai.invocation.duration} with {@code gen_ai.invocation.is_nested}, {@code
 * gen_ai.invoke_agent.inference_calls}, {@code .tool_calls}, {@code gen_ai.execute_tool.duration}).
 * Attributes are bounded: operation, agent or tool name (and tool type), {@code error.type} on a
 * failure — never agent ids, conversation ids or arguments.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class AgentToolMetrics implements OperationListener {

  /** Calls per turn: a turn makes one, a few, or (a runaway loop) very many. */
  static final List<Long> CALL_COUNT_BUCKETS = List.of(0L, 1L, 2L, 4L, 8L, 16L, 32L, 64L, 128L);

  static final AttributeKey<Boolean> INVOCATION_IS_NESTED =
      AttributeKey.booleanKey("gen_ai.invocation.is_nested");

  private static final ContextKey<Start> START = ContextKey.named("otel-llm-agent-tool-start");

  /** What the start leaves for the end: names are set at start, outcomes and counts at end. */
  private record Start(Attributes attributes, long nanos) {}

  private final boolean agent;
  private final GenAiShape shape;
  private final DoubleHistogram duration;
  private final @Nullable LongHistogram llmCalls;
  private final @Nullable LongHistogram toolCalls;

  /** The agent-turn metrics, in {@code shape}. */
  public static OperationMetrics agentTurns(GenAiShape shape) {
    return meter -> new AgentToolMetrics(meter, true, shape);
  }

  /** The tool-execution metrics, in {@code shape}. */
  public static OperationMetrics toolExecutions(GenAiShape shape) {
    return meter -> new AgentToolMetrics(meter, false, shape);
  }

  private AgentToolMetrics(Meter meter, boolean agent, GenAiShape shape) {
    this.agent = agent;
    this.shape = shape;
    boolean latest = shape.latest();
    String durationName =
        agent
            ? latest ? "gen_ai.invocation.duration" : "otel_llm.agent.turn.duration"
            : latest ? "gen_ai.execute_tool.duration" : "otel_llm.tool.duration";
    duration =
        LlmClientMetrics.seconds(
            meter,
            durationName,
            agent ? "Duration of an agent turn." : "Duration of a tool execution.",
            LlmClientMetrics.DURATION_BUCKETS);
    if (agent) {
      llmCalls =
          count(
              meter,
              latest ? "gen_ai.invoke_agent.inference_calls" : "otel_llm.agent.turn.llm_calls",
              "LLM calls made in one agent turn.");
      toolCalls =
          count(
              meter,
              latest ? "gen_ai.invoke_agent.tool_calls" : "otel_llm.agent.turn.tool_calls",
              "Tool calls made in one agent turn.");
    } else {
      llmCalls = null;
      toolCalls = null;
    }
  }

  private static LongHistogram count(Meter meter, String name, String description) {
    return LlmClientMetrics.counts(meter, name, "{call}", description, CALL_COUNT_BUCKETS);
  }

  @Override
  public Context onStart(Context context, Attributes startAttributes, long startNanos) {
    return context.with(START, new Start(startAttributes, startNanos));
  }

  @Override
  public void onEnd(Context context, Attributes endAttributes, long endNanos) {
    Start start = context.get(START);
    if (start == null) {
      return;
    }
    Attributes named = start.attributes();
    AttributesBuilder series = Attributes.builder();
    copy(named, series, OtelLlmAttributes.GEN_AI_OPERATION_NAME);
    if (agent) {
      copy(named, series, OtelLlmAttributes.GEN_AI_AGENT_NAME);
    } else {
      copy(named, series, OtelLlmAttributes.GEN_AI_TOOL_NAME);
      copy(named, series, OtelLlmAttributes.GEN_AI_TOOL_TYPE);
    }
    if (shape.latest() && agent) {
      series.put(INVOCATION_IS_NESTED, isNested(context));
    }
    Attributes counts = series.build();
    copy(endAttributes, series, OtelLlmAttributes.ERROR_TYPE);
    duration.record(nanosToSeconds(endNanos - start.nanos()), series.build(), context);
    if (llmCalls != null && toolCalls != null) {
      Long llm = endAttributes.get(OtelLlmAttributes.TURN_LLM_CALLS);
      Long tools = endAttributes.get(OtelLlmAttributes.TURN_TOOL_CALLS);
      if (llm != null) {
        llmCalls.record(llm, counts, context);
      }
      if (tools != null) {
        toolCalls.record(tools, counts, context);
      }
    }
  }

  // A turn inside another turn (an AI service called from an agent's turn, a sub-agent).
  private static boolean isNested(Context context) {
    AgentTurnState own = context.get(AgentTurnState.CONTEXT_KEY);
    return own != null && own.enclosing != null;
  }

  private static <T> void copy(Attributes from, AttributesBuilder to, AttributeKey<T> key) {
    T value = from.get(key);
    if (value != null) {
      to.put(key, value);
    }
  }
}

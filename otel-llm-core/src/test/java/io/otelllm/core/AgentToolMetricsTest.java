package io.otelllm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.otelllm.core.semconv.GenAiWorkload;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Turn and tool metrics in the default (v1.41) shape, which has none of its own: otel-llm's, read
 * through the SDK's metric reader after one turn of four LLM calls and two tools, one failing.
 */
class AgentToolMetricsTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static MetricData metric(String name) {
    return otel.getMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + otel.getMetrics()));
  }

  static HistogramPointData onlyPoint(String name) {
    List<HistogramPointData> points = List.copyOf(metric(name).getHistogramData().getPoints());
    assertThat(points).as(name).hasSize(1);
    return points.get(0);
  }

  @Test
  void aTurnsDurationLlmCallsAndToolCallsAndEachToolsDurationAreMetrics() throws Exception {
    GenAiWorkload.run(LlmTelemetry.create(otel.getOpenTelemetry()));

    Attributes turn =
        Attributes.of(
            OtelLlmAttributes.GEN_AI_OPERATION_NAME, "invoke_agent",
            OtelLlmAttributes.GEN_AI_AGENT_NAME, "Villager");
    HistogramPointData duration = onlyPoint("otel_llm.agent.turn.duration");
    assertThat(duration.getAttributes()).isEqualTo(turn);
    assertThat(duration.getCount()).isEqualTo(1);
    assertThat(metric("otel_llm.agent.turn.duration").getUnit()).isEqualTo("s");
    HistogramPointData llmCalls = onlyPoint("otel_llm.agent.turn.llm_calls");
    assertThat(llmCalls.getAttributes()).isEqualTo(turn);
    assertThat(llmCalls.getSum()).isEqualTo(4.0);
    assertThat(llmCalls.getBoundaries())
        .containsExactly(0.0, 1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0);
    HistogramPointData toolCalls = onlyPoint("otel_llm.agent.turn.tool_calls");
    assertThat(toolCalls.getSum()).isEqualTo(2.0);
    assertThat(metric("otel_llm.agent.turn.tool_calls").getUnit()).isEqualTo("{call}");

    Map<Attributes, Long> tools =
        metric("otel_llm.tool.duration").getHistogramData().getPoints().stream()
            .collect(
                Collectors.toMap(HistogramPointData::getAttributes, HistogramPointData::getCount));
    assertThat(tools)
        .containsOnly(
            Map.entry(
                Attributes.of(
                    OtelLlmAttributes.GEN_AI_OPERATION_NAME, "execute_tool",
                    OtelLlmAttributes.GEN_AI_TOOL_NAME, "recall_memory",
                    OtelLlmAttributes.GEN_AI_TOOL_TYPE, "function"),
                1L),
            Map.entry(
                Attributes.of(
                    OtelLlmAttributes.GEN_AI_OPERATION_NAME, "execute_tool",
                    OtelLlmAttributes.GEN_AI_TOOL_NAME, "write_diary",
                    OtelLlmAttributes.GEN_AI_TOOL_TYPE, "function",
                    OtelLlmAttributes.ERROR_TYPE, "java.io.IOException"),
                1L));
  }
}

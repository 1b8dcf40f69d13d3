package io.otelllm.core;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.core.internal.GenAiShape;
import io.otelllm.core.semconv.GenAiWorkload;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The newest GenAI shape (semantic-conventions-genai after v1.41), opted into with
 * OTEL_SEMCONV_STABILITY_OPT_IN=gen_ai_latest_experimental or its system property: the same
 * workload as the v1.41 conformance test, and what changes.
 */
class NewestShapeTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final Function<String, String> NONE = k -> null;

  static LlmTelemetry telemetry(
      Function<String, String> properties, Function<String, String> environment) {
    return new LlmTelemetryBuilder(otel.getOpenTelemetry(), properties, environment).build();
  }

  static Function<String, String> only(String key, String value) {
    return k -> k.equals(key) ? value : null;
  }

  static SpanData span(String name) {
    return otel.getSpans().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name));
  }

  static MetricData metric(String name) {
    return otel.getMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  @Test
  void theSwitchIsTheEnvironmentListOrTheSystemProperty() {
    assertThat(GenAiShape.from(NONE, NONE)).isEqualTo(GenAiShape.V1_41);
    assertThat(GenAiShape.from(NONE, only(GenAiShape.ENV, "http, gen_ai_latest_experimental")))
        .isEqualTo(GenAiShape.LATEST_EXPERIMENTAL);
    assertThat(GenAiShape.from(only(GenAiShape.PROPERTY, "gen_ai_latest_experimental"), NONE))
        .isEqualTo(GenAiShape.LATEST_EXPERIMENTAL);
    // The property, when set, decides.
    assertThat(
            GenAiShape.from(
                only(GenAiShape.PROPERTY, "http"),
                only(GenAiShape.ENV, "gen_ai_latest_experimental")))
        .isEqualTo(GenAiShape.V1_41);
    assertThat(GenAiShape.from(NONE, only(GenAiShape.ENV, "gen_ai_latest")))
        .isEqualTo(GenAiShape.V1_41);
  }

  @Test
  void spansTakeTheNewestNames() throws Exception {
    GenAiWorkload.run(telemetry(NONE, only(GenAiShape.ENV, "gen_ai_latest_experimental")));

    SpanData chat =
        otel.getSpans().stream()
            .filter(
                s ->
                    "response-1"
                        .equals(
                            s.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id"))))
            .findFirst()
            .orElseThrow();
    assertThat(chat)
        .hasAttributesSatisfying(
            equalTo(AttributeKey.longKey("gen_ai.request.top_k"), 40L),
            equalTo(AttributeKey.longKey("gen_ai.usage.cache_write.input_tokens"), 3L),
            equalTo(OtelLlmAttributes.GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, 5L));
    assertThat(chat.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.top_k"))).isNull();
    assertThat(chat.getAttributes().get(OtelLlmAttributes.GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS))
        .isNull();

    SpanData agent = span("invoke_agent Villager");
    assertThat(agent)
        .hasAttributesSatisfying(equalTo(OtelLlmAttributes.GEN_AI_AGENT_NAME, "Villager"));
    assertThat(agent.getAttributes().get(OtelLlmAttributes.GEN_AI_AGENT_ID)).isNull();
    assertThat(agent.getAttributes().get(OtelLlmAttributes.GEN_AI_PROVIDER_NAME)).isNull();

    assertThat(span("execute_tool recall_memory"))
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.GEN_AI_AGENT_NAME, "Villager"),
            equalTo(OtelLlmAttributes.GEN_AI_CONVERSATION_ID, "conversation-7"));
  }

  @Test
  void metricsTakeTheNewestNamesAndTokenCountersCarryTheModality() throws Exception {
    GenAiWorkload.run(telemetry(only(GenAiShape.PROPERTY, "gen_ai_latest_experimental"), NONE));

    Set<String> names =
        otel.getMetrics().stream()
            .map(MetricData::getName)
            .collect(Collectors.toCollection(TreeSet::new));
    assertThat(names)
        .containsExactly(
            "gen_ai.client.embeddings.duration",
            "gen_ai.client.embeddings.operation.input_tokens",
            "gen_ai.client.inference.duration",
            "gen_ai.client.inference.operation.input_tokens",
            "gen_ai.client.inference.operation.output_tokens",
            "gen_ai.client.inference.time_per_output_chunk",
            "gen_ai.client.inference.time_to_first_chunk",
            "gen_ai.client.inference.usage.cache_read.input_tokens",
            "gen_ai.client.inference.usage.cache_write.input_tokens",
            "gen_ai.client.inference.usage.input_tokens",
            "gen_ai.client.inference.usage.output_tokens",
            "gen_ai.client.inference.usage.reasoning.output_tokens",
            "gen_ai.execute_tool.duration",
            "gen_ai.invocation.duration",
            "gen_ai.invoke_agent.inference_calls",
            "gen_ai.invoke_agent.tool_calls",
            "otel_llm.server.queue_duration",
            "otel_llm.server.request.duration",
            "otel_llm.server.time_per_output_token",
            "otel_llm.server.time_to_first_token");

    // Input tokens: the chat's 30 as text; the failed call's 0 as unknown.
    Map<String, Long> input =
        metric("gen_ai.client.inference.usage.input_tokens").getLongSumData().getPoints().stream()
            .collect(
                Collectors.toMap(
                    p -> p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.modality")),
                    LongPointData::getValue));
    assertThat(input).containsOnly(Map.entry("text", 30L), Map.entry("unknown", 0L));
    assertThat(metric("gen_ai.client.inference.usage.input_tokens").getLongSumData().isMonotonic())
        .isTrue();
    // Output: the chat's 12 and the stream's 5.
    assertThat(
            metric("gen_ai.client.inference.usage.output_tokens")
                .getLongSumData()
                .getPoints()
                .stream()
                .filter(
                    p ->
                        "text"
                            .equals(
                                p.getAttributes()
                                    .get(AttributeKey.stringKey("gen_ai.token.modality"))))
                .mapToLong(LongPointData::getValue)
                .sum())
        .isEqualTo(17L);
    // Three inference calls (chat, stream, failure); the embeddings call has its own duration.
    assertThat(
            metric("gen_ai.client.inference.duration").getHistogramData().getPoints().stream()
                .mapToLong(HistogramPointData::getCount)
                .sum())
        .isEqualTo(3);
    HistogramPointData invocation =
        metric("gen_ai.invocation.duration").getHistogramData().getPoints().iterator().next();
    assertThat(invocation.getAttributes())
        .isEqualTo(
            Attributes.of(
                OtelLlmAttributes.GEN_AI_OPERATION_NAME,
                "invoke_agent",
                OtelLlmAttributes.GEN_AI_AGENT_NAME,
                "Villager",
                AttributeKey.booleanKey("gen_ai.invocation.is_nested"),
                false));
    assertThat(
            metric("gen_ai.invoke_agent.inference_calls")
                .getHistogramData()
                .getPoints()
                .iterator()
                .next()
                .getSum())
        .isEqualTo(4.0);
  }
}

package io.otelllm.core.semconv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.semconv.SemconvModel.Attribute;
import io.otelllm.core.semconv.SemconvModel.Level;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What otel-llm emits, checked against the semantic conventions' own v1.41.0 model (its YAML, read
 * here, not restated): every span, metric and event of a workload that exercises every fact the
 * core records — a synchronous chat with every parameter and server timings, a stream, a failure,
 * embeddings, tools (one failing) inside an agent turn. A name, type, requirement level, span kind,
 * instrument, unit, bucket advice or attribute set that drifts from the model fails here. Names in
 * otel-llm's own {@code otel_llm.} namespace are otel-llm's (documented in telemetry.md); the few
 * other attributes the model does not list for a span are named below with the reason.
 */
class SemconvConformanceTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static SemconvModel model;

  @BeforeAll
  static void readModel() {
    model = SemconvModel.load();
  }

  /**
   * Attributes outside the model's list for a span type, each with its own convention: the HTTP
   * status of a failed call (HTTP semconv, {@code http.response.status_code}), and on an agent span
   * the application method that is the agent ({@code code.function.name}, code semconv).
   */
  static final Map<String, Set<String>> OTHER_CONVENTIONS =
      Map.of(
          "span.gen_ai.inference.client", Set.of("http.response.status_code"),
          "span.gen_ai.invoke_agent.internal", Set.of("code.function.name"));

  @BeforeEach
  void runWorkload() throws Exception {
    GenAiWorkload.run(LlmTelemetry.create(otel.getOpenTelemetry()));
  }

  /** The model's span group for an emitted span, by its operation. */
  static String groupOf(SpanData span) {
    String operation = span.getAttributes().get(AttributeKey.stringKey("gen_ai.operation.name"));
    assertThat(operation).as("every otel-llm span has gen_ai.operation.name: %s", span).isNotNull();
    return switch (operation) {
      case "chat", "text_completion", "generate_content" -> "span.gen_ai.inference.client";
      case "embeddings" -> "span.gen_ai.embeddings.client";
      case "invoke_agent" -> "span.gen_ai.invoke_agent.internal";
      case "execute_tool" -> "span.gen_ai.execute_tool.internal";
      default -> throw new AssertionError("an operation the model has no span for: " + operation);
    };
  }

  @Test
  void everySpanHasTheKindNameAttributesTypesAndRequirementLevelsOfItsV141Group() {
    List<SpanData> spans = otel.getSpans();
    assertThat(spans.stream().map(SemconvConformanceTest::groupOf).collect(Collectors.toSet()))
        .as("the workload covers every span type otel-llm emits")
        .containsExactlyInAnyOrder(
            "span.gen_ai.inference.client",
            "span.gen_ai.embeddings.client",
            "span.gen_ai.invoke_agent.internal",
            "span.gen_ai.execute_tool.internal");
    for (SpanData span : spans) {
      String group = groupOf(span);
      Map<String, Attribute> spec = model.attributes(group);
      Attributes emitted = span.getAttributes();
      String what = span.getName() + " (" + group + ")";

      assertThat(span.getKind().name().toLowerCase(java.util.Locale.ROOT))
          .as("%s: span kind", what)
          .isEqualTo(model.group(group).path("span_kind").asText());
      emitted.forEach(
          (key, value) -> {
            String name = key.getKey();
            if (name.startsWith("otel_llm.")) {
              return;
            }
            if (OTHER_CONVENTIONS.getOrDefault(group, Set.of()).contains(name)) {
              assertThat(key.getType()).as("%s: %s", what, name).isEqualTo(model.type(name));
              return;
            }
            assertThat(spec)
                .as("%s: %s is an attribute of the group", what, name)
                .containsKey(name);
            assertThat(key.getType())
                .as("%s: the type of %s", what, name)
                .isEqualTo(spec.get(name).type());
            assertThat(spec.get(name).level())
                .as("%s: %s is opt-in, and content capture is off", what, name)
                .isNotEqualTo(Level.OPT_IN);
          });
      Set<String> names =
          emitted.asMap().keySet().stream().map(AttributeKey::getKey).collect(Collectors.toSet());
      spec.values().stream()
          .filter(a -> a.level() == Level.REQUIRED)
          .forEach(a -> assertThat(names).as("%s: required %s", what, a.name()).contains(a.name()));

      // The conditions of the conditionally required, as the model words them.
      boolean failed = span.getStatus().getStatusCode() == StatusCode.ERROR;
      assertThat(names.contains("error.type"))
          .as("%s: error.type if and only if the operation ended in an error", what)
          .isEqualTo(failed);
      if (names.contains("server.address")) {
        assertThat(names)
            .as("%s: server.port if server.address is set", what)
            .contains("server.port");
      }
      if (spec.containsKey("gen_ai.request.stream")) {
        Boolean stream = emitted.get(AttributeKey.booleanKey("gen_ai.request.stream"));
        assertThat(Boolean.FALSE.equals(stream))
            .as("%s: gen_ai.request.stream only when true", what)
            .isFalse();
      }
      if (spec.containsKey("gen_ai.request.choice.count")) {
        Long choices = emitted.get(AttributeKey.longKey("gen_ai.request.choice.count"));
        assertThat(Long.valueOf(1).equals(choices))
            .as("%s: choice count only when != 1", what)
            .isFalse();
      }

      // Span names, as the groups' notes give them.
      String subject =
          switch (group) {
            case "span.gen_ai.invoke_agent.internal" ->
                emitted.get(AttributeKey.stringKey("gen_ai.agent.name"));
            case "span.gen_ai.execute_tool.internal" ->
                emitted.get(AttributeKey.stringKey("gen_ai.tool.name"));
            default -> emitted.get(AttributeKey.stringKey("gen_ai.request.model"));
          };
      String operation = emitted.get(AttributeKey.stringKey("gen_ai.operation.name"));
      assertThat(span.getName())
          .as("%s: span name", what)
          .isEqualTo(subject == null ? operation : operation + " " + subject);
    }
  }

  @Test
  void everyGenAiMetricIsAV141MetricWithItsInstrumentUnitBucketsAndAttributes() {
    Map<String, JsonNode> specMetrics = model.metrics();
    List<MetricData> genAi =
        otel.getMetrics().stream().filter(m -> m.getName().startsWith("gen_ai.")).toList();
    Set<String> emittedNames =
        genAi.stream().map(MetricData::getName).collect(Collectors.toCollection(TreeSet::new));
    assertThat(emittedNames)
        .as("the v1.41 client and server metrics the workload produces")
        .containsExactly(
            "gen_ai.client.operation.duration",
            "gen_ai.client.operation.time_per_output_chunk",
            "gen_ai.client.operation.time_to_first_chunk",
            "gen_ai.client.token.usage",
            "gen_ai.server.request.duration",
            "gen_ai.server.time_per_output_token",
            "gen_ai.server.time_to_first_token");
    for (MetricData metric : genAi) {
      String name = metric.getName();
      JsonNode spec = specMetrics.get(name);
      assertThat(spec).as("%s is a v1.41 metric", name).isNotNull();
      assertThat(spec.path("instrument").asText()).as(name).isEqualTo("histogram");
      assertThat(metric.getType()).as("%s: instrument", name).isEqualTo(MetricDataType.HISTOGRAM);
      assertThat(metric.getUnit()).as("%s: unit", name).isEqualTo(spec.path("unit").asText());
      Map<String, Attribute> attributes = model.attributes(spec.get("id").asText());
      Set<String> errorTypes = new HashSet<>();
      for (HistogramPointData point : metric.getHistogramData().getPoints()) {
        assertThat(point.getBoundaries())
            .as("%s: bucket advice", name)
            .isEqualTo(model.buckets(name));
        Set<String> keys =
            point.getAttributes().asMap().keySet().stream()
                .map(AttributeKey::getKey)
                .collect(Collectors.toSet());
        for (String key : keys) {
          if (key.startsWith("otel_llm.")) {
            continue;
          }
          assertThat(attributes).as("%s: %s is one of its attributes", name, key).containsKey(key);
          assertThat(attributes.get(key).level())
              .as("%s: %s is opt-in", name, key)
              .isNotEqualTo(Level.OPT_IN);
        }
        attributes.values().stream()
            .filter(a -> a.level() == Level.REQUIRED)
            .forEach(
                a -> assertThat(keys).as("%s: required %s", name, a.name()).contains(a.name()));
        if (keys.contains("server.address")) {
          assertThat(keys).as("%s: server.port with server.address", name).contains("server.port");
        }
        String errorType = point.getAttributes().get(AttributeKey.stringKey("error.type"));
        if (errorType != null) {
          errorTypes.add(errorType);
        }
      }
      if (name.equals("gen_ai.client.operation.duration")) {
        assertThat(errorTypes)
            .as("error.type on the failed call's duration")
            .containsExactly("java.lang.IllegalStateException");
      } else {
        assertThat(errorTypes).as("%s: error.type only on durations", name).isEmpty();
      }
    }
  }

  @Test
  void everySpanEventIsTheModelsOtelLlmsOwnOrTheExceptionEvent() {
    for (SpanData span : otel.getSpans()) {
      for (EventData event : span.getEvents()) {
        String name = event.getName();
        if (name.startsWith("otel_llm.")) {
          event
              .getAttributes()
              .forEach(
                  (key, value) ->
                      assertThat(key.getKey())
                          .as("%s on %s: own or semconv attribute names", name, span.getName())
                          .matches("otel_llm\\..*|gen_ai\\..*"));
          continue;
        }
        assertThat(name).as("an event on %s", span.getName()).isEqualTo("exception");
        event
            .getAttributes()
            .forEach(
                (key, value) -> {
                  assertThat(model.type(key.getKey()))
                      .as("%s: %s is an exceptions-registry attribute", name, key.getKey())
                      .isEqualTo(key.getType());
                  assertThat(key.getKey()).startsWith("exception.");
                });
      }
    }
    assertThat(
            otel.getSpans().stream()
                .flatMap(s -> s.getEvents().stream())
                .filter(e -> e.getName().equals("exception"))
                .count())
        .as("the failed call and the failed tool")
        .isEqualTo(2);
    // The model's own events are log events (not recorded by the core); the span events otel-llm
    // adds are its own, and the model still defines no first-token event.
    assertThat(model.event("gen_ai.client.inference.operation.details")).isNotNull();
    assertThat(model.event("otel_llm.first_token")).isNull();
  }
}

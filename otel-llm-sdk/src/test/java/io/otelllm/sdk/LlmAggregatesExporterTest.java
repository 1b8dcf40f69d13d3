package io.otelllm.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.sdk.calls.LlmCallRecord;
import io.otelllm.sdk.internal.LlmCallAggregator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LlmAggregatesExporterTest {

  static LlmCallRecord call(String label, double ms, boolean ok, String error, Double ttft) {
    return new LlmCallRecord(
        "s",
        "t",
        Instant.EPOCH,
        label,
        "chat",
        "ollama",
        "llama3.2",
        null,
        "Ada",
        ok,
        error,
        null,
        ms,
        ttft,
        10L,
        2L,
        12L,
        null,
        null,
        null,
        null,
        false);
  }

  @Test
  void aggregatesOfKnownInputsAreExactWherePossibleAndWithinOnePercentForPercentiles() {
    LlmCallAggregator aggregator = new LlmCallAggregator(500);
    for (int i = 1; i <= 1000; i++) {
      boolean ok = i % 10 != 0;
      aggregator.record(
          call(
              "dialogue",
              i,
              ok,
              ok ? null : (i % 20 == 0 ? "java.net.ConnectException" : "Timeout"),
              (double) i / 10));
    }
    aggregator.record(call("planning", 5, true, null, null));
    List<LlmCallAggregator.Aggregate> window = aggregator.closeWindow();
    assertThat(window).hasSize(2);
    LlmCallAggregator.Aggregate d = window.get(0);
    assertThat(d.label()).isEqualTo("dialogue");
    assertThat(d.calls()).isEqualTo(1000);
    assertThat(d.successRate()).isEqualTo(0.9);
    assertThat(d.minMs()).isEqualTo(1.0);
    assertThat(d.maxMs()).isEqualTo(1000.0);
    assertThat(d.avgMs()).isEqualTo(500.5);
    assertThat(d.p50Ms()).isCloseTo(500, within(500 * 0.01));
    assertThat(d.p90Ms()).isCloseTo(900, within(900 * 0.01));
    assertThat(d.p99Ms()).isCloseTo(990, within(990 * 0.01));
    assertThat(d.ttftP50Ms()).isCloseTo(50, within(50 * 0.01));
    assertThat(d.ttftP90Ms()).isCloseTo(90, within(90 * 0.01));
    assertThat(d.inputTokens()).isEqualTo(10_000);
    assertThat(d.outputTokens()).isEqualTo(2_000);
    assertThat(d.errors())
        .containsOnly(
            java.util.Map.entry("java.net.ConnectException", 50L),
            java.util.Map.entry("Timeout", 50L));
    assertThat(window.get(1).ttftP50Ms()).isNull();
    assertThat(aggregator.closeWindow()).as("a new window starts empty").isEmpty();
  }

  @Test
  void memoryIsFlatAcrossAMillionRecordedCalls() {
    LlmCallAggregator aggregator = new LlmCallAggregator(500);
    String[] labels = {"planning", "dialogue", "memory_consolidation"};
    for (int i = 0; i < 1_000; i++) {
      aggregator.record(
          call(labels[i % 3], i % 5000, i % 7 != 0, "E" + (i % 40), (double) (i % 300)));
    }
    long afterThousand = aggregator.footprintBytes();
    for (int i = 0; i < 1_000_000; i++) {
      aggregator.record(
          call(labels[i % 3], i % 5000, i % 7 != 0, "E" + (i % 40), (double) (i % 300)));
    }
    assertThat(aggregator.footprintBytes()).isEqualTo(afterThousand);
    List<LlmCallAggregator.Aggregate> window = aggregator.closeWindow();
    assertThat(window).hasSize(3);
    assertThat(window.stream().mapToLong(LlmCallAggregator.Aggregate::calls).sum())
        .isEqualTo(1_001_000);
    assertThat(window)
        .allSatisfy(a -> assertThat(a.errors()).hasSizeLessThanOrEqualTo(21).containsKey("_OTHER"));
  }

  @Test
  void keysPastTheCapShareOneBucket() {
    LlmCallAggregator aggregator = new LlmCallAggregator(2);
    for (String label : List.of("a", "b", "c", "d")) {
      aggregator.record(call(label, 1, true, null, null));
    }
    assertThat(aggregator.closeWindow())
        .extracting(LlmCallAggregator.Aggregate::label)
        .containsExactly("_OTHER", "a", "b");
  }

  @Test
  void logsOneStructuredJsonLinePerKey() throws Exception {
    List<String> logged = new ArrayList<>();
    System.Logger capture =
        new System.Logger() {
          @Override
          public String getName() {
            return "capture";
          }

          @Override
          public boolean isLoggable(Level level) {
            return true;
          }

          @Override
          public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            logged.add(msg);
          }

          @Override
          public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            logged.add(format);
          }
        };
    LlmAggregatesExporter exporter =
        LlmAggregatesExporter.builder().setInterval(Duration.ofHours(1)).setLogger(capture).build();
    var sdk =
        io.opentelemetry.sdk.OpenTelemetrySdk.builder()
            .setTracerProvider(
                io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                    .addSpanProcessor(
                        io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    var telemetry = io.otelllm.core.LlmTelemetry.create(sdk);
    telemetry
        .startCall(
            io.otelllm.core.LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
        .end(io.otelllm.core.LlmResponse.builder().setInputTokens(5L).setOutputTokens(1L).build());
    telemetry
        .startCall(
            io.otelllm.core.LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
        .fail(new IllegalStateException());
    sdk.close(); // shutdown logs the last window
    assertThat(logged).hasSize(1);
    assertThat(logged.get(0)).startsWith("otel-llm aggregate {");
    JsonNode line =
        new ObjectMapper().readTree(logged.get(0).substring(LlmAggregatesExporter.PREFIX.length()));
    assertThat(line.get("operation").asText()).isEqualTo("chat");
    assertThat(line.get("model").asText()).isEqualTo("m");
    assertThat(line.get("label").asText()).isEqualTo("(none)");
    assertThat(line.get("calls").asLong()).isEqualTo(2);
    assertThat(line.get("success_rate").asDouble()).isEqualTo(0.5);
    assertThat(line.get("tokens").get("input").asLong()).isEqualTo(5);
    assertThat(line.get("errors").get("java.lang.IllegalStateException").asLong()).isEqualTo(1);
    assertThat(line.get("duration_ms").has("p99")).isTrue();
  }

  @Test
  void invalidSettingsFailNamingTheSetting() {
    assertThatThrownBy(() -> LlmAggregatesExporter.builder().setInterval(Duration.ZERO).build())
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> LlmAggregatesExporter.builder().setMaxKeys(0).build())
        .hasMessageContaining("maxKeys");
  }

  @Test
  void autoconfigureFindsItByName() {
    Supplier<java.util.Map<String, String>> props =
        () ->
            java.util.Map.of(
                "otel.traces.exporter",
                "llm-aggregates",
                "otel.exporter.llm.aggregates.interval",
                "5s",
                "otel.metrics.exporter",
                "none",
                "otel.logs.exporter",
                "none");
    var sdk =
        io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(props)
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    assertThat(sdk.getSdkTracerProvider().toString()).contains("LlmAggregatesExporter");
    sdk.close();
  }
}

package io.otelllm.exporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class LlmAggregatesExporterTest {

  @Test
  void logsOneStructuredJsonLinePerKey() throws Exception {
    List<String> logged = new ArrayList<>();
    System.Logger capture = io.otelllm.testing.internal.CapturingLogger.into(logged);
    LlmAggregatesExporter exporter =
        LlmAggregatesExporter.builder().setInterval(Duration.ofHours(1)).setLogger(capture).build();
    var sdk = sdkExportingTo(exporter);
    var telemetry = io.otelllm.core.LlmTelemetry.create(sdk);
    telemetry
        .llmCall(
            io.otelllm.core.spi.LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
        .start()
        .end(
            io.otelllm.core.spi.LlmResponse.builder()
                .setInputTokens(5L)
                .setOutputTokens(1L)
                .build());
    telemetry
        .llmCall(
            io.otelllm.core.spi.LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
        .start()
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
  void aWindowWhoseCallsQueuedLogsTheFindingAfterItsAggregates() throws Exception {
    List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
    System.Logger capture = io.otelllm.testing.internal.CapturingLogger.into(logged);
    LlmAggregatesExporter exporter =
        LlmAggregatesExporter.builder().setInterval(Duration.ofHours(1)).setLogger(capture).build();
    var sdk = sdkExportingTo(exporter);
    var telemetry = io.otelllm.core.LlmTelemetry.create(sdk);
    for (int i = 0; i < 3; i++) {
      var call =
          telemetry
              .llmCall(
                  io.otelllm.core.spi.LlmRequest.builder("chat", "ollama")
                      .setRequestModel("m")
                      .build())
              .start();
      // 600 ms of the server's 700 waiting for the model's slot.
      call.recordServerTimings(
          io.otelllm.core.spi.ServerTimings.builder()
              .setLoadNanos(0L)
              .setPromptEvalNanos(20_000_000L)
              .setEvalNanos(80_000_000L)
              .setTotalNanos(700_000_000L)
              .build());
      Thread.sleep(20);
      call.end(io.otelllm.core.spi.LlmResponse.empty());
    }
    List<String> first = exporter.emit();
    sdk.close();
    assertThat(first).hasSize(2);
    assertThat(first.get(0)).startsWith(LlmAggregatesExporter.PREFIX);
    assertThat(first.get(1)).startsWith(LlmAggregatesExporter.FINDING_PREFIX);
    JsonNode finding =
        new ObjectMapper()
            .readTree(first.get(1).substring(LlmAggregatesExporter.FINDING_PREFIX.length()));
    assertThat(finding.get("kind").asText()).isEqualTo("server_queue");
    assertThat(finding.get("seconds").asDouble()).isEqualTo(1.8);
    assertThat(finding.get("window_start").asText()).isNotEmpty();
    // The next window had no calls: no finding carried over.
    assertThat(logged.stream().filter(l -> l.startsWith(LlmAggregatesExporter.FINDING_PREFIX)))
        .hasSize(1);
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

  /** An SDK whose spans end in {@code exporter}, one at a time. */
  static io.opentelemetry.sdk.OpenTelemetrySdk sdkExportingTo(LlmAggregatesExporter exporter) {
    return io.opentelemetry.sdk.OpenTelemetrySdk.builder()
        .setTracerProvider(
            io.opentelemetry.sdk.trace.SdkTracerProvider.builder()
                .addSpanProcessor(
                    io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(exporter))
                .build())
        .build();
  }
}

package io.otelllm.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.core.AgentTurn;
import io.otelllm.core.CallLabel;
import io.otelllm.core.LlmCall;
import io.otelllm.core.LlmRequest;
import io.otelllm.core.LlmResponse;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.ServerTimings;
import io.otelllm.core.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmJsonLinesExporterTest {

  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  record Run(List<SpanData> spans, List<JsonNode> lines) {}

  Run runCalls(LlmJsonLinesExporter exporter) throws Exception {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(memory))
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    LlmTelemetry telemetry = LlmTelemetry.create(sdk);
    try (AgentTurn turn = telemetry.agentTurn("Ada").start();
        Scope label = CallLabel.makeCurrent("planning")) {
      LlmCall ok =
          telemetry.startCall(
              LlmRequest.builder("chat", "ollama").setRequestModel("llama3.2").build());
      ok.recordServerTimings(
          ServerTimings.builder()
              .setLoadNanos(900_000_000L)
              .setPromptEvalNanos(20_000_000L)
              .setEvalNanos(300_000_000L)
              .setTotalNanos(1_250_000_000L)
              .setEvalCount(30L)
              .build());
      ok.end(
          LlmResponse.builder()
              .setResponseModel("llama3.2:3b")
              .setInputTokens(40L)
              .setOutputTokens(30L)
              .build());

      LlmCall failed =
          telemetry.startCall(
              LlmRequest.builder("chat", "ollama").setRequestModel("llama3.2").build());
      failed.fail(new java.net.ConnectException("x".repeat(500)));

      LlmCall streamed =
          telemetry.startCall(
              LlmRequest.builder("chat", "ollama")
                  .setRequestModel("llama3.2")
                  .setStream(true)
                  .build());
      Thread.sleep(15);
      streamed.onChunk();
      streamed.onChunk();
      streamed.end(LlmResponse.builder().setInputTokens(10L).setOutputTokens(2L).build());
    }
    List<SpanData> spans = new ArrayList<>(memory.getFinishedSpanItems());
    sdk.close();
    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(exporter.path())) {
      lines.add(JSON.readTree(line));
    }
    return new Run(spans, lines);
  }

  @Test
  void writesOneExactLinePerLlmCallForSuccessFailureAndStreaming() throws Exception {
    LlmJsonLinesExporter exporter = LlmJsonLinesExporter.create(dir.resolve("llm_performance.log"));
    Run run = runCalls(exporter);
    List<SpanData> llm =
        run.spans().stream().filter(s -> s.getName().equals("chat llama3.2")).toList();
    assertThat(run.lines()).hasSize(3).as("the agent turn span is not a call");
    assertThat(exporter.writtenRecords()).isEqualTo(3);

    JsonNode ok = run.lines().get(0);
    SpanData okSpan = llm.get(0);
    assertThat(ok.get("request_id").asText()).isEqualTo(okSpan.getSpanId());
    assertThat(ok.get("trace_id").asText()).isEqualTo(okSpan.getTraceId());
    assertThat(ok.get("timestamp").asText())
        .isEqualTo(java.time.Instant.ofEpochSecond(0, okSpan.getStartEpochNanos()).toString());
    assertThat(ok.get("label").asText()).isEqualTo("planning");
    assertThat(ok.get("operation").asText()).isEqualTo("chat");
    assertThat(ok.get("provider").asText()).isEqualTo("ollama");
    assertThat(ok.get("request_model").asText()).isEqualTo("llama3.2");
    assertThat(ok.get("response_model").asText()).isEqualTo("llama3.2:3b");
    assertThat(ok.get("agent").asText()).isEqualTo("Ada");
    assertThat(ok.get("success").asBoolean()).isTrue();
    assertThat(ok.has("error_type")).isFalse();
    assertThat(ok.get("duration_ms").asDouble())
        .isCloseTo(
            (okSpan.getEndEpochNanos() - okSpan.getStartEpochNanos()) / 1e6,
            org.assertj.core.data.Offset.offset(0.001));
    assertThat(ok.get("prompt_tokens").asLong()).isEqualTo(40);
    assertThat(ok.get("completion_tokens").asLong()).isEqualTo(30);
    assertThat(ok.get("total_tokens").asLong()).isEqualTo(70);
    assertThat(ok.get("load_ms").asDouble()).isEqualTo(900.0);
    assertThat(ok.get("prompt_eval_ms").asDouble()).isEqualTo(20.0);
    assertThat(ok.get("eval_ms").asDouble()).isEqualTo(300.0);
    assertThat(ok.get("server_total_ms").asDouble()).isEqualTo(1250.0);
    assertThat(ok.get("cold_start").asBoolean()).isTrue();
    assertThat(ok.has("ttft_ms")).isFalse();

    JsonNode failed = run.lines().get(1);
    assertThat(failed.get("success").asBoolean()).isFalse();
    assertThat(failed.get("error_type").asText()).isEqualTo("java.net.ConnectException");
    // 200 characters at most, the mark included (the one truncation otel-llm uses everywhere).
    assertThat(failed.get("error_message").asText())
        .isEqualTo("x".repeat(200 - "…[truncated]".length()) + "…[truncated]");
    assertThat(failed.has("prompt_tokens")).isFalse();
    assertThat(failed.get("cold_start").asBoolean()).isFalse();

    JsonNode streamed = run.lines().get(2);
    SpanData streamedSpan = llm.get(2);
    assertThat(streamed.get("ttft_ms").asDouble())
        .isCloseTo(
            streamedSpan
                    .getAttributes()
                    .get(
                        io.opentelemetry.api.common.AttributeKey.doubleKey(
                            "gen_ai.response.time_to_first_chunk"))
                * 1000,
            org.assertj.core.data.Offset.offset(0.001));
    assertThat(streamed.get("ttft_ms").asDouble()).isGreaterThanOrEqualTo(15.0);
    assertThat(streamed.get("total_tokens").asLong()).isEqualTo(12);
  }

  @Test
  void anUnwritablePathIsReportedOnceCountedAndNeverThrown() throws Exception {
    Path notADirectory = Files.writeString(dir.resolve("file"), "x");
    LlmJsonLinesExporter exporter = LlmJsonLinesExporter.create(notADirectory.resolve("llm.log"));
    LogCapture log = LogCapture.of(LlmJsonLinesExporter.class.getName(), Level.INFO);
    try {
      InMemorySpanExporter memory = InMemorySpanExporter.create();
      OpenTelemetrySdk sdk =
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                      .addSpanProcessor(SimpleSpanProcessor.create(memory))
                      .build())
              .build();
      LlmTelemetry telemetry = LlmTelemetry.create(sdk);
      assertThatCode(
              () -> {
                for (int i = 0; i < 3; i++) {
                  telemetry
                      .startCall(LlmRequest.builder("chat", "ollama").build())
                      .end(LlmResponse.empty());
                }
              })
          .doesNotThrowAnyException();
      assertThat(memory.getFinishedSpanItems()).hasSize(3);
      sdk.close();
    } finally {
      log.close();
    }
    List<LogRecord> warnings = log.records();
    assertThat(exporter.droppedRecords()).isEqualTo(3);
    assertThat(exporter.writtenRecords()).isZero();
    assertThat(warnings).hasSize(1);
    assertThat(warnings.get(0).getMessage())
        .contains(notADirectory.resolve("llm.log").toAbsolutePath().toString());
  }

  @Test
  void aFullDiskIsCountedNotThrown() {
    Path full = Path.of("/dev/full");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isWritable(full), "/dev/full is not available on this OS");
    LlmJsonLinesExporter exporter = LlmJsonLinesExporter.create(full);
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(memory))
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    LlmTelemetry.create(sdk)
        .startCall(LlmRequest.builder("chat", "ollama").build())
        .end(LlmResponse.empty());
    sdk.close();
    assertThat(exporter.droppedRecords()).isEqualTo(1);
  }

  @Test
  void autoconfigureFindsItByNameAndPath() throws Exception {
    Path log = dir.resolve("via-spi.log");
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.traces.exporter", "llm-jsonl",
                        "otel.exporter.llm.jsonl.path", log.toString(),
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    LlmTelemetry.create(sdk)
        .startCall(LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
        .end(LlmResponse.builder().setInputTokens(3L).build());
    sdk.close(); // the batch processor flushes on shutdown
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(1);
    assertThat(JSON.readTree(lines.get(0)).get("request_model").asText()).isEqualTo("m");
  }
}

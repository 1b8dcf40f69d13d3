package io.otelllm.exporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.ServerTimings;
import io.otelllm.exporters.internal.TracerFlush;
import io.otelllm.testing.internal.LogCapture;
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
    AgentTurn turn = telemetry.agentTurn("Ada").start();
    try (Scope current = turn.makeCurrent();
        Scope label = CallLabel.makeCurrent("planning")) {
      LlmCall ok =
          telemetry
              .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("llama3.2").build())
              .start();
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
          telemetry
              .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("llama3.2").build())
              .start();
      failed.fail(new java.net.ConnectException("x".repeat(500)));

      LlmCall streamed =
          telemetry
              .llmCall(
                  LlmRequest.builder("chat", "ollama")
                      .setRequestModel("llama3.2")
                      .setStream(true)
                      .build())
              .start();
      Thread.sleep(15);
      streamed.onChunk();
      streamed.onChunk();
      streamed.end(LlmResponse.builder().setInputTokens(10L).setOutputTokens(2L).build());
    }
    turn.end();
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
    // 1 250 − 900 − 20 − 300: the wait for the model's slot.
    assertThat(ok.get("queue_ms").asDouble()).isEqualTo(30.0);
    assertThat(ok.has("inner_agent")).as("Ada's own call").isFalse();
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
  void aCallOfAnAgentNestedInATurnBelongsToTheTurnsRootAgentWithTheInnerOneKept() throws Exception {
    LlmJsonLinesExporter exporter = LlmJsonLinesExporter.create(dir.resolve("nested.log"));
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                    .build())
            .build();
    LlmTelemetry telemetry = LlmTelemetry.create(sdk);
    AgentTurn villager = telemetry.agentTurn("Ada").start();
    try (Scope ignored = villager.makeCurrent()) {
      AgentTurn planner = telemetry.agentTurn("Planner.plan").start();
      try (Scope inner = planner.makeCurrent()) {
        telemetry
            .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("llama3.2").build())
            .start()
            .end(LlmResponse.builder().setInputTokens(97L).build());
      }
      planner.end();
    }
    villager.end();
    sdk.close();
    List<String> lines = Files.readAllLines(exporter.path());
    assertThat(lines).hasSize(1);
    JsonNode call = JSON.readTree(lines.get(0));
    assertThat(call.get("agent").asText()).isEqualTo("Ada");
    assertThat(call.get("inner_agent").asText()).isEqualTo("Planner.plan");
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
                      .llmCall(LlmRequest.builder("chat", "ollama").build())
                      .start()
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
        .llmCall(LlmRequest.builder("chat", "ollama").build())
        .start()
        .end(LlmResponse.empty());
    sdk.close();
    assertThat(exporter.droppedRecords()).isEqualTo(1);
  }

  /** Every line of every file of the log at {@code file} (rolled ones first), parsed. */
  static List<JsonNode> allLines(Path file) throws Exception {
    List<JsonNode> lines = new ArrayList<>();
    List<Path> files = new ArrayList<>(LlmJsonLinesExporter.rolledFiles(file));
    if (Files.exists(file)) {
      files.add(file);
    }
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        lines.add(JSON.readTree(line)); // a split or interleaved line would not parse
      }
    }
    return lines;
  }

  @Test
  void theLogRollsOverBySizeWithoutSplittingALineAndKeepsMaxFiles() throws Exception {
    Path log = dir.resolve("calls.log");
    LlmJsonLinesExporter exporter =
        LlmJsonLinesExporter.builder().setPath(log).setMaxBytes(2_000).setMaxFiles(3).build();
    int batches = 30;
    for (int b = 0; b < batches; b++) {
      assertThat(
              exporter
                  .export(
                      List.of(
                          ConcurrentAppender.span("b" + b + "-0"),
                          ConcurrentAppender.span("b" + b + "-1")))
                  .isSuccess())
          .isTrue();
    }

    List<Path> rolled = LlmJsonLinesExporter.rolledFiles(log);
    assertThat(rolled).hasSize(3);
    assertThat(exporter.rollovers()).isGreaterThan(3);
    // Named by the time of the roll: sorting by name is sorting by time, oldest first.
    assertThat(rolled.stream().map(p -> p.getFileName().toString()))
        .isSorted()
        .allMatch(
            name ->
                name.matches("calls\\.\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}Z\\.log"));
    for (Path file : rolled) {
      assertThat(Files.size(file)).isLessThanOrEqualTo(2_000);
    }
    // What is kept is whole lines, the newest: the last batches, in order.
    List<JsonNode> kept = allLines(log);
    assertThat(kept).isNotEmpty();
    assertThat(kept.get(kept.size() - 1).get("label").asText()).startsWith("b29-1-");
    List<String> labels = kept.stream().map(n -> n.get("label").asText()).toList();
    int first = Integer.parseInt(labels.get(0).substring(1, labels.get(0).indexOf('-')));
    for (int i = 0; i < labels.size(); i++) {
      assertThat(labels.get(i)).startsWith("b" + (first + i / 2) + "-" + (i % 2) + "-");
    }
    assertThat(exporter.writtenRecords()).isEqualTo(2 * batches);
  }

  @Test
  void twoProcessesAppendingToOneLogNeverInterleaveLinesEvenWhileItRolls() throws Exception {
    Path log = dir.resolve("shared.log");
    int batches = 40;
    int linesPerBatch = 25;
    List<Process> writers = new ArrayList<>();
    for (String writer : List.of("A", "B")) {
      writers.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  ConcurrentAppender.class.getName(),
                  log.toString(),
                  writer,
                  String.valueOf(batches),
                  String.valueOf(linesPerBatch),
                  "60000")
              .inheritIO()
              .start());
    }
    for (Process writer : writers) {
      assertThat(writer.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
      assertThat(writer.exitValue()).isZero();
    }

    List<JsonNode> lines = allLines(log); // every line parses: none was cut or mixed
    assertThat(lines).hasSize(2 * batches * linesPerBatch);
    assertThat(LlmJsonLinesExporter.rolledFiles(log)).as("it rolled while both wrote").isNotEmpty();
    // Each writer's batches arrive whole and in order.
    for (String writer : List.of("A", "B")) {
      List<String> mine =
          lines.stream()
              .map(n -> n.get("label").asText())
              .filter(l -> l.startsWith(writer + "-"))
              .map(l -> l.substring(0, l.indexOf("-x")))
              .toList();
      List<String> expected = new ArrayList<>();
      for (int b = 0; b < batches; b++) {
        for (int l = 0; l < linesPerBatch; l++) {
          expected.add(writer + "-" + b + "-" + l);
        }
      }
      assertThat(mine).containsExactlyElementsOf(expected);
    }
  }

  @Test
  void rollingIsConfiguredThroughTheEnvironmentAndABadValueIsNamed() throws Exception {
    Path log = dir.resolve("via-env.log");
    OpenTelemetrySdk sdk =
        AutoConfiguredOpenTelemetrySdk.builder()
            .addPropertiesSupplier(
                () ->
                    Map.of(
                        "otel.traces.exporter", "llm-jsonl",
                        "otel.exporter.llm.jsonl.path", log.toString(),
                        "otel.exporter.llm.jsonl.max.bytes", "1",
                        "otel.exporter.llm.jsonl.max.files", "1",
                        "otel.metrics.exporter", "none",
                        "otel.logs.exporter", "none"))
            .disableShutdownHook()
            .build()
            .getOpenTelemetrySdk();
    LlmTelemetry telemetry = LlmTelemetry.create(sdk);
    for (int i = 0; i < 3; i++) {
      telemetry
          .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("m" + i).build())
          .start()
          .end(LlmResponse.empty());
      // One batch per call (a bare forceFlush may hand back the last flush's result: see there).
      assertThat(TracerFlush.flush(sdk.getSdkTracerProvider(), 10_000)).isTrue();
    }
    sdk.close();
    // Every batch past the first rolled the file (1 byte), and one rolled file is kept.
    assertThat(LlmJsonLinesExporter.rolledFiles(log)).hasSize(1);
    assertThat(Files.readAllLines(log)).hasSize(1);

    assertThatThrownBy(
            () ->
                AutoConfiguredOpenTelemetrySdk.builder()
                    .addPropertiesSupplier(
                        () ->
                            Map.of(
                                "otel.traces.exporter", "llm-jsonl",
                                "otel.exporter.llm.jsonl.max.bytes", "64MB",
                                "otel.metrics.exporter", "none",
                                "otel.logs.exporter", "none"))
                    .disableShutdownHook()
                    .build())
        .hasStackTraceContaining("otel.exporter.llm.jsonl.max.bytes");
    assertThatThrownBy(() -> LlmJsonLinesExporter.builder().setMaxFiles(-1).build())
        .hasMessageContaining("maxFiles");
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
        .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
        .start()
        .end(LlmResponse.builder().setInputTokens(3L).build());
    sdk.close(); // the batch processor flushes on shutdown
    List<String> lines = Files.readAllLines(log);
    assertThat(lines).hasSize(1);
    assertThat(JSON.readTree(lines.get(0)).get("request_model").asText()).isEqualTo("m");
  }
}

package io.otelllm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.calllog.internal.CallAggregator.CallStats;
import io.otelllm.examples.sim.CollectingSpanExporter;
import io.otelllm.examples.sim.SimulationConfig;
import io.otelllm.examples.sim.SimulationRun;
import io.otelllm.examples.sim.SpanReport;
import io.otelllm.exporters.LlmAggregatesExporter;
import io.otelllm.exporters.LlmJsonLinesExporter;
import io.otelllm.report.LlmReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's summary, the aggregates exporter and the report are one aggregation: fed the same
 * spans of a simulation run, they print the same numbers, to the last digit each shows.
 */
class OneAggregationTest {

  @TempDir Path dir;

  @Test
  void theDemoSummaryTheAggregatesExporterAndTheReportAgreeOnTheSameCalls() throws Exception {
    CollectingSpanExporter exported = new CollectingSpanExporter();
    LlmTelemetrySdk.Builder sdk =
        LlmTelemetrySdk.builder()
            .setServiceName("one-aggregation")
            .setProperty("otel.traces.exporter", "none")
            .setProperty("otel.metrics.exporter", "none")
            .addSpanProcessor(SimpleSpanProcessor.create(exported));
    SimulationRun.run(
        new SimulationConfig(
            4, 4, 2, "llama3.2", "all-minilm", 5, 0.2, "http://127.0.0.1:9", true, false),
        sdk,
        new PrintStream(new ByteArrayOutputStream()));
    List<SpanData> spans = exported.spans();

    // 1. The demo's summary.
    List<CallStats> demo = SpanReport.rows(spans);
    assertThat(demo).hasSizeGreaterThanOrEqualTo(4);

    // 2. The aggregates exporter, one window with every call.
    List<String> logged = new ArrayList<>();
    LlmAggregatesExporter aggregates =
        LlmAggregatesExporter.builder()
            .setInterval(java.time.Duration.ofHours(1))
            .setLogger(io.otelllm.testing.internal.CapturingLogger.into(logged))
            .build();
    aggregates.export(spans);
    assertThat(aggregates.emit()).as("what it logged").isEqualTo(logged);
    aggregates.shutdown();
    ObjectMapper json = new ObjectMapper();
    Map<String, JsonNode> byKey = new HashMap<>();
    List<String> exporterFindings = new ArrayList<>();
    for (String line : logged) {
      if (line.startsWith(LlmAggregatesExporter.FINDING_PREFIX)) {
        JsonNode f = json.readTree(line.substring(LlmAggregatesExporter.FINDING_PREFIX.length()));
        exporterFindings.add(f.get("kind").asText() + " " + f.get("seconds").asDouble());
        continue;
      }
      assertThat(line).startsWith(LlmAggregatesExporter.PREFIX);
      JsonNode n = json.readTree(line.substring(LlmAggregatesExporter.PREFIX.length()));
      byKey.put(n.get("label").asText() + "|" + n.get("model").asText(), n);
    }

    // 3. The report, over the call log the llm-jsonl exporter writes from the same spans.
    Path log = dir.resolve("calls.log");
    LlmJsonLinesExporter jsonl = LlmJsonLinesExporter.builder().setPath(log).setMaxBytes(0).build();
    assertThat(jsonl.export(spans).isSuccess()).isTrue();
    Path md = dir.resolve("report.md");
    int code =
        LlmReport.run(
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            log.toString(),
            "--markdown",
            md.toString(),
            "--html",
            dir.resolve("report.html").toString(),
            "--json",
            dir.resolve("report.json").toString());
    assertThat(code).isZero();
    // The findings too: the exporter's window and the report say the same, from the same calls.
    List<String> reportFindings = new ArrayList<>();
    for (JsonNode f : json.readTree(dir.resolve("report.json").toFile()).get("findings")) {
      reportFindings.add(f.get("kind").asText() + " " + f.get("seconds").asDouble());
    }
    assertThat(exporterFindings)
        .as("two agents at a time on the one-slot stand-in: they queue")
        .isNotEmpty()
        .isEqualTo(reportFindings);
    Map<String, String[]> reportRows = new HashMap<>();
    for (String line : Files.readAllLines(md)) {
      String[] f = line.split("\\|");
      if (f.length == 13
          && !f[1].isBlank()
          && !f[1].contains("operation")
          && !f[1].contains("---")) {
        // Cells are Markdown-escaped ("memory\\_consolidation"); the names here have no "|".
        reportRows.put(unescape(f[3]) + "|" + unescape(f[2]), f);
      }
    }

    assertThat(byKey).hasSameSizeAs(demo);
    assertThat(reportRows).as(Files.readString(md)).hasSameSizeAs(demo);
    for (CallStats row : demo) {
      String key = row.label() + "|" + row.model();
      JsonNode exporter = byKey.get(key);
      String[] report = reportRows.get(key);
      assertThat(exporter).as("exporter row %s", key).isNotNull();
      assertThat(report).as("report row %s", key).isNotNull();
      long exporterErrors = 0;
      for (JsonNode count : exporter.get("errors")) {
        exporterErrors += count.asLong();
      }
      assertThat(exporter.get("calls").asLong()).as("calls %s", key).isEqualTo(row.calls());
      assertThat(Long.parseLong(report[4].trim())).as("calls %s", key).isEqualTo(row.calls());
      assertThat(exporterErrors).as("errors %s", key).isEqualTo(row.errors());
      assertThat(Long.parseLong(report[5].trim())).as("errors %s", key).isEqualTo(row.errors());
      for (String[] p : new String[][] {{"p50", "6"}, {"p90", "7"}, {"p99", "8"}}) {
        double demoValue =
            switch (p[0]) {
              case "p50" -> row.p50Ms();
              case "p90" -> row.p90Ms();
              default -> row.p99Ms();
            };
        String shown = String.format("%.1f", demoValue);
        assertThat(String.format("%.1f", exporter.get("duration_ms").get(p[0]).asDouble()))
            .as("%s of %s, exporter", p[0], key)
            .isEqualTo(shown);
        assertThat(report[Integer.parseInt(p[1])].trim())
            .as("%s of %s, report", p[0], key)
            .isEqualTo(shown);
      }
      assertThat(exporter.get("tokens").get("input").asLong()).isEqualTo(row.inputTokens());
      assertThat(Long.parseLong(report[11].trim())).isEqualTo(row.inputTokens());
      assertThat(exporter.get("tokens").get("output").asLong()).isEqualTo(row.outputTokens());
      assertThat(Long.parseLong(report[12].trim())).isEqualTo(row.outputTokens());
    }
    assertThat(demo.stream().mapToLong(CallStats::errors).sum())
        .as("the run had failures to count")
        .isPositive();
  }

  static String unescape(String markdownCell) {
    return markdownCell.trim().replaceAll("\\\\(.)", "$1");
  }
}

package io.otelllm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.examples.jaeger.JaegerInstance;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.jaeger.JaegerQuery;
import io.otelllm.examples.sim.CollectingSpanExporter;
import io.otelllm.examples.sim.SimulationConfig;
import io.otelllm.examples.sim.SimulationRun;
import io.otelllm.examples.sim.SpanReport;
import io.otelllm.testing.internal.LocalService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo at a small size, on the built-in server, checked against the spans it exported. */
class AgentSimulationTest {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");

  static SimulationConfig config(long seed) {
    return new SimulationConfig(
        3, 3, 2, "llama3.2", "all-minilm", seed, 0.3, "http://127.0.0.1:9", true, false);
  }

  @Test
  void printedSummaryMatchesTheExportedSpansAndEveryLlmCallSitsUnderAnAgentTurn() throws Exception {
    // The run shuts its SDK down, and the SDK's InMemorySpanExporter forgets its spans on
    // shutdown: the demo's own collecting exporter keeps them.
    CollectingSpanExporter exported = new CollectingSpanExporter();
    LlmTelemetrySdk.Builder sdk =
        LlmTelemetrySdk.builder()
            .setServiceName("sim-test")
            .setProperty("otel.traces.exporter", "none")
            .setProperty("otel.metrics.exporter", "none")
            .addSpanProcessor(SimpleSpanProcessor.create(exported));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    SimulationRun.Result result =
        SimulationRun.run(config(7), sdk, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    String printed = bytes.toString(StandardCharsets.UTF_8);
    List<SpanData> spans = exported.spans();

    assertThat(result.builtInServer()).isTrue();
    assertThat(printed)
        .contains("LLM: built-in Ollama-compatible server at http://127.0.0.1:")
        .contains("round 3/3")
        .contains("Slowest agent turn (trace ");

    // Every LLM span's ancestors reach an agent turn of the same trace.
    Map<String, SpanData> byId =
        spans.stream().collect(Collectors.toMap(SpanData::getSpanId, Function.identity()));
    List<SpanData> llm = spans.stream().filter(s -> s.getKind() == SpanKind.CLIENT).toList();
    assertThat(llm).hasSizeGreaterThanOrEqualTo(3 * 3 * 2);
    for (SpanData call : llm) {
      SpanData parent = byId.get(call.getParentSpanId());
      while (parent != null && !"invoke_agent".equals(parent.getAttributes().get(OPERATION))) {
        parent = byId.get(parent.getParentSpanId());
      }
      assertThat(parent).as("agent turn above %s", call.getName()).isNotNull();
      assertThat(parent.getTraceId()).isEqualTo(call.getTraceId());
    }
    // Nine turns, each the root of its trace, each with the planner's AI-service span in it.
    List<SpanData> turns = spans.stream().filter(SpanReport::isAgentTurn).toList();
    assertThat(turns).hasSize(9);
    assertThat(turns).extracting(SpanData::getTraceId).doesNotHaveDuplicates();
    for (SpanData turn : turns) {
      assertThat(spans)
          .filteredOn(s -> s.getParentSpanId().equals(turn.getSpanId()))
          .filteredOn(s -> s.getName().equals("invoke_agent Planner.plan"))
          .hasSize(1);
    }
    // The tools the model asked for ran under the planner, from langchain4j's own hooks.
    assertThat(spans)
        .filteredOn(s -> "execute_tool".equals(s.getAttributes().get(OPERATION)))
        .isNotEmpty()
        .allSatisfy(
            tool ->
                assertThat(byId.get(tool.getParentSpanId()).getName())
                    .isEqualTo("invoke_agent Planner.plan"));

    // The built-in server's cold start and its configured error rate show in the telemetry.
    assertThat(llm)
        .anySatisfy(
            s ->
                assertThat(s.getEvents())
                    .anySatisfy(
                        e ->
                            assertThat(e.getName()).isEqualTo(OtelLlmAttributes.MODEL_LOAD_EVENT)));
    assertThat(llm.stream().filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR))
        .isNotEmpty();

    // The printed table equals one computed here from the in-memory spans.
    Map<String, List<SpanData>> groups =
        llm.stream()
            .collect(
                Collectors.groupingBy(
                    s ->
                        s.getAttributes().get(OtelLlmAttributes.LABEL)
                            + " "
                            + s.getAttributes().get(MODEL)));
    List<String> tableLines =
        Arrays.stream(printed.split("\n"))
            .filter(l -> l.matches("^(planning|dialogue|memory_\\w+)\\s.*"))
            .toList();
    assertThat(tableLines).hasSize(groups.size());
    for (String line : tableLines) {
      String[] f = line.trim().split("\\s+");
      List<SpanData> calls = groups.get(f[0] + " " + f[1]);
      assertThat(calls).as("group %s %s", f[0], f[1]).isNotNull();
      List<Double> ms =
          calls.stream()
              .map(s -> (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1e6)
              .sorted()
              .toList();
      assertThat(Integer.parseInt(f[2])).as("calls of %s", f[0]).isEqualTo(calls.size());
      assertThat(Integer.parseInt(f[3]))
          .as("errors of %s", f[0])
          .isEqualTo(
              (int)
                  calls.stream()
                      .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                      .count());
      // Percentiles come from HdrHistogram (two significant digits): within 1 % of the exact
      // nearest-rank value, plus the table's rounding to 0.1 ms.
      double p50 = ms.get((int) Math.ceil(0.5 * ms.size()) - 1);
      double p99 = ms.get((int) Math.ceil(0.99 * ms.size()) - 1);
      assertThat(Double.parseDouble(f[4]))
          .as("p50 of %s", f[0])
          .isCloseTo(p50, org.assertj.core.data.Offset.offset(p50 * 0.01 + 0.05));
      assertThat(Double.parseDouble(f[6]))
          .as("p99 of %s", f[0])
          .isCloseTo(p99, org.assertj.core.data.Offset.offset(p99 * 0.01 + 0.05));
      assertThat(Long.parseLong(f[9]))
          .as("tokens in of %s", f[0])
          .isEqualTo(
              calls.stream()
                  .mapToLong(
                      s ->
                          Optional.ofNullable(
                                  s.getAttributes()
                                      .get(AttributeKey.longKey("gen_ai.usage.input_tokens")))
                              .orElse(0L))
                  .sum());
      assertThat(Long.parseLong(f[10]))
          .as("tokens out of %s", f[0])
          .isEqualTo(
              calls.stream()
                  .mapToLong(
                      s ->
                          Optional.ofNullable(
                                  s.getAttributes()
                                      .get(AttributeKey.longKey("gen_ai.usage.output_tokens")))
                              .orElse(0L))
                  .sum());
    }
    // The slowest turn printed is the slowest turn exported.
    SpanData slowest =
        turns.stream()
            .max(
                java.util.Comparator.comparingLong(
                    s -> s.getEndEpochNanos() - s.getStartEpochNanos()))
            .orElseThrow();
    assertThat(printed).contains("Slowest agent turn (trace " + slowest.getTraceId() + ")");
  }

  /**
   * The demo into a real Jaeger, on the built-in server and on a real Ollama (its tiny models,
   * {@code OLLAMA_BASE_URL}; skips without one unless {@code OTEL_LLM_REQUIRE_OLLAMA=true}).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"built-in server", "real Ollama"})
  void theDemosTracesArriveInJaegerAsCorrectTrees(String backend) throws Exception {
    SimulationConfig config = config(11);
    if (backend.equals("real Ollama")) {
      String ollama = System.getenv("OLLAMA_BASE_URL");
      LocalService.OLLAMA.require(ollama != null && !ollama.isBlank());
      config =
          new SimulationConfig(3, 2, 2, "tiny-chat", "tiny-embed", 11, 0, ollama, false, false);
    }
    Optional<JaegerInstance> started = JaegerLauncher.start();
    LocalService.JAEGER.require(started.isPresent());
    try (JaegerInstance jaeger = started.get()) {
      String service = "sim-" + UUID.randomUUID().toString().substring(0, 8);
      LlmTelemetrySdk.Builder sdk =
          LlmTelemetrySdk.builder()
              .setServiceName(service)
              .setEndpoint(jaeger.otlpGrpcEndpoint())
              .setProtocol("grpc")
              .setProperty("otel.metrics.exporter", "none");
      SimulationRun.Result result =
          SimulationRun.run(config, sdk, new PrintStream(new ByteArrayOutputStream()));
      assertThat(result.builtInServer()).isEqualTo(backend.equals("built-in server"));
      long exportedTurns = result.spans().stream().filter(SpanReport::isAgentTurn).count();

      List<JsonNode> traces =
          new JaegerQuery(jaeger.queryUrl())
              .awaitTraces(
                  service,
                  t ->
                      t.size() == exportedTurns
                          && t.stream().mapToInt(x -> x.path("spans").size()).sum()
                              == result.spans().size(),
                  Duration.ofSeconds(30));
      assertThat(traces).hasSize((int) exportedTurns);
      assertThat(traces.stream().mapToInt(t -> t.path("spans").size()).sum())
          .isEqualTo(result.spans().size());
      for (JsonNode trace : traces) {
        List<JsonNode> spans = new ArrayList<>();
        trace.path("spans").forEach(spans::add);
        List<JsonNode> roots =
            spans.stream().filter(s -> s.path("references").size() == 0).toList();
        assertThat(roots).hasSize(1);
        assertThat(roots.get(0).path("operationName").asText()).startsWith("invoke_agent ");
        List<String> ids = spans.stream().map(s -> s.path("spanID").asText()).toList();
        for (JsonNode span : spans) {
          for (JsonNode ref : span.path("references")) {
            assertThat(ref.path("refType").asText()).isEqualTo("CHILD_OF");
            assertThat(ids).contains(ref.path("spanID").asText());
          }
        }
        assertThat(
                StreamSupport.stream(trace.path("spans").spliterator(), false)
                    .filter(s -> s.path("operationName").asText().startsWith("chat ")))
            .isNotEmpty();
      }

      // The performance report reads the same calls back from Jaeger's query API.
      long llmCalls = result.spans().stream().filter(s -> s.getKind() == SpanKind.CLIENT).count();
      long llmErrors =
          result.spans().stream()
              .filter(s -> s.getKind() == SpanKind.CLIENT)
              .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
              .count();
      ByteArrayOutputStream report = new ByteArrayOutputStream();
      java.nio.file.Path html = java.nio.file.Files.createTempFile("report", ".html");
      int code =
          io.otelllm.report.LlmReport.run(
              new PrintStream(report, true, StandardCharsets.UTF_8),
              "--jaeger",
              jaeger.queryUrl(),
              "--service",
              service,
              "--lookback",
              "1h",
              "--html",
              html.toString());
      assertThat(code).isZero();
      assertThat(report.toString(StandardCharsets.UTF_8))
          .contains(String.format("Calls: %d · errors: %d (", llmCalls, llmErrors))
          .contains(jaeger.queryUrl() + "/trace/");

      // Read again three traces per page, with a limit far above them all: every trace once.
      ByteArrayOutputStream paged = new ByteArrayOutputStream();
      int pagedCode =
          io.otelllm.report.LlmReport.run(
              new PrintStream(paged, true, StandardCharsets.UTF_8),
              "--jaeger",
              jaeger.queryUrl(),
              "--service",
              service,
              "--lookback",
              "1h",
              "--page-size",
              "3",
              "--limit",
              "100000",
              "--html",
              html.toString());
      assertThat(pagedCode).isZero();
      assertThat(paged.toString(StandardCharsets.UTF_8))
          .contains(String.format("Calls: %d · errors: %d (", llmCalls, llmErrors))
          .containsPattern(
              java.util.regex.Pattern.quote(
                      "Read: Jaeger " + jaeger.queryUrl() + ": " + traces.size() + " traces in ")
                  + "\\d+ requests");
    }
  }
}

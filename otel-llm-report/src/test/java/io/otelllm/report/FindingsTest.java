package io.otelllm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.calllog.internal.LlmCallJson;
import io.otelllm.calllog.internal.LlmCallRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's diagnosis of a run: a log where four agents queue for a one-slot server, two models
 * evict each other, and planning prompts grow as memory fills — and a healthy log, where nothing is
 * above a threshold. Read through the command, as a user runs it, and checked in its JSON.
 */
class FindingsTest {

  @TempDir Path dir;

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  /**
   * Four calls at a time, each 1 s on the client: the server worked 250 ms on each and made the
   * rest of the total wait (queue 0, 250, 500, 750 ms, as a one-slot server serves four at once).
   */
  static List<LlmCallRecord> queueingRun() {
    List<LlmCallRecord> calls = new ArrayList<>();
    for (int round = 0; round < 20; round++) {
      for (int slot = 0; slot < 4; slot++) {
        double queue = 250.0 * slot;
        calls.add(
            call(round * 4 + slot, T0.plusSeconds(round * 2L), "chat-model", "dialogue")
                .setDurationMs(queue + 260)
                .setServerTotalMs(queue + 250)
                .setQueueMs(queue)
                .setLoadMs(1.0)
                .setPromptEvalMs(49.0)
                .setEvalMs(200.0)
                .setPromptTokens(100L)
                .build());
      }
    }
    return calls;
  }

  /** Chat and embedding models loading each other out: three loads each. */
  static List<LlmCallRecord> swappingRun() {
    List<LlmCallRecord> calls = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String model = i % 2 == 0 ? "chat-model" : "embed-model";
      calls.add(
          call(1000 + i, T0.plusSeconds(100 + i * 10L), model, "memory")
              .setDurationMs(1500)
              .setColdStart(true)
              .setLoadMs(1200.0)
              .build());
    }
    return calls;
  }

  /** Planning prompts from 100 to 590 tokens over 50 calls, prompt evaluation growing with them. */
  static List<LlmCallRecord> growingRun() {
    List<LlmCallRecord> calls = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      long tokens = 100 + 10L * i;
      calls.add(
          call(2000 + i, T0.plusSeconds(200 + i * 5L), "chat-model", "planning")
              .setDurationMs(300 + tokens)
              .setPromptTokens(tokens)
              .setPromptEvalMs((double) tokens)
              .setInnerAgent("Planner.plan")
              .build());
    }
    return calls;
  }

  static LlmCallRecord.Builder call(int n, Instant at, String model, String label) {
    return LlmCallRecord.builder()
        .setRequestId(String.format("%016x", n))
        .setTraceId(String.format("%032x", n))
        .setTimestamp(at)
        .setOperation("chat")
        .setProvider("ollama")
        .setRequestModel(model)
        .setLabel(label)
        .setAgent("villager-" + (n % 4));
  }

  JsonNode report(List<LlmCallRecord> calls) throws Exception {
    Path log = dir.resolve("llm_performance.log");
    Files.write(log, calls.stream().map(LlmCallJson::toLine).collect(Collectors.toList()));
    Path json = dir.resolve("report.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code =
        LlmReport.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            log.toString(),
            "--html",
            dir.resolve("report.html").toString(),
            "--markdown",
            dir.resolve("report.md").toString(),
            "--json",
            json.toString());
    assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
    return new ObjectMapper().readTree(json.toFile());
  }

  static JsonNode finding(JsonNode report, String kind) {
    for (JsonNode f : report.get("findings")) {
      if (f.get("kind").asText().equals(kind)) {
        return f;
      }
    }
    throw new AssertionError("no " + kind + " finding in " + report.get("findings"));
  }

  @Test
  void queueingSwappingAndGrowingPromptsAreFoundRankedBySecondsWithTheirEvidence()
      throws Exception {
    List<LlmCallRecord> calls = new ArrayList<>(queueingRun());
    calls.addAll(swappingRun());
    calls.addAll(growingRun());
    JsonNode report = report(calls);

    // 20 rounds × (0 + 250 + 500 + 750) ms = 30 s of waiting, over 20 × 2 500 ms of server-timed
    // calls
    // (80 calls, their client durations summing to 20 × (1 500 + 4 × 260) ms = 50.8 s).
    JsonNode queue = finding(report, "server_queue");
    assertThat(queue.get("seconds").asDouble()).isCloseTo(30.0, within(1e-6));
    assertThat(queue.get("evidence").get("share").asDouble()).isCloseTo(30.0 / 50.8, within(1e-3));
    assertThat(queue.get("evidence").get("peak_concurrency").asInt()).isEqualTo(4);
    assertThat(queue.get("evidence").get("example_trace_ids")).hasSize(3);
    assertThat(queue.get("action").asText()).contains("OLLAMA_NUM_PARALLEL=4");

    JsonNode swap = finding(report, "model_swap");
    assertThat(swap.get("evidence").get("loads").asInt()).isEqualTo(6);
    assertThat(swap.get("evidence").get("reloads").asInt()).isEqualTo(4);
    assertThat(swap.get("evidence").get("models").toString())
        .isEqualTo("[\"chat-model\",\"embed-model\"]");
    assertThat(swap.get("seconds").asDouble()).isCloseTo(4 * 1.2, within(1e-6));
    assertThat(swap.get("action").asText()).contains("OLLAMA_MAX_LOADED_MODELS=2");

    JsonNode growth = finding(report, "context_growth");
    assertThat(growth.get("evidence").get("label").asText()).isEqualTo("planning");
    // First 20 calls: 100 … 290 tokens (mean 195); last 20: 400 … 590 (mean 495).
    assertThat(growth.get("evidence").get("from_tokens").asLong()).isEqualTo(195);
    assertThat(growth.get("evidence").get("to_tokens").asLong()).isEqualTo(495);
    assertThat(growth.get("evidence").get("from_prompt_eval_ms").asDouble()).isEqualTo(195.0);
    assertThat(growth.get("evidence").get("to_prompt_eval_ms").asDouble()).isEqualTo(495.0);

    List<Double> seconds = new ArrayList<>();
    report.get("findings").forEach(f -> seconds.add(f.get("seconds").asDouble()));
    assertThat(seconds).isSortedAccordingTo(java.util.Comparator.reverseOrder());

    // The decomposition: queue, load, prompt eval, generation, rest of the server-timed calls.
    JsonNode parts = report.get("totals").get("parts_seconds");
    assertThat(parts.get("queue").asDouble()).isCloseTo(30.0, within(1e-6));
    assertThat(parts.get("generation").asDouble()).isCloseTo(80 * 0.2, within(1e-6));
    assertThat(parts.get("rest").asDouble()).isCloseTo(80 * 0.01, within(1e-6));
    assertThat(report.get("totals").get("server_timed_calls").asInt()).isEqualTo(80);

    // Totals per label and agent, not only percentiles.
    double dialogue = 0;
    for (JsonNode row : report.get("labels")) {
      if (row.get("label").asText().equals("dialogue")) {
        dialogue = row.get("llm_seconds").asDouble();
      }
    }
    assertThat(dialogue).isCloseTo(50.8, within(1e-6));
    assertThat(report.get("agents")).hasSize(4);
    // Planning calls are the villagers' (the root of their turns), broken down by Planner.plan.
    long plannerCalls = 0;
    double plannerSeconds = 0;
    for (JsonNode row : report.get("agent_breakdown")) {
      assertThat(row.get("agent").asText()).startsWith("villager-");
      assertThat(row.get("inner_agent").asText()).isEqualTo("Planner.plan");
      plannerCalls += row.get("input_tokens").asLong();
      plannerSeconds += row.get("llm_seconds").asDouble();
    }
    assertThat(report.get("agent_breakdown")).hasSize(4);
    // 50 planning calls of 100 + 10 i tokens, 300 + 100 + 10 i ms.
    assertThat(plannerCalls).isEqualTo(50 * 100 + 10 * (49 * 50 / 2));
    assertThat(plannerSeconds).isCloseTo((50 * 400 + 10 * (49 * 50 / 2)) / 1000.0, within(1e-6));

    // The Markdown opens with the findings, the largest first.
    String md = Files.readString(dir.resolve("report.md"));
    assertThat(md.indexOf("## Findings")).isLessThan(md.indexOf("## Latency by"));
    assertThat(md).contains("1. **server_queue** — 30.0 s at stake");
    String html = Files.readString(dir.resolve("report.html"));
    assertThat(html.indexOf("<h2>Findings</h2>")).isLessThan(html.indexOf("<h2>Latency by"));
  }

  @Test
  void errorsTogetherAreABurstAndASteadyRateIsNot() throws Exception {
    List<LlmCallRecord> calls = new ArrayList<>();
    // 20 minutes, a call every 6 s; one steady timeout a minute, all along.
    for (int i = 0; i < 200; i++) {
      boolean steadyError = i % 10 == 0;
      calls.add(
          call(i, T0.plusSeconds(6L * i), "chat-model", "dialogue")
              .setDurationMs(steadyError ? 30_000 : 400)
              .setSuccess(!steadyError)
              .setErrorType(steadyError ? "java.net.http.HttpTimeoutException" : null)
              .build());
    }
    // And twelve connection refusals within 30 s at minute 12 (the server restarting).
    for (int i = 0; i < 12; i++) {
      calls.add(
          call(500 + i, T0.plusSeconds(720 + 2L * i + 1), "chat-model", "dialogue")
              .setDurationMs(5)
              .setSuccess(false)
              .setErrorType("java.net.ConnectException")
              .build());
    }
    calls.sort(java.util.Comparator.comparing(LlmCallRecord::timestamp));
    JsonNode report = report(calls);

    List<String> kinds = new ArrayList<>();
    report.get("findings").forEach(f -> kinds.add(f.get("kind").asText()));
    assertThat(kinds).containsExactly("error_burst");
    JsonNode burst = finding(report, "error_burst");
    assertThat(burst.get("evidence").get("error_type").asText())
        .isEqualTo("java.net.ConnectException");
    assertThat(burst.get("evidence").get("count").asInt()).isEqualTo(12);
    assertThat(burst.get("evidence").get("start").asText()).isEqualTo("2026-12-01T10:12:01Z");
    assertThat(burst.get("evidence").get("end").asText()).isEqualTo("2026-12-01T10:12:23Z");
    assertThat(burst.get("seconds").asDouble()).isCloseTo(0.06, within(1e-9));
    assertThat(burst.get("action").asText()).contains("the server went away");
  }

  @Test
  void aHealthyRunHasNoFindings() throws Exception {
    List<LlmCallRecord> calls = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      calls.add(
          call(i, T0.plusSeconds(i * 3L), "chat-model", "dialogue")
              .setDurationMs(300)
              .setServerTotalMs(290.0)
              .setQueueMs(i % 10 == 0 ? 20.0 : 0.0) // a little waiting: 0.12 s, 0.7 %
              .setPromptEvalMs(40.0)
              .setEvalMs(250.0)
              .setPromptTokens(100L + i) // +60 tokens over the run: below the thresholds
              .setColdStart(i == 0)
              .setLoadMs(i == 0 ? 900.0 : 0.0)
              .build());
    }
    JsonNode report = report(calls);
    assertThat(report.get("findings")).isEmpty();
    assertThat(Files.readString(dir.resolve("report.md"))).contains("None above their thresholds.");
  }

  /**
   * Streams: the time to first chunk splits into the wait for a slot, the load, the prompt's
   * evaluation and the rest, and the report says which part dominated; calls without a first chunk
   * (not streamed) or without the server's timings are not in it.
   */
  @Test
  void theTimeToFirstChunkOfStreamsIsSplitAndItsDominantPartNamed() throws Exception {
    List<LlmCallRecord> calls = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      // 600 ms to the first chunk: 400 waiting, 50 loading, 100 evaluating the prompt, 50 more.
      calls.add(
          call(i, T0.plusSeconds(i), "chat-model", "dialogue")
              .setDurationMs(1000)
              .setTtftMs(600.0)
              .setServerTotalMs(950.0)
              .setQueueMs(400.0)
              .setLoadMs(50.0)
              .setPromptEvalMs(100.0)
              .setEvalMs(400.0)
              .build());
    }
    calls.add(
        call(10, T0.plusSeconds(20), "chat-model", "dialogue")
            .setDurationMs(500)
            .setServerTotalMs(490.0)
            .setQueueMs(0.0)
            .setPromptEvalMs(90.0)
            .setEvalMs(400.0)
            .build());
    calls.add(
        call(11, T0.plusSeconds(21), "chat-model", "dialogue")
            .setDurationMs(500)
            .setTtftMs(300.0)
            .build());
    JsonNode ttft = report(calls).at("/totals/time_to_first_chunk");
    assertThat(ttft.get("streams").asLong()).isEqualTo(10);
    assertThat(ttft.get("seconds").asDouble()).isCloseTo(6.0, within(1e-9));
    assertThat(ttft.get("dominated_by").asText()).isEqualTo("queue");
    JsonNode parts = ttft.get("parts_seconds");
    assertThat(parts.get("queue").asDouble()).isCloseTo(4.0, within(1e-9));
    assertThat(parts.get("load").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(parts.get("prompt_eval").asDouble()).isCloseTo(1.0, within(1e-9));
    assertThat(parts.get("rest").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(Files.readString(dir.resolve("report.md")))
        .contains(
            "Time to first chunk of the 10 streams with the server's timings (6.0 s), dominated"
                + " by **queue**",
            "| queue | 4.00 | 67 % |",
            "| rest | 0.50 | 8 % |");
    assertThat(Files.readString(dir.resolve("report.html")))
        .contains("dominated by queue:", "<td>prompt_eval</td><td>1.00</td><td>17 %</td>");
  }

  /** Without streams the report has no time-to-first-chunk split. */
  @Test
  void withoutStreamsThereIsNoTimeToFirstChunkSplit() throws Exception {
    JsonNode report = report(queueingRun());
    assertThat(report.at("/totals/time_to_first_chunk").isMissingNode()).isTrue();
    assertThat(Files.readString(dir.resolve("report.md"))).doesNotContain("Time to first chunk");
  }
}

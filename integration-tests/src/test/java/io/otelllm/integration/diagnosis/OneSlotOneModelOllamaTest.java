package io.otelllm.integration.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.calllog.internal.WhereTimeGoes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.exporters.internal.SpanCallRecords;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.testing.internal.LocalService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real Ollama 0.17.4 that serves one request at a time with one model loaded (a small GPU box:
 * {@code OLLAMA_NUM_PARALLEL=1}, {@code OLLAMA_MAX_LOADED_MODELS=1}), a second instance beside the
 * one CI starts, and three agents each alternating a chat and an embedding: the diagnosis must say
 * they queued and that the two models evicted each other — and count the loads the server itself
 * logged (its "starting runner" lines).
 */
class OneSlotOneModelOllamaTest {

  static final Path OLLAMA_SH = Path.of("..", "deploy", "local", "ollama.sh").toAbsolutePath();
  // Its own ports, pid file and log: never the instance the other tests use.
  static final String OFFSET = "41";

  static String baseUrl;
  static Path serverLog;

  @BeforeAll
  static void startOneSlotOneModelOllama() throws Exception {
    LocalService.OLLAMA.require(LocalService.environment("OLLAMA_BASE_URL") != null);
    run("start");
    baseUrl = run("url").trim();
    serverLog =
        Path.of(
            Optional.ofNullable(System.getenv("OTEL_LLM_HOME"))
                .orElse(System.getProperty("user.home") + "/.cache/otel-llm"),
            "run-" + OFFSET,
            "ollama.log");
  }

  @AfterAll
  static void stop() throws Exception {
    if (baseUrl != null) {
      run("stop");
    }
  }

  static String run(String command) throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(OLLAMA_SH.toString(), command).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.put("OTEL_LLM_PORT_OFFSET", OFFSET);
    env.remove("OLLAMA_PORT");
    env.put("OLLAMA_NUM_PARALLEL", "1");
    env.put("OLLAMA_MAX_LOADED_MODELS", "1");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("ollama.sh %s: %s", command, out).isZero();
    return out;
  }

  static long runnerStarts() throws IOException {
    if (!Files.exists(serverLog)) {
      return 0;
    }
    // One line per model loaded: the runner Ollama starts for it (GPU discovery starts one too,
    // without a --model).
    return Files.readAllLines(serverLog).stream()
        .filter(l -> l.contains("msg=\"starting runner\"") && l.contains(" --model "))
        .count();
  }

  @Test
  void threeAgentsOnAOneSlotOneModelServerQueueAndSwapAsTheServerSays() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build()) {
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk);
      ChatModel chat =
          lc4j.wrap(
              OllamaChatModel.builder()
                  .baseUrl(baseUrl)
                  .modelName("tiny-chat")
                  // Long enough answers that the waiting clears the finding's 1 s threshold
                  // every run (32 tokens once gave 0.9 s).
                  .numPredict(96)
                  .timeout(Duration.ofMinutes(1))
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build());
      EmbeddingModel embed =
          lc4j.wrap(
              OllamaEmbeddingModel.builder()
                  .baseUrl(baseUrl)
                  .modelName("tiny-embed")
                  .timeout(Duration.ofMinutes(1))
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build());
      long startsBefore = runnerStarts();
      List<SpanData> finished = threeAgentsAlternating(chat, embed, spans);
      long serverLoads = runnerStarts() - startsBefore;

      WhereTimeGoes time = diagnose(finished);

      // The server's own count of loads: each a runner it started.
      assertThat(serverLoads).as("runner starts in the server's log").isGreaterThanOrEqualTo(4);
      WhereTimeGoes.Finding swap = finding(time, "model_swap");
      assertThat(((Number) swap.evidence().get("loads")).longValue())
          .as("loads the report counts against %d runner starts the server logged", serverLoads)
          .isBetween(serverLoads - 1, serverLoads + 1);
      assertThat(swap.evidence().get("models")).isEqualTo(List.of("tiny-chat", "tiny-embed"));

      // The wait for the slot, from the server's own timings on each call, adds up to the share
      // the finding reports.
      double queued = 0;
      double timed = 0;
      for (SpanData s : finished) {
        Double queue = s.getAttributes().get(OtelLlmAttributes.SERVER_QUEUE_DURATION);
        if (queue != null) {
          queued += queue;
          timed += (s.getEndEpochNanos() - s.getStartEpochNanos()) / 1e9;
        }
      }
      WhereTimeGoes.Finding queue = finding(time, "server_queue");
      assertThat(queue.seconds()).isCloseTo(queued, org.assertj.core.data.Offset.offset(1e-3));
      assertThat((Double) queue.evidence().get("share"))
          .isCloseTo(queued / timed, org.assertj.core.data.Offset.offset(1e-3));
      assertThat((Integer) queue.evidence().get("peak_concurrency")).isEqualTo(3);
      System.out.printf(
          "one slot, one model: %d runner starts logged, %s loads found, %.2f s queued (share %s)%n",
          serverLoads, swap.evidence().get("loads"), queued, queue.evidence().get("share"));
    }
  }

  /**
   * Three agents at once, each four times a chat then an embedding (so the two models alternate);
   * returns the 24 LLM spans.
   */
  static List<SpanData> threeAgentsAlternating(
      ChatModel chat, EmbeddingModel embed, InMemorySpanExporter spans) throws Exception {
    ExecutorService agents = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> turns = new ArrayList<>();
      for (int agent = 0; agent < 3; agent++) {
        int a = agent;
        turns.add(
            agents.submit(
                () -> {
                  for (int i = 0; i < 4; i++) {
                    chat.chat("agent " + a + " thinks, turn " + i);
                    embed.embed("agent " + a + " remembers turn " + i);
                  }
                  return null;
                }));
      }
      for (Future<?> turn : turns) {
        turn.get(3, TimeUnit.MINUTES);
      }
    } finally {
      agents.shutdownNow();
    }
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).hasSize(24);
    return finished;
  }

  /** The diagnosis the report makes of these spans' calls, in the order they began. */
  static WhereTimeGoes diagnose(List<SpanData> finished) {
    WhereTimeGoes time = new WhereTimeGoes();
    finished.stream()
        .map(SpanCallRecords::of)
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(LlmCallRecord::timestamp))
        .forEach(time::accept);
    return time;
  }

  static WhereTimeGoes.Finding finding(WhereTimeGoes time, String kind) {
    return time.findings().stream()
        .filter(f -> f.kind().equals(kind))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " in " + time.findings()));
  }
}

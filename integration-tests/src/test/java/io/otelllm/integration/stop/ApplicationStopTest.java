package io.otelllm.integration.stop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.otelllm.calllog.internal.LlmCallLogReader;
import io.otelllm.examples.jaeger.JaegerInstance;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.jaeger.JaegerQuery;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.LocalService;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application stopped with SIGTERM (Ctrl-C, {@code docker stop}, Kubernetes) at a random moment,
 * never calling {@code close()}: every call it saw complete is in its JSON-lines log and in Jaeger,
 * and it exits within its shutdown timeout even when the collector is dead. The calls go over real
 * HTTP to the Ollama stand-in, whose request log bounds what the application can have completed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApplicationStopTest {
  private static final int WORKERS = 4;

  @TempDir Path dir;
  private JaegerInstance jaeger;
  private OllamaWireServer ollama;

  @BeforeAll
  void start() {
    Optional<JaegerInstance> started = JaegerLauncher.start();
    LocalService.JAEGER.require(started.isPresent());
    jaeger = started.get();
    ollama = OllamaWireServer.start();
  }

  @AfterAll
  void stop() {
    if (ollama != null) {
      ollama.close();
    }
    if (jaeger != null) {
      jaeger.close();
    }
  }

  @Test
  void sigtermLosesNoCallTheApplicationSawComplete() throws Exception {
    String model = model();
    String service = "stopped-" + UUID.randomUUID();
    Path log = dir.resolve("calls.log");
    Stopped run = runAndStop(service, model, jaeger.otlpGrpcEndpoint(), log, 10_000);

    assertThat(run.exitedWithin()).isLessThan(Duration.ofSeconds(10));
    assertThat(loggedTraceIds(log)).containsAll(run.completed());
    Map<String, List<String>> inJaeger = awaitInJaeger(service, run.completed());
    assertThat(inJaeger.keySet()).containsAll(run.completed());
    for (String traceId : run.completed()) {
      assertThat(inJaeger.get(traceId))
          .as("trace %s", traceId)
          .hasSize(2)
          .contains("chat " + model)
          .anyMatch(name -> name.matches("invoke_agent agent-\\d+"));
    }
    assertServerSaw(model, run);
  }

  @Test
  void withADeadCollectorTheApplicationStillExitsWithinItsTimeoutAndTheLogIsWhole()
      throws Exception {
    String model = model();
    Path log = dir.resolve("dead-collector.log");
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Stopped run =
        runAndStop(
            "dead-" + UUID.randomUUID(), model, "http://127.0.0.1:" + closedPort, log, 2_000);

    // The timeout, plus the JVM's own start of shutdown and exit.
    assertThat(run.exitedWithin()).isLessThan(Duration.ofSeconds(6));
    assertThat(loggedTraceIds(log)).containsAll(run.completed());
    assertServerSaw(model, run);
  }

  private String model() {
    String name = "stop-" + UUID.randomUUID();
    ollama.addModel(
        ModelScript.builder(name)
            .reply("I bake bread.")
            .firstTokenDelay(Duration.ofMillis(15))
            .build());
    return name;
  }

  /** The traces the application had completed when it was stopped, and how long it took to exit. */
  record Stopped(Set<String> completed, Duration exitedWithin) {}

  @Test
  void inCrashSafeModeSigkillLosesNoCallThatCompletedABatchDelayBeforeIt() throws Exception {
    String model = model();
    String service = "killed-" + UUID.randomUUID();
    Path log = dir.resolve("killed.log");
    Map<String, String> crashSafe =
        Map.of("OTEL_LLM_CRASH_SAFE_DIRECTORY", dir.resolve("buffer").toString());
    RunningProcess app = launch(service, model, jaeger.otlpGrpcEndpoint(), log, 10_000, crashSafe);
    int killAfter = ThreadLocalRandom.current().nextInt(30, 151);
    app.awaitOutput(lines -> completed(lines).size() >= killAfter);
    assertThat(app.isAlive()).as("the application runs until killed").isTrue();
    Set<String> settled = completed(app.lines());
    // The batch delay of crash-safe mode (200 ms), and 300 ms for the batch processor's thread to
    // be scheduled and write on a loaded machine (the promise is the delay, the rest is slack).
    Thread.sleep(500);
    Set<String> atKill = completed(app.lines());
    app.sigkillAndAwaitExit();
    assertThat(app.exitValue()).as("the exit status of SIGKILL").isEqualTo(137);
    assertThat(loggedTraceIds(log)).containsAll(settled);
    Set<String> sentBeforeTheKill =
        awaitInJaeger(service, Set.of(), Duration.ofSeconds(2)).keySet();

    // The next process on the same directory sends what the killed one left on disk.
    RunningProcess next =
        launch(
            "next-" + UUID.randomUUID(), model, jaeger.otlpGrpcEndpoint(), log, 10_000, crashSafe);
    next.awaitOutput(lines -> lines.contains("started"));
    Map<String, List<String>> inJaeger = awaitInJaeger(service, settled, Duration.ofSeconds(30));
    next.sigtermAndAwaitExit();
    assertThat(inJaeger.keySet()).containsAll(settled);
    for (String traceId : settled) {
      assertThat(inJaeger.get(traceId))
          .as("trace %s", traceId)
          .hasSize(2)
          .contains("chat " + model)
          .anyMatch(name -> name.matches("invoke_agent agent-\\d+"));
    }
    System.out.printf(
        "crash-safe SIGKILL: %d calls completed at the kill, %d of them 500 ms before it; in Jaeger"
            + " before the restart %d, after it %d of the %d (and %d of the %d)%n",
        atKill.size(),
        settled.size(),
        sentBeforeTheKill.stream().filter(atKill::contains).count(),
        settled.stream().filter(inJaeger::containsKey).count(),
        settled.size(),
        atKill.stream().filter(inJaeger::containsKey).count(),
        atKill.size());
  }

  private Stopped runAndStop(
      String service, String model, String otlpEndpoint, Path log, long shutdownTimeoutMillis)
      throws Exception {
    RunningProcess app = launch(service, model, otlpEndpoint, log, shutdownTimeoutMillis, Map.of());
    // A random moment: after 30 to 150 completed calls (a second or two of work).
    int stopAfter = ThreadLocalRandom.current().nextInt(30, 151);
    app.awaitOutput(lines -> completed(lines).size() >= stopAfter);
    assertThat(app.isAlive()).as("the application runs until stopped").isTrue();
    // What it had completed when the signal went: every one of these must be recorded. (Its
    // threads go on calling while the JVM shuts down; calls that end after the SDK closed can't.)
    Set<String> beforeStop = completed(app.lines());
    Duration exitedWithin = app.sigtermAndAwaitExit();
    assertThat(exitedWithin).as("exited after SIGTERM").isNotNull();
    assertThat(app.exitValue()).as("the exit status of SIGTERM").isEqualTo(143);
    return new Stopped(beforeStop, exitedWithin);
  }

  private RunningProcess launch(
      String service,
      String model,
      String otlpEndpoint,
      Path log,
      long shutdownTimeoutMillis,
      Map<String, String> extraEnvironment)
      throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                StoppedApplication.class.getName(),
                ollama.baseUrl(),
                model,
                String.valueOf(WORKERS),
                String.valueOf(shutdownTimeoutMillis))
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    Map<String, String> env = builder.environment();
    env.put("OTEL_SERVICE_NAME", service);
    env.put("OTEL_TRACES_EXPORTER", "otlp,llm-jsonl");
    env.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
    env.put("OTEL_EXPORTER_OTLP_PROTOCOL", "grpc");
    env.put("OTEL_METRICS_EXPORTER", "none");
    env.put("OTEL_EXPORTER_LLM_JSONL_PATH", log.toString());
    // The SDK's defaults: spans wait up to 5 s in the batch queue — what a stop must not lose.
    env.remove("OTEL_BSP_SCHEDULE_DELAY");
    env.putAll(extraEnvironment);
    return RunningProcess.start(builder);
  }

  /** The traces of the calls the application printed as done. */
  private static Set<String> completed(List<String> lines) {
    Set<String> traceIds = new HashSet<>();
    for (String line : lines) {
      if (line.startsWith("done ")) {
        traceIds.add(line.substring("done ".length()));
      }
    }
    return traceIds;
  }

  private static Set<String> loggedTraceIds(Path log) throws IOException {
    Set<String> traceIds = new HashSet<>();
    if (!Files.exists(log)) {
      return traceIds; // nothing was written at all
    }
    List<String> problems = new ArrayList<>();
    LlmCallLogReader.read(
        log,
        call -> traceIds.add(call.traceId()),
        (f, line, why) -> problems.add(line + ": " + why));
    assertThat(problems).as("the log has no cut or mixed lines").isEmpty();
    return traceIds;
  }

  /** Span names by trace id, once Jaeger has every completed trace (or after 30 s). */
  private Map<String, List<String>> awaitInJaeger(String service, Set<String> traceIds)
      throws Exception {
    return awaitInJaeger(service, traceIds, Duration.ofSeconds(30));
  }

  /**
   * Span names by trace id, once Jaeger has every one of {@code traceIds} (or after {@code wait}).
   */
  private Map<String, List<String>> awaitInJaeger(
      String service, Set<String> traceIds, Duration wait) throws Exception {
    JaegerQuery query = new JaegerQuery(jaeger.queryUrl());
    Map<String, List<String>> spans = new HashMap<>();
    long deadline = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < deadline) {
      spans.clear();
      for (JsonNode trace : query.traces(service, 5_000)) {
        List<String> names = new ArrayList<>();
        trace.path("spans").forEach(s -> names.add(s.path("operationName").asText()));
        spans.put(trace.path("traceID").asText(), names);
      }
      if (traceIds.stream().allMatch(t -> spans.getOrDefault(t, List.of()).size() >= 2)) {
        break;
      }
      Thread.sleep(250);
    }
    return spans;
  }

  /**
   * The server's request log: it answered at least every call the application completed (it answers
   * more — the application's threads go on calling while the JVM runs its shutdown).
   */
  private void assertServerSaw(String model, Stopped run) {
    long requests =
        ollama.exchanges().stream()
            .filter(e -> e.path().equals("/api/chat"))
            .filter(e -> model.equals(e.request().path("model").asText()))
            .count();
    assertThat(requests).isGreaterThanOrEqualTo(run.completed().size());
  }
}

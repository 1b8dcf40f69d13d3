package io.otelllm.benchmarks;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A long run with every exporter on: agent turns (two chat calls and an embedding each, through
 * langchain4j-ollama over real HTTP to the in-process Ollama stand-in) at a steady rate, exported
 * over OTLP to a collector (and on to Jaeger), to the rolling JSON-lines log and to the periodic
 * aggregates, configured as an application would through the environment. Every sample period it
 * prints a table row: heap in use after a full GC, threads, open file descriptors, LLM calls ended
 * and LLM calls in the log (which shares the batch processor with OTLP, so a call missing from it
 * was dropped there). At the end it flushes, shuts down and reports what was lost. Not a test: no
 * assertion; the numbers go to benchmarks/README.md.
 *
 * <pre>
 * deploy/local/jaeger.sh start; deploy/local/collector.sh start
 * java -cp benchmarks/target/benchmarks.jar io.otelllm.benchmarks.Soak \
 *     --duration 30m --turns-per-second 20 --collector http://localhost:14317 --sample 60s
 * </pre>
 */
public final class Soak {
  private static final AttributeKey<String> OPERATION = OtelLlmAttributes.GEN_AI_OPERATION_NAME;

  private Soak() {}

  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofMinutes(30);
    double turnsPerSecond = 20;
    String collector = "http://localhost:14317";
    Duration sample = Duration.ofSeconds(60);
    int agentThreads = 8;
    boolean synthetic = false;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--duration" -> duration = parse(args[i + 1]);
        case "--turns-per-second" -> turnsPerSecond = Double.parseDouble(args[i + 1]);
        case "--collector" -> collector = args[i + 1];
        case "--sample" -> sample = parse(args[i + 1]);
        case "--agents" -> agentThreads = Integer.parseInt(args[i + 1]);
        case "--synthetic" -> synthetic = Boolean.parseBoolean(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Path logDir = Files.createTempDirectory("otel-llm-soak");
    Path log = logDir.resolve("llm_performance.log");
    AtomicLong llmCallsEnded = new AtomicLong();
    try (OllamaWireServer ollama =
        OllamaWireServer.start(
            ModelScript.builder("soak-chat")
                .reply("I bake bread for the village.")
                .firstTokenDelay(Duration.ofMillis(5))
                .build(),
            ModelScript.builder("soak-embed").embeddingDimensions(64).build())) {
      LlmTelemetrySdk sdk =
          LlmTelemetrySdk.builder()
              .setServiceName("otel-llm-soak")
              .setEndpoint(collector)
              .setProtocol("grpc")
              .setProperty("otel.traces.exporter", "otlp,llm-jsonl,llm-aggregates")
              .setProperty("otel.exporter.llm.jsonl.path", log.toString())
              .setProperty("otel.exporter.llm.jsonl.max.bytes", String.valueOf(16 << 20))
              .setProperty("otel.exporter.llm.jsonl.max.files", "0")
              .setProperty("otel.exporter.llm.aggregates.interval", "60s")
              .addSpanProcessor(countLlmCalls(llmCallsEnded))
              .setShutdownTimeout(Duration.ofSeconds(30))
              .build();
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk.openTelemetry());
      LlmTelemetry telemetry = lc4j.telemetry();
      ChatModel chat =
          lc4j.wrap(
              OllamaChatModel.builder()
                  .baseUrl(ollama.baseUrl())
                  .modelName("soak-chat")
                  .maxRetries(0)
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build());
      EmbeddingModel embed =
          lc4j.wrap(
              OllamaEmbeddingModel.builder()
                  .baseUrl(ollama.baseUrl())
                  .modelName("soak-embed")
                  .maxRetries(0)
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build());

      System.out.printf(
          "Soak: %s at %.0f turns/s (%.0f LLM calls/s%s), OTLP to %s, log in %s%n%n",
          duration,
          turnsPerSecond,
          3 * turnsPerSecond,
          synthetic ? ", synthetic: no HTTP" : "",
          collector,
          logDir);
      System.out.println(
          "| at | heap after GC | threads | open fds | LLM calls ended | in the log |"
              + " not (yet) in the log |");
      System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
      boolean syntheticCalls = synthetic;
      ExecutorService agents = Executors.newFixedThreadPool(agentThreads);
      // A slow backend slows the run, not the heap: at most 8 turns per agent thread wait.
      Semaphore inFlight = new Semaphore(8 * agentThreads);
      AtomicLong turns = new AtomicLong();
      ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
      long periodNanos = (long) (1e9 / turnsPerSecond);
      var unused =
          clock.scheduleAtFixedRate(
              () -> {
                if (!inFlight.tryAcquire()) {
                  return; // behind: skip rather than queue without bound
                }
                long n = turns.incrementAndGet();
                agents.execute(
                    () -> {
                      try {
                        telemetry
                            .agentTurn("agent-" + n % 25)
                            .setTurnNumber(n)
                            .run(
                                () -> {
                                  if (syntheticCalls) {
                                    // The same spans without HTTP: what the batch processor
                                    // carries,
                                    // measured apart from what a client can generate on this
                                    // machine.
                                    for (String operation : List.of("chat", "embeddings", "chat")) {
                                      telemetry
                                          .llmCall(
                                              LlmRequest.builder(operation, "ollama")
                                                  .setRequestModel("soak")
                                                  .build())
                                          .start()
                                          .end(
                                              LlmResponse.builder()
                                                  .setInputTokens(40L)
                                                  .setOutputTokens(8L)
                                                  .build());
                                    }
                                  } else {
                                    chat.chat("What does the baker do now?");
                                    embed.embed("the baker baked bread");
                                    chat.chat("And then?");
                                  }
                                });
                      } catch (RuntimeException e) {
                        // a failed call is traced as such; the run goes on
                      } finally {
                        inFlight.release();
                      }
                    });
              },
              0,
              periodNanos,
              TimeUnit.NANOSECONDS);

      long start = System.nanoTime();
      long end = start + duration.toNanos();
      int minute = 0;
      while (System.nanoTime() < end) {
        long next = Math.min(end, start + (minute + 1) * sample.toNanos());
        TimeUnit.NANOSECONDS.sleep(Math.max(0, next - System.nanoTime()));
        minute++;
        ollama.clearExchanges(); // the stand-in's own request log is not the application's heap
        row(Duration.ofNanos(System.nanoTime() - start), llmCallsEnded, logDir);
      }
      clock.shutdownNow();
      agents.shutdown();
      agents.awaitTermination(1, TimeUnit.MINUTES);
      sdk.close();
      long ended = llmCallsEnded.get();
      long logged = linesIn(logDir);
      System.out.printf(
          "%nAfter close: %d turns (%.0f/s), %d LLM calls ended, %d in the log: %d lost.%n",
          turns.get(), turns.get() / (duration.toNanos() / 1e9), ended, logged, ended - logged);
    }
  }

  private static void row(Duration at, AtomicLong llmCallsEnded, Path logDir) throws IOException {
    System.gc();
    long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    int threads = ManagementFactory.getThreadMXBean().getThreadCount();
    long fds;
    try (Stream<Path> open = Files.list(Path.of("/proc/self/fd"))) {
      fds = open.count();
    }
    long logged = linesIn(logDir);
    long ended = llmCallsEnded.get(); // after the log: a call is counted before it is logged
    System.out.printf(
        "| %d:%02d | %.1f MB | %d | %d | %,d | %,d | %,d |%n",
        at.toMinutes(),
        at.toSecondsPart(),
        heap / 1048576.0,
        threads,
        fds,
        ended,
        logged,
        ended - logged);
  }

  /** Lines in the log and its rolled files. */
  private static long linesIn(Path logDir) throws IOException {
    long lines = 0;
    byte[] buffer = new byte[1 << 16];
    try (Stream<Path> files = Files.list(logDir)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        try (InputStream in = Files.newInputStream(file)) {
          int n;
          while ((n = in.read(buffer)) > 0) {
            for (int i = 0; i < n; i++) {
              if (buffer[i] == '\n') {
                lines++;
              }
            }
          }
        }
      }
    }
    return lines;
  }

  /** Counts the LLM-call spans that end (chat and embeddings; not turns or tools). */
  private static SpanProcessor countLlmCalls(AtomicLong ended) {
    return new SpanProcessor() {
      @Override
      public void onStart(Context parentContext, ReadWriteSpan span) {}

      @Override
      public boolean isStartRequired() {
        return false;
      }

      @Override
      public void onEnd(ReadableSpan span) {
        String operation = span.getAttribute(OPERATION);
        if (operation != null && List.of("chat", "embeddings").contains(operation)) {
          ended.incrementAndGet();
        }
      }

      @Override
      public boolean isEndRequired() {
        return true;
      }
    };
  }

  private static Duration parse(String text) {
    long n = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("a duration like 60s, 30m or 2h: " + text);
    };
  }
}

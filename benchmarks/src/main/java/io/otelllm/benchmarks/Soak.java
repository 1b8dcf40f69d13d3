package io.otelllm.benchmarks;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.core.spi.ServerTimings;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
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
 * <p>As a worker of the collector tier's test ({@code deploy/scale/local-tier.sh}): in synthetic
 * mode, turns fail, run slow, start a model cold or fail their tool at the rates given ({@code
 * --inject-errors 0.02}, ...), chosen by turn number from {@code --seed}; {@code --trace-log FILE}
 * writes every span the worker ended ({@code span <trace id> <span id> <operation>}) and every turn
 * with what was injected ({@code turn <trace id> <kind> <end, epoch ms>}), which the tier's check
 * compares with what Jaeger holds. {@code --otel key=value} passes an SDK property.
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
    Injection injection = new Injection();
    Path traceLog = null;
    String serviceName = "otel-llm-soak";
    java.util.Map<String, String> otel = new java.util.LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--duration" -> duration = parse(args[i + 1]);
        case "--turns-per-second" -> turnsPerSecond = Double.parseDouble(args[i + 1]);
        case "--collector" -> collector = args[i + 1];
        case "--sample" -> sample = parse(args[i + 1]);
        case "--agents" -> agentThreads = Integer.parseInt(args[i + 1]);
        case "--synthetic" -> synthetic = Boolean.parseBoolean(args[i + 1]);
        case "--inject-errors" -> injection.errors = share(args[i], args[i + 1]);
        case "--inject-slow" -> injection.slow = share(args[i], args[i + 1]);
        case "--inject-cold" -> injection.cold = share(args[i], args[i + 1]);
        case "--inject-tool-errors" -> injection.toolErrors = share(args[i], args[i + 1]);
        case "--slow-call" -> injection.slowCall = parse(args[i + 1]);
        case "--seed" -> injection.seed = Long.parseLong(args[i + 1]);
        case "--trace-log" -> traceLog = Path.of(args[i + 1]);
        case "--service-name" -> serviceName = args[i + 1];
        case "--otel" -> {
          String[] pair = args[i + 1].split("=", 2);
          if (pair.length != 2) {
            throw new IllegalArgumentException("--otel takes key=value, was " + args[i + 1]);
          }
          otel.put(pair[0], pair[1]);
        }
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (injection.any() && !synthetic) {
      throw new IllegalArgumentException("--inject-* needs --synthetic true");
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
      TraceLog spansAndTurns = traceLog == null ? null : new TraceLog(traceLog);
      LlmTelemetrySdk.Builder sdkBuilder =
          LlmTelemetrySdk.builder()
              .setServiceName(serviceName)
              .setEndpoint(collector)
              .setProtocol("grpc")
              .setProperty("otel.traces.exporter", "otlp,llm-jsonl,llm-aggregates")
              .setProperty("otel.exporter.llm.jsonl.path", log.toString())
              .setProperty("otel.exporter.llm.jsonl.max.bytes", String.valueOf(16 << 20))
              .setProperty("otel.exporter.llm.jsonl.max.files", "0")
              .setProperty("otel.exporter.llm.aggregates.interval", "60s")
              .addSpanProcessor(countLlmCalls(llmCallsEnded))
              .setShutdownTimeout(Duration.ofSeconds(30));
      otel.forEach(sdkBuilder::setProperty);
      if (spansAndTurns != null) {
        sdkBuilder.addSpanProcessor(spansAndTurns);
      }
      LlmTelemetrySdk sdk = sdkBuilder.build();
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
                        if (syntheticCalls) {
                          // The same spans without HTTP: what the batch processor carries,
                          // measured apart from what a client can generate on this machine.
                          syntheticTurn(telemetry, injection, n, spansAndTurns);
                        } else {
                          telemetry
                              .agentTurn("agent-" + n % 25)
                              .setTurnNumber(n)
                              .run(
                                  () -> {
                                    chat.chat("What does the baker do now?");
                                    embed.embed("the baker baked bread");
                                    chat.chat("And then?");
                                  });
                        }
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

  /**
   * One synthetic turn: chat, embeddings, chat; with an injection, chat, embeddings, a tool, chat,
   * with what the injection picks for it.
   */
  private static void syntheticTurn(
      LlmTelemetry telemetry, Injection injection, long turn, TraceLog traceLog) {
    String kind = injection.kindOf(turn);
    String[] traceId = new String[1];
    try {
      telemetry
          .agentTurn("agent-" + turn % 25)
          .setTurnNumber(turn)
          .run(
              () -> {
                traceId[0] = Span.current().getSpanContext().getTraceId();
                syntheticCall(telemetry, "chat", kind, injection.slowCall);
                syntheticCall(telemetry, "embeddings", Injection.ROUTINE, Duration.ZERO);
                if (!injection.any()) {
                  // The plain synthetic turn (the batch processor's numbers in
                  // benchmarks/README.md): three calls.
                  syntheticCall(telemetry, "chat", Injection.ROUTINE, Duration.ZERO);
                  return;
                }
                try {
                  telemetry
                      .toolExecution("recall")
                      .run(
                          () -> {
                            if (kind.equals(Injection.TOOL_ERROR)) {
                              throw new IllegalStateException("injected: the tool failed");
                            }
                          });
                } catch (IllegalStateException e) {
                  // the tool's failure is on its span; the turn goes on, as an agent's would
                }
                syntheticCall(
                    telemetry,
                    "chat",
                    kind.equals(Injection.ERROR) ? Injection.ERROR : Injection.ROUTINE,
                    Duration.ZERO);
              });
    } finally {
      if (traceLog != null && traceId[0] != null) {
        traceLog.turn(traceId[0], kind);
      }
    }
  }

  private static void syntheticCall(
      LlmTelemetry telemetry, String operation, String kind, Duration slowCall) {
    LlmCall call =
        telemetry
            .llmCall(LlmRequest.builder(operation, "ollama").setRequestModel("soak").build())
            .start();
    if (kind.equals(Injection.COLD)) {
      call.recordServerTimings(
          ServerTimings.builder()
              .setLoadNanos(2_000_000_000L)
              .setTotalNanos(2_050_000_000L)
              .build());
    }
    if (kind.equals(Injection.SLOW)) {
      try {
        Thread.sleep(slowCall.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (kind.equals(Injection.ERROR)) {
      call.fail(new SocketTimeoutException("injected: the model server did not answer"));
    } else {
      call.end(LlmResponse.builder().setInputTokens(40L).setOutputTokens(8L).build());
    }
  }

  /** What a synthetic turn is made to do, at the rates given; decided by turn number. */
  private static final class Injection {
    static final String ROUTINE = "routine";
    static final String ERROR = "error";
    static final String SLOW = "slow";
    static final String COLD = "cold";
    static final String TOOL_ERROR = "tool_error";

    double errors;
    double slow;
    double cold;
    double toolErrors;
    Duration slowCall = Duration.ofMillis(600);
    long seed = 1;

    boolean any() {
      return errors + slow + cold + toolErrors > 0;
    }

    String kindOf(long turn) {
      double u = new SplittableRandom(seed * 1_000_003L + turn).nextDouble();
      if (u < errors) {
        return ERROR;
      }
      if (u < errors + slow) {
        return SLOW;
      }
      if (u < errors + slow + cold) {
        return COLD;
      }
      if (u < errors + slow + cold + toolErrors) {
        return TOOL_ERROR;
      }
      return ROUTINE;
    }
  }

  /** Every span this worker ended and every turn with its injected kind, one line each. */
  private static final class TraceLog extends EndedSpans {
    private final BufferedWriter out;

    TraceLog(Path file) throws IOException {
      out = Files.newBufferedWriter(file);
    }

    @Override
    public void onEnd(ReadableSpan span) {
      String operation = span.getAttribute(OPERATION);
      write(
          "span "
              + span.getSpanContext().getTraceId()
              + " "
              + span.getSpanContext().getSpanId()
              + " "
              + (operation == null ? "-" : operation));
    }

    void turn(String traceId, String kind) {
      write("turn " + traceId + " " + kind + " " + System.currentTimeMillis());
    }

    private synchronized void write(String line) {
      try {
        out.write(line);
        out.newLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public synchronized CompletableResultCode shutdown() {
      // The SDK's close: every turn of the run has ended, and so every span.
      try {
        out.close();
        return CompletableResultCode.ofSuccess();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static double share(String option, String value) {
    double share = Double.parseDouble(value);
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(option + " takes a share from 0 to 1, was " + value);
    }
    return share;
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
    return new EndedSpans() {
      @Override
      public void onEnd(ReadableSpan span) {
        String operation = span.getAttribute(OPERATION);
        if (operation != null && List.of("chat", "embeddings").contains(operation)) {
          ended.incrementAndGet();
        }
      }
    };
  }

  /** A span processor that only looks at spans as they end. */
  private abstract static class EndedSpans implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }
  }

  private static Duration parse(String text) {
    if (text.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
    }
    long n = Long.parseLong(text.substring(0, text.length() - 1));
    return switch (text.charAt(text.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default ->
          throw new IllegalArgumentException("a duration like 600ms, 60s, 30m or 2h: " + text);
    };
  }
}

package io.otelllm.examples.sim;

import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.calllog.internal.CallAggregator.CallStats;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.langchain4j.LangChain4jTelemetryBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** One run of the simulation, wired end to end: models, telemetry, SDK, report. */
public final class SimulationRun {

  /** What a run exported and printed. */
  public record Result(
      List<SpanData> spans,
      List<CallStats> rows,
      Optional<SpanData> slowestTurn,
      boolean builtInServer) {}

  private SimulationRun() {}

  /**
   * Runs the simulation with {@code sdk} (export already configured by the caller) plus an
   * in-process collector of exported spans, and prints progress, the slowest turn and the summary.
   */
  public static Result run(SimulationConfig config, LlmTelemetrySdk.Builder sdk, PrintStream out)
      throws Exception {
    CollectingSpanExporter exported = new CollectingSpanExporter();
    sdk.addSpanProcessor(SimpleSpanProcessor.create(exported));
    long start = System.nanoTime();
    try (LlmBackend backend = LlmBackend.choose(config, out);
        LlmTelemetrySdk otel = sdk.build()) {
      LangChain4jTelemetryBuilder telemetryBuilder =
          LangChain4jTelemetry.builder(otel.openTelemetry());
      if (config.captureContent()) {
        telemetryBuilder.setCaptureMessageContent(true);
      }
      LangChain4jTelemetry lc4j = telemetryBuilder.build();
      Duration timeout = Duration.ofMinutes(2);
      ChatModel chat =
          lc4j.wrap(
              OllamaChatModel.builder()
                  .baseUrl(backend.chatBaseUrl)
                  .modelName(config.chatModel())
                  .timeout(timeout)
                  .maxRetries(0)
                  .seed((int) config.seed())
                  // Ollama's structured outputs: the planner's answers follow its JSON schema.
                  .supportedCapabilities(Capability.RESPONSE_FORMAT_JSON_SCHEMA)
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build());
      StreamingChatModel streaming =
          lc4j.wrap(
              OllamaStreamingChatModel.builder()
                  .baseUrl(backend.chatBaseUrl)
                  .modelName(config.chatModel())
                  .timeout(timeout)
                  .seed((int) config.seed())
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build());
      EmbeddingModel embeddings =
          lc4j.wrap(
              OllamaEmbeddingModel.builder()
                  .baseUrl(backend.embeddingBaseUrl)
                  .modelName(config.embeddingModel())
                  .timeout(timeout)
                  .maxRetries(0)
                  .httpClientBuilder(lc4j.httpClientBuilder())
                  .build());

      out.printf(
          "Simulating %d agents for %d rounds (%d at a time)...%n",
          config.agents(), config.rounds(), config.parallelism());
      // Ctrl-C, docker stop, kill: the JVM runs its shutdown hooks while the agents go on. This
      // one flushes (together with the SDK's own hook: whichever runs first does the work) and
      // says what was completed; a run that ends by itself removes it.
      AtomicInteger roundsDone = new AtomicInteger();
      Thread onStop =
          new Thread(
              () -> {
                // What had completed when the stop came; close() then exports all of it (calls
                // that end during the close may make it too, and are not counted here).
                List<SpanData> spans = exported.spans();
                otel.close();
                out.printf(
                    "%nStopped after %d of %d rounds (%.1f s): %s%n",
                    roundsDone.get(),
                    config.rounds(),
                    (System.nanoTime() - start) / 1e9,
                    progress(roundsDone.get(), config.rounds(), spans));
                out.println("LLM calls completed before the stop, by label and model:");
                out.print(SpanReport.table(SpanReport.rows(spans)));
                out.flush();
              },
              "agent-simulation-stop");
      Runtime.getRuntime().addShutdownHook(onStop);
      new Simulation(config, lc4j, chat, streaming, embeddings)
          .run(
              round -> {
                roundsDone.set(round);
                out.println(progress(round, config.rounds(), exported.spans()));
              });
      try {
        Runtime.getRuntime().removeShutdownHook(onStop);
      } catch (IllegalStateException e) {
        onStop.join(); // stopped just as it finished: the hook prints the summary
        return new Result(exported.spans(), List.of(), Optional.empty(), backend.builtIn);
      }
      otel.flush();

      List<SpanData> spans = exported.spans();
      List<CallStats> rows = SpanReport.rows(spans);
      Optional<SpanData> slowest = SpanReport.slowestTurn(spans);
      out.printf("%nDone in %.1f s.%n", (System.nanoTime() - start) / 1e9);
      slowest.ifPresent(
          turn -> {
            out.println();
            out.println("Slowest agent turn (trace " + turn.getTraceId() + "):");
            out.print(SpanReport.tree(turn, spans));
          });
      out.println();
      out.println("LLM calls by label and model (from the exported spans):");
      out.print(SpanReport.table(rows));
      out.println(SpanReport.toolSummary(spans));
      out.print(SpanReport.findings(spans));
      return new Result(spans, rows, slowest, backend.builtIn);
    }
  }

  static String progress(int round, int rounds, List<SpanData> spans) {
    long calls = spans.stream().filter(SpanReport::isLlmCall).count();
    long errors =
        spans.stream()
            .filter(SpanReport::isLlmCall)
            .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
            .count();
    return String.format("round %d/%d · LLM calls %d · errors %d", round, rounds, calls, errors);
  }

  /** Whether something accepts connections at {@code url}'s host and port (within 300 ms). */
  public static boolean listening(String url) {
    java.net.URI uri = java.net.URI.create(url);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 300);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

package io.otelllm.integration.stop;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import io.opentelemetry.api.trace.Span;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An application that makes LLM calls until it is stopped, and never calls {@code close()}: the
 * SDK's shutdown hook is all that flushes. Configured by the standard environment ({@code
 * OTEL_TRACES_EXPORTER}, ...); {@code <Ollama base URL> <model> <workers> <shutdown timeout ms>}.
 * Prints {@code done <trace id>} once an agent turn and its LLM call have completed — what the
 * application saw complete.
 */
public final class StoppedApplication {
  private StoppedApplication() {}

  public static void main(String[] args) throws InterruptedException {
    String baseUrl = args[0];
    String modelName = args[1];
    int workers = Integer.parseInt(args[2]);
    LlmTelemetrySdk sdk =
        LlmTelemetrySdk.builder()
            .setShutdownTimeout(Duration.ofMillis(Long.parseLong(args[3])))
            .build();
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk.openTelemetry());
    LlmTelemetry telemetry = lc4j.telemetry();
    ChatModel model =
        lc4j.wrap(
            OllamaChatModel.builder()
                .baseUrl(baseUrl)
                .modelName(modelName)
                .httpClientBuilder(lc4j.httpClientBuilder())
                .timeout(Duration.ofSeconds(30))
                .build());
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ExecutorService agents = Executors.newFixedThreadPool(workers);
    for (int w = 0; w < workers; w++) {
      String agent = "agent-" + w;
      agents.execute(
          () -> {
            for (int turnNumber = 1; ; turnNumber++) {
              String traceId =
                  telemetry
                      .agentTurn(agent)
                      .setTurnNumber(turnNumber)
                      .call(
                          () -> {
                            model.chat("What does " + agent + " do now?");
                            return Span.current().getSpanContext().getTraceId();
                          });
              synchronized (out) {
                out.println("done " + traceId);
              }
            }
          });
    }
    out.println("started");
    agents.awaitTermination(1, TimeUnit.DAYS);
  }
}

package io.otelllm.examples;

import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.examples.jaeger.JaegerInstance;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.sim.SimulationConfig;
import io.otelllm.examples.sim.SimulationRun;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The agent-simulation demo: a few agents take turns in a village, every thought, line and memory
 * an LLM call traced by otel-llm. Prints the slowest turn's span tree and a summary per label and
 * model, computed from the exported spans.
 */
@Command(
    name = "agent-simulation",
    mixinStandardHelpOptions = true,
    description =
        "Agents take turns; every LLM call is an OpenTelemetry span under its agent turn.")
public final class AgentSimulation implements Callable<Integer> {

  @Option(
      names = "--agents",
      defaultValue = "4",
      description = "agents, 1-5 (default ${DEFAULT-VALUE})")
  int agents;

  @Option(names = "--rounds", defaultValue = "3", description = "rounds (default ${DEFAULT-VALUE})")
  int rounds;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "agents acting at once (default ${DEFAULT-VALUE})")
  int parallelism;

  @Option(
      names = "--chat-model",
      defaultValue = "llama3.2",
      description = "chat model (default ${DEFAULT-VALUE})")
  String chatModel;

  @Option(
      names = "--embedding-model",
      defaultValue = "all-minilm",
      description = "embedding model (default ${DEFAULT-VALUE})")
  String embeddingModel;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "seed for repeatable runs (default ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--error-rate",
      defaultValue = "0.08",
      description = "built-in server's error rate (default ${DEFAULT-VALUE})")
  double errorRate;

  @Option(
      names = "--built-in",
      description = "use the built-in Ollama-compatible server even if an Ollama answers")
  boolean builtIn;

  @Option(names = "--capture-content", description = "record prompts and completions on spans")
  boolean captureContent;

  @Option(
      names = "--jaeger",
      description =
          "start a Jaeger (Docker, else the local build), export to it, keep it until Enter")
  boolean jaeger;

  public static void main(String[] args) {
    int code = new CommandLine(new AgentSimulation()).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  @Override
  public Integer call() throws Exception {
    String ollama = System.getenv().getOrDefault("OLLAMA_BASE_URL", "http://localhost:11434");
    SimulationConfig config =
        new SimulationConfig(
            agents,
            rounds,
            parallelism,
            chatModel,
            embeddingModel,
            seed,
            errorRate,
            ollama,
            builtIn,
            captureContent);
    PrintStream out = System.out;
    Optional<JaegerInstance> started = Optional.empty();
    if (jaeger) {
      started = JaegerLauncher.start();
      if (started.isEmpty()) {
        out.println("Jaeger: " + JaegerLauncher.howToEnable());
      } else {
        out.println("Jaeger: " + started.get().description());
      }
    }
    try {
      LlmTelemetrySdk.Builder sdk =
          LlmTelemetrySdk.builder()
              .setServiceName(
                  System.getenv().getOrDefault("OTEL_SERVICE_NAME", "agent-simulation"));
      describeExport(sdk, started, out);
      SimulationRun.Result result = SimulationRun.run(config, sdk, out);
      if (started.isPresent() && result.slowestTurn().isPresent()) {
        String url = started.get().queryUrl();
        String traceId = result.slowestTurn().get().getTraceId();
        out.println();
        out.println("Jaeger UI: " + url + "   slowest turn: " + url + "/trace/" + traceId);
        if (!started.get().servesUi()) {
          out.println(
              "(this Jaeger serves a placeholder page instead of the UI; set "
                  + JaegerLauncher.UI_ASSETS_ENV
                  + " to jaeger-ui's built files for the real one, see deploy/README.md; the API works: "
                  + url
                  + "/api/traces/"
                  + traceId
                  + ")");
        }
        out.println("Press Enter to stop Jaeger.");
        System.in.read();
      }
    } finally {
      started.ifPresent(JaegerInstance::close);
    }
    return 0;
  }

  private static void describeExport(
      LlmTelemetrySdk.Builder sdk, Optional<JaegerInstance> jaeger, PrintStream out) {
    if (jaeger.isPresent()) {
      // Jaeger takes traces only: metrics would be refused there.
      sdk.setEndpoint(jaeger.get().otlpGrpcEndpoint())
          .setProtocol("grpc")
          .setProperty("otel.metrics.exporter", "none");
      out.println(
          "Traces: OTLP to "
              + jaeger.get().otlpGrpcEndpoint()
              + "; metrics: off (Jaeger takes traces only; a collector takes both, see deploy/README.md)");
    } else if (System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != null) {
      out.println(
          "Traces: OTLP to "
              + System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT")
              + " (OTEL_EXPORTER_OTLP_ENDPOINT)");
    } else if (System.getenv("OTEL_TRACES_EXPORTER") != null) {
      // Said explicitly: taken as said, whatever listens on localhost:4317.
      sdk.setProperty("otel.metrics.exporter", "none");
      out.println("Traces: OTEL_TRACES_EXPORTER=" + System.getenv("OTEL_TRACES_EXPORTER"));
    } else if (SimulationRun.collectorListening()) {
      sdk.setEndpoint("http://localhost:4317").setProtocol("grpc");
      out.println("Traces: OTLP to the collector answering on localhost:4317");
    } else {
      sdk.setProperty("otel.traces.exporter", "none").setProperty("otel.metrics.exporter", "none");
      out.println(
          "Traces: console only (set OTEL_EXPORTER_OTLP_ENDPOINT, run a collector on :4317, or use --jaeger)");
    }
  }
}

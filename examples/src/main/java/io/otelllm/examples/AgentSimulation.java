package io.otelllm.examples;

import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.examples.jaeger.JaegerInstance;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.jaeger.LocalStack;
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
          "export traces to the Jaeger running on this machine (deploy/local/jaeger.sh, compose;"
              + " OTEL_LLM_PORT_OFFSET moves its ports) and print the slowest turn's URL; with none"
              + " running, start a throwaway one (Docker, else the local build) until Enter")
  boolean jaeger;

  /** Where the call log ({@code llm-jsonl}) goes unless OTEL_EXPORTER_LLM_JSONL_PATH says. */
  static final String CALL_LOG = "target/llm_performance.log";

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
    LocalStack stack = LocalStack.fromEnvironment();
    Optional<JaegerInstance> running = jaeger ? stack.runningJaeger() : Optional.empty();
    Optional<JaegerInstance> started = Optional.empty();
    if (jaeger && running.isEmpty()) {
      started = JaegerLauncher.start();
      if (started.isEmpty()) {
        out.println(
            "Jaeger: none answers at " + stack.jaegerQuery() + ", " + JaegerLauncher.howToEnable());
      } else {
        out.println(
            "Jaeger: none answers at "
                + stack.jaegerQuery()
                + ", so a throwaway one for this run: "
                + started.get().description()
                + " (its traces go with it; `deploy/local/jaeger.sh start` keeps them)");
      }
    } else if (running.isPresent()) {
      out.println("Jaeger: " + running.get().description());
    }
    Optional<JaegerInstance> target = running.isPresent() ? running : started;
    try {
      LlmTelemetrySdk.Builder sdk =
          LlmTelemetrySdk.builder()
              .setServiceName(
                  System.getenv().getOrDefault("OTEL_SERVICE_NAME", "agent-simulation"));
      if (System.getenv("OTEL_EXPORTER_LLM_JSONL_PATH") == null) {
        // The README's commands run from the repository: the call log goes under target/ there,
        // never beside the sources.
        sdk.setProperty("otel.exporter.llm.jsonl.path", CALL_LOG);
      }
      describeExport(sdk, target, stack, out);
      SimulationRun.Result result = SimulationRun.run(config, sdk, out);
      if (target.isPresent() && result.slowestTurn().isPresent()) {
        String url = target.get().queryUrl();
        String traceId = result.slowestTurn().get().getTraceId();
        out.println();
        out.println("Jaeger UI: " + url + "   slowest turn: " + url + "/trace/" + traceId);
        if (!target.get().servesUi()) {
          out.println(
              "(this Jaeger serves a placeholder page instead of the UI; set "
                  + JaegerLauncher.UI_ASSETS_ENV
                  + " to jaeger-ui's built files for the real one, see deploy/README.md; the API works: "
                  + url
                  + "/api/traces/"
                  + traceId
                  + ")");
        }
        if (started.isPresent()) {
          out.println("Press Enter to stop this throwaway Jaeger.");
          System.in.read();
        }
      }
    } finally {
      started.ifPresent(JaegerInstance::close);
    }
    return 0;
  }

  private static void describeExport(
      LlmTelemetrySdk.Builder sdk,
      Optional<JaegerInstance> jaeger,
      LocalStack stack,
      PrintStream out) {
    if (jaeger.isPresent()) {
      // Jaeger takes traces only: metrics would be refused there.
      sdk.setEndpoint(jaeger.get().otlpHttpEndpoint())
          .setProtocol("http/protobuf")
          .setProperty("otel.metrics.exporter", "none");
      out.println(
          "Traces: OTLP/HTTP to "
              + jaeger.get().otlpHttpEndpoint()
              + "; metrics: off (Jaeger takes traces only; a collector takes both, see deploy/README.md)");
    } else if (System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != null) {
      out.println(
          "Traces: OTLP to "
              + System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT")
              + " (OTEL_EXPORTER_OTLP_ENDPOINT)");
    } else if (System.getenv("OTEL_TRACES_EXPORTER") != null) {
      // Said explicitly: taken as said, whatever listens on the OTLP port.
      sdk.setProperty("otel.metrics.exporter", "none");
      String exporters = System.getenv("OTEL_TRACES_EXPORTER");
      out.println(
          "Traces: OTEL_TRACES_EXPORTER="
              + exporters
              + (exporters.contains("llm-jsonl")
                  ? " (the call log: "
                      + System.getenv().getOrDefault("OTEL_EXPORTER_LLM_JSONL_PATH", CALL_LOG)
                      + ")"
                  : ""));
    } else if (SimulationRun.listening(stack.otlpHttp())) {
      sdk.setEndpoint(stack.otlpHttp()).setProtocol("http/protobuf");
      out.println("Traces and metrics: OTLP/HTTP to what answers on " + stack.otlpHttp());
    } else {
      sdk.setProperty("otel.traces.exporter", "none").setProperty("otel.metrics.exporter", "none");
      out.println(
          "Traces: this summary only (nothing answers on "
              + stack.otlpHttp()
              + "; set OTEL_EXPORTER_OTLP_ENDPOINT, start deploy/local/jaeger.sh, or use --jaeger)");
    }
  }
}

package io.otelllm.examples.zerocode;

import io.otelllm.examples.jaeger.LocalStack;
import io.otelllm.examples.sim.SimulationRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs {@link PlainVillage} under the OpenTelemetry Java agent with the otel-llm extension, as a
 * user would: in a JVM of its own, configured by the standard {@code OTEL_*} variables, which the
 * agent reads itself. Only what the user left unset gets the demo's defaults — service {@code
 * plain-village}; spans to what answers on the standard OTLP/HTTP port ({@code localhost:4318},
 * moved by {@code OTEL_LLM_PORT_OFFSET}), else to the console; no logs — and one line says where
 * the spans go.
 *
 * <p>Arguments: the agent's jar, the extension's jar. The program's class path is this one's.
 */
public final class ZeroCodeDemo {

  private ZeroCodeDemo() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> env = System.getenv();
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-javaagent:" + args[0],
                "-Dotel.javaagent.extensions=" + args[1],
                // The agent appends to the boot class path, which turns class-data sharing off
                // with a warning at every start: off from the start instead, without one.
                "-Xshare:off"));
    command.addAll(defaults(env, LocalStack.fromEnvironment()));
    command.addAll(
        List.of("-cp", System.getProperty("java.class.path"), PlainVillage.class.getName()));
    System.exit(new ProcessBuilder(command).inheritIO().start().waitFor());
  }

  /** The system properties for what the environment leaves unset; says where spans go. */
  static List<String> defaults(Map<String, String> env, LocalStack stack) {
    List<String> properties = new ArrayList<>();
    if (!env.containsKey("OTEL_SERVICE_NAME")) {
      properties.add("-Dotel.service.name=plain-village");
    }
    if (!env.containsKey("OTEL_LOGS_EXPORTER")) {
      properties.add("-Dotel.logs.exporter=none");
    }
    // The demo embeds its Ollama stand-in: its server side is not the application's.
    if (!env.containsKey("OTEL_INSTRUMENTATION_JAVA_HTTP_SERVER_ENABLED")) {
      properties.add("-Dotel.instrumentation.java-http-server.enabled=false");
    }
    String traces;
    if (env.containsKey("OTEL_TRACES_EXPORTER") || env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")) {
      traces =
          "as the OTEL_* settings say ("
              + env.getOrDefault("OTEL_EXPORTER_OTLP_ENDPOINT", "")
              + " "
              + env.getOrDefault("OTEL_TRACES_EXPORTER", "")
              + ")";
    } else if (SimulationRun.listening(stack.otlpHttp())) {
      properties.add("-Dotel.exporter.otlp.endpoint=" + stack.otlpHttp());
      if (!env.containsKey("OTEL_METRICS_EXPORTER")) {
        properties.add("-Dotel.metrics.exporter=none"); // a Jaeger there would refuse them
      }
      traces = "OTLP/HTTP to what answers on " + stack.otlpHttp();
    } else {
      properties.add("-Dotel.traces.exporter=console");
      if (!env.containsKey("OTEL_METRICS_EXPORTER")) {
        properties.add("-Dotel.metrics.exporter=none");
      }
      traces =
          "the console (nothing answers on "
              + stack.otlpHttp()
              + "; set OTEL_EXPORTER_OTLP_ENDPOINT to send them elsewhere)";
    }
    System.out.println("Zero code: PlainVillage under the Java agent; spans to " + traces);
    return properties;
  }
}

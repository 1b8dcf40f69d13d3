package io.otelllm.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The start-up cost of the Java agent extension: how long a JVM takes from launch to exit for a
 * program that builds a langchain4j model and makes one call ({@link StartupProbe}), with no agent,
 * with the agent alone, and with the agent and the extension — each run {@code runs} times, the
 * median reported. A harness, not a JMH benchmark: JMH measures a warm JVM, this is the cold one.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.otelllm.benchmarks.ZeroCodeStartup \
 *     opentelemetry-javaagent.jar otel-llm-javaagent.jar 11
 * </pre>
 */
public final class ZeroCodeStartup {

  private ZeroCodeStartup() {}

  public static void main(String[] args) throws Exception {
    String agent = args[0];
    String extension = args[1];
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 11;
    List<String> quiet =
        List.of(
            "-Dotel.traces.exporter=none",
            "-Dotel.metrics.exporter=none",
            "-Dotel.logs.exporter=none");
    List<String> withAgent = new ArrayList<>(List.of("-javaagent:" + agent));
    withAgent.addAll(quiet);
    List<String> withExtension = new ArrayList<>(withAgent);
    withExtension.add("-Dotel.javaagent.extensions=" + extension);

    long none = median(List.of(), runs);
    long agentOnly = median(withAgent, runs);
    long both = median(withExtension, runs);
    System.out.printf("no agent:            %5d ms%n", none);
    System.out.printf("agent:               %5d ms (+%d)%n", agentOnly, agentOnly - none);
    System.out.printf(
        "agent + otel-llm:    %5d ms (+%d over the agent alone)%n", both, both - agentOnly);
  }

  static long median(List<String> jvmArgs, int runs) throws IOException, InterruptedException {
    long[] millis = new long[runs];
    for (int i = 0; i < runs; i++) {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      command.addAll(jvmArgs);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(StartupProbe.class.getName());
      long start = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("the probe failed: " + String.join(" ", command));
      }
      millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
    Arrays.sort(millis);
    return millis[runs / 2];
  }

  /** A program that builds a langchain4j model and makes one call, then exits. */
  public static final class StartupProbe {
    private StartupProbe() {}

    public static void main(String[] args) {
      new InstantModels.Chat()
          .chat(
              dev.langchain4j.model.chat.request.ChatRequest.builder()
                  .messages(dev.langchain4j.data.message.UserMessage.from("Hello"))
                  .build());
    }
  }
}

package io.otelllm.integration.firsthour;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.otelllm.examples.AgentSimulation;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.jaeger.JaegerQuery;
import io.otelllm.testing.internal.ForkedJvm;
import io.otelllm.testing.internal.LocalService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's way to see the demo in Jaeger: {@code deploy/local/jaeger.sh start}, then the demo
 * with {@code --jaeger}. The demo sends to that Jaeger, says so, does not wait for Enter, and its
 * traces are still there when it has ended. Run as a second set of local services ({@code
 * OTEL_LLM_PORT_OFFSET}), beside whatever already runs on the standard ports.
 */
class DemoIntoRunningJaegerTest {

  @Test
  void theDemosTracesStayInTheJaegerTheScriptStarted() throws Exception {
    LocalService.JAEGER.require(JaegerLauncher.localJaegerBinary());
    int offset = 30000 + ThreadLocalRandom.current().nextInt(5000);
    Map<String, String> env =
        Map.of("OTEL_LLM_PORT_OFFSET", String.valueOf(offset), "JAEGER_STORAGE", "memory");
    String query = "http://localhost:" + (16686 + offset);
    String service = "demo-into-jaeger-" + offset;
    script(env, "start");
    try {
      ForkedJvm.Result demo =
          ForkedJvm.run(
              List.of(),
              System.getProperty("java.class.path"),
              AgentSimulation.class.getName(),
              List.of("--jaeger", "--built-in", "--agents", "2", "--rounds", "1"),
              Map.of("OTEL_LLM_PORT_OFFSET", String.valueOf(offset), "OTEL_SERVICE_NAME", service));

      assertThat(demo.exitCode()).as(demo.stderr()).isZero();
      assertThat(demo.stdout())
          .contains(
              "Jaeger: the Jaeger already answering at " + query + " (its traces stay there)",
              "Traces: OTLP/HTTP to http://localhost:" + (4318 + offset),
              "slowest turn: " + query + "/trace/")
          .doesNotContain("Press Enter", "throwaway");
      // The demo has ended: what it sent is in the Jaeger that outlives it, both turns whole.
      List<JsonNode> traces =
          new JaegerQuery(query).awaitTraces(service, t -> t.size() == 2, Duration.ofSeconds(30));
      assertThat(traces).hasSize(2);
      assertThat(traces)
          .allSatisfy(
              t ->
                  assertThat(t.path("spans").size())
                      .as("spans of a turn")
                      .isGreaterThanOrEqualTo(4));
      String slowest = demo.stdout().replaceAll("(?s).*slowest turn: \\S+/trace/(\\w+).*", "$1");
      assertThat(traces).anySatisfy(t -> assertThat(t.path("traceID").asText()).isEqualTo(slowest));
    } finally {
      script(env, "stop");
    }
  }

  static void script(Map<String, String> env, String command)
      throws IOException, InterruptedException {
    ProcessBuilder builder =
        new ProcessBuilder(Path.of("..", "deploy", "local", "jaeger.sh").toString(), command)
            .redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("jaeger.sh %s: %s", command, output).isZero();
  }
}

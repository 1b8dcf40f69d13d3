package io.otelllm.integration.stop;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelllm.calllog.internal.LlmCallLogReader;
import io.otelllm.examples.AgentSimulation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The measurement, as a test: the demo writing its call log, stopped with SIGTERM after its
 * second round. It stops cleanly with a summary of what it completed, and every completed LLM call
 * is in the log (before the shutdown hook, 16 % of them were not).
 */
class DemoStopTest {

  @TempDir Path dir;

  @Test
  void theDemoStoppedBySigtermSaysWhatItCompletedAndLogsAllOfIt() throws Exception {
    Path log = dir.resolve("llm_performance.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AgentSimulation.class.getName(),
                "--built-in",
                "--agents",
                "4",
                "--rounds",
                "30")
            .redirectErrorStream(true);
    builder.environment().put("OTEL_TRACES_EXPORTER", "llm-jsonl");
    builder.environment().put("OTEL_METRICS_EXPORTER", "none");
    builder.environment().put("OTEL_EXPORTER_LLM_JSONL_PATH", log.toString());
    builder.environment().remove("OLLAMA_BASE_URL");
    RunningProcess demo = RunningProcess.start(builder);
    demo.awaitOutput(lines -> lines.stream().anyMatch(l -> l.startsWith("round 2/30")));
    assertThat(demo.isAlive()).as("still running after round 2: %s", demo.lines()).isTrue();

    assertThat(demo.sigtermAndAwaitExit()).as("stopped").isNotNull();

    List<String> output = demo.lines();
    String stopped =
        output.stream()
            .filter(l -> l.startsWith("Stopped after "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no summary line in " + output));
    Matcher m = Pattern.compile("LLM calls (\\d+)").matcher(stopped);
    assertThat(m.find()).as(stopped).isTrue();
    long completed = Long.parseLong(m.group(1));
    assertThat(completed).isPositive();
    assertThat(output).contains("LLM calls completed before the stop, by label and model:");
    List<String> problems = new ArrayList<>();
    LlmCallLogReader.Result read =
        LlmCallLogReader.read(log, call -> {}, (f, line, why) -> problems.add(line + " " + why));
    assertThat(problems).isEmpty();
    assertThat(read.calls())
        .as("calls in the log; the demo said: %s", stopped)
        .isGreaterThanOrEqualTo(completed);
  }
}

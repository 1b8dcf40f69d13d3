package io.otelllm.integration.firsthour;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.examples.zerocode.ZeroCodeDemo;
import io.otelllm.testing.internal.ForkedJvm;
import io.otelllm.testing.internal.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README's zero-code demo honours the standard settings: with {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT} set, its spans go there (the agent's own default protocol,
 * OTLP/HTTP), not to the console.
 */
class ZeroCodeDemoTest {

  @Test
  void theZeroCodeDemoExportsWhereOtelExporterOtlpEndpointSays() throws Exception {
    Path agent = ForkedJvm.jar("opentelemetry-javaagent");
    Path extension = Path.of("..", "otel-llm-javaagent", "target").toAbsolutePath().normalize();
    Path extensionJar;
    try (var files = Files.list(extension)) {
      extensionJar =
          files
              .filter(
                  f ->
                      f.getFileName()
                          .toString()
                          .matches("otel-llm-javaagent-[^-]+(-SNAPSHOT)?\\.jar"))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no extension jar in " + extension));
    }
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ForkedJvm.Result demo =
          ForkedJvm.run(
              List.of(),
              // The application's class path, without the agent and the extension jars.
              ForkedJvm.classPath(
                  name ->
                      !name.startsWith("opentelemetry-javaagent")
                          && !name.startsWith("otel-llm-javaagent")),
              ZeroCodeDemo.class.getName(),
              List.of(agent.toString(), extensionJar.toString()),
              Map.of(
                  // The demo's embedded defaults, as on a fresh machine: not CI's real Ollama.
                  "OLLAMA_BASE_URL",
                  "",
                  "OTEL_EXPORTER_OTLP_ENDPOINT",
                  receiver.endpoint(),
                  "OTEL_METRICS_EXPORTER",
                  "none",
                  "OTEL_BSP_SCHEDULE_DELAY",
                  "50"));

      assertThat(demo.exitCode()).as(demo.stderr()).isZero();
      assertThat(demo.stdout())
          .contains("spans to as the OTEL_* settings say (" + receiver.endpoint())
          .doesNotContain("LoggingSpanExporter");
      List<SpanData> spans = receiver.awaitSpans("io.otelllm", 12, 30);
      assertThat(spans.stream().map(SpanData::getName))
          .contains("invoke_agent Villager.decide", "execute_tool look_around")
          .anyMatch(name -> name.startsWith("chat "))
          .anyMatch(name -> name.startsWith("embeddings "));
      assertThat(spans)
          .allSatisfy(
              s ->
                  assertThat(
                          s.getResource()
                              .getAttribute(
                                  io.opentelemetry.api.common.AttributeKey.stringKey(
                                      "service.name")))
                      .isEqualTo("plain-village"));
      assertThat(demo.stderr()).doesNotContain("Sharing is only supported", "SEVERE", "ERROR");
    }
  }
}

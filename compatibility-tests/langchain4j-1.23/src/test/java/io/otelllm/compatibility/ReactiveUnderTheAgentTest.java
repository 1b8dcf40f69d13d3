package io.otelllm.compatibility;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_STREAM;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.ForkedJvm;
import io.otelllm.testing.internal.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same reactive program under the OpenTelemetry Java agent with otel-llm's extension, on
 * langchain4j-core 1.23.0 and no OpenTelemetry or otel-llm in the program: every stream is one span
 * (the interface's {@code chat(ChatRequest)} and the provider's {@code doChat(ChatRequest)} are
 * both hooked, and the inner one records nothing of its own), cancelled ones included, and the
 * model's callback API, built on its own publisher, is one span too.
 */
class ReactiveUnderTheAgentTest {

  @Test
  void everyStreamIsOneSpanUnderTheAgent() throws Exception {
    Path extension = Path.of(System.getProperty("otelllm.extension.jar"));
    assertThat(Files.isRegularFile(extension)).as("the extension jar %s", extension).isTrue();
    try (OllamaWireServer server =
            OllamaWireServer.start(
                ModelScript.builder("reactive-test")
                    .reply("Bread needs flour, water, salt.")
                    .firstTokenDelay(Duration.ofMillis(150))
                    .build());
        OtlpReceiver receiver = OtlpReceiver.start()) {
      String classPath =
          ForkedJvm.classPath(
              name ->
                  name.startsWith("langchain4j-core")
                      || name.startsWith("langchain4j-http-client")
                      || name.startsWith("jackson-")
                      || name.startsWith("slf4j-api")
                      || name.equals("langchain4j-1.23/test-classes"));
      assertThat(classPath).contains("langchain4j-core-1.23.0.jar").doesNotContain("opentelemetry");

      ForkedJvm.Result result =
          ForkedJvm.run(
              List.of(
                  "-javaagent:" + ForkedJvm.jar("opentelemetry-javaagent"),
                  "-Dotel.javaagent.extensions=" + extension,
                  "-Dotel.service.name=reactive-langchain4j",
                  "-Dotel.exporter.otlp.protocol=http/protobuf",
                  "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
                  "-Dotel.logs.exporter=none",
                  "-Dotel.metrics.exporter=none",
                  "-Dotel.bsp.schedule.delay=50"),
              classPath,
              ReactiveApp.class.getName(),
              List.of(server.baseUrl(), "reactive-test"));
      assertThat(result.exitCode())
          .as("the program's exit; its stderr:%n%s", result.stderr())
          .isZero();

      int chunks = server.exchange("/api/chat", "reactive-test", 0).chunks();
      for (int i = 0; i < 4; i++) {
        assertThat(result.printed("full " + i)).isEqualTo((chunks + 1) + "/complete");
      }
      assertThat(result.printed("cancelled 0")).isEqualTo("2/cancelled");
      assertThat(result.printed("callback")).isEqualTo("Bread needs flour, water, salt.");

      receiver.awaitSpans(s -> ours(s).size() >= 7, 30);
      Thread.sleep(300); // a duplicate would come in the same batch or the next
      List<SpanData> spans = ours(receiver.spans());
      assertThat(spans).hasSize(7);
      assertThat(spans).allSatisfy(s -> assertThat(s).hasName("chat reactive-test"));
      List<SpanData> complete =
          spans.stream().filter(s -> s.getStatus().equals(StatusData.unset())).toList();
      List<SpanData> cancelled =
          spans.stream().filter(s -> s.getStatus().equals(StatusData.error())).toList();
      assertThat(complete)
          .hasSize(5)
          .allSatisfy(
              s ->
                  assertThat(s)
                      .hasAttributesSatisfying(
                          equalTo(GEN_AI_REQUEST_MODEL, "reactive-test"),
                          equalTo(GEN_AI_REQUEST_STREAM, true),
                          equalTo(
                              GEN_AI_USAGE_OUTPUT_TOKENS,
                              server
                                  .exchange("/api/chat", "reactive-test", 0)
                                  .lastLine()
                                  .get("eval_count")
                                  .asLong()),
                          equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, (long) chunks)));
      assertThat(cancelled)
          .hasSize(2)
          .allSatisfy(
              s ->
                  assertThat(s)
                      .hasAttributesSatisfying(
                          equalTo(
                              ErrorAttributes.ERROR_TYPE,
                              "java.util.concurrent.CancellationException"),
                          equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, 2L)));
    }
  }

  static List<SpanData> ours(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> s.getInstrumentationScopeInfo().getName().equals("io.otelllm"))
        .toList();
  }
}

package io.otelllm.langchain4j;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.OtelLlmAttributes;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.ollama.OllamaContainer;

/**
 * The sync and streaming scenarios against a real Ollama: the one at {@code OLLAMA_BASE_URL}
 * (model {@code OLLAMA_MODEL}, default {@code qwen2.5:0.5b}), or one started by Testcontainers
 * when Docker is available (pulling the model needs internet). Each skips with how to enable it.
 */
class RealOllamaTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final String MODEL = System.getenv().getOrDefault("OLLAMA_MODEL", "qwen2.5:0.5b");

  @Test
  void configuredOllama() throws Exception {
    String baseUrl = System.getenv("OLLAMA_BASE_URL");
    assumeTrue(baseUrl != null && !baseUrl.isBlank(),
        "no real Ollama configured: set OLLAMA_BASE_URL (and OLLAMA_MODEL, default qwen2.5:0.5b) to run");
    runScenarios(baseUrl);
  }

  @Test
  void ollamaInTestcontainers() throws Exception {
    assumeTrue(DockerClientFactory.instance().isDockerAvailable(),
        "no Docker engine: start Docker to run the Testcontainers Ollama variant");
    try (OllamaContainer ollama = new OllamaContainer("ollama/ollama:0.12.0")) {
      ollama.start();
      ollama.execInContainer("ollama", "pull", MODEL);
      runScenarios(ollama.getEndpoint());
    }
  }

  private void runScenarios(String baseUrl) throws Exception {
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(LlmTelemetry.create(otel.getOpenTelemetry()));
    ChatModel chat = lc4j.wrap(OllamaChatModel.builder().baseUrl(baseUrl).modelName(MODEL)
        .temperature(0.0).timeout(Duration.ofMinutes(2)).httpClientBuilder(lc4j.httpClientBuilder()).build());
    chat.chat("Say hello in one word.");

    StreamingChatModel streaming = lc4j.wrap(OllamaStreamingChatModel.builder().baseUrl(baseUrl)
        .modelName(MODEL).timeout(Duration.ofMinutes(2)).httpClientBuilder(lc4j.httpClientBuilder()).build());
    FutureHandler.stream(streaming, "Count from 1 to 5.").get(3, TimeUnit.MINUTES);

    URI uri = URI.create(baseUrl);
    assertThat(otel.getSpans()).hasSize(2).allSatisfy(span -> {
      assertThat(span)
          .hasName("chat " + MODEL)
          .hasStatus(StatusData.unset())
          .hasAttributesSatisfying(
              equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
              equalTo(GEN_AI_REQUEST_MODEL, MODEL),
              equalTo(io.opentelemetry.semconv.ServerAttributes.SERVER_ADDRESS, uri.getHost()));
      assertThat(span.getAttributes().get(GEN_AI_USAGE_INPUT_TOKENS)).isPositive();
      assertThat(span.getAttributes().get(GEN_AI_USAGE_OUTPUT_TOKENS)).isPositive();
      assertThat(span.getAttributes().get(OtelLlmAttributes.SERVER_TOTAL_DURATION)).isPositive();
      assertThat(span.getAttributes().get(OtelLlmAttributes.SERVER_EVAL_DURATION)).isPositive();
    });
    SpanData streamed = otel.getSpans().get(1);
    assertThat(streamed.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK)).isPositive();
    assertThat(streamed.getAttributes().get(OtelLlmAttributes.RESPONSE_CHUNK_COUNT)).isGreaterThan(1L);
  }
}

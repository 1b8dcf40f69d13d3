package io.otelllm.langchain4j.testing;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The tests' Ollama models, traced: langchain4j-ollama's builders with the base URL, the model, a
 * timeout, no retries and otel-llm's HTTP layer set, then wrapped — each test changes only what its
 * scenario is about.
 *
 * <pre>{@code
 * ChatModel model = ollama.chat("llama-test", b -> b.temperature(0.3));
 * }</pre>
 */
public final class TracedOllama {
  private final LangChain4jTelemetry lc4j;
  private final String baseUrl;
  private final Supplier<HttpClientBuilder> http;

  private TracedOllama(
      LangChain4jTelemetry lc4j, String baseUrl, Supplier<HttpClientBuilder> http) {
    this.lc4j = lc4j;
    this.baseUrl = baseUrl;
    this.http = http;
  }

  /** Models of the Ollama at {@code baseUrl}, traced by {@code lc4j}. */
  public static TracedOllama at(String baseUrl, LangChain4jTelemetry lc4j) {
    return new TracedOllama(lc4j, baseUrl, lc4j::httpClientBuilder);
  }

  /** The same models over {@code transport}'s HTTP clients (otel-llm's HTTP layer on top). */
  public TracedOllama over(Supplier<HttpClientBuilder> transport) {
    return new TracedOllama(lc4j, baseUrl, () -> lc4j.httpClientBuilder(transport.get()));
  }

  /** A traced chat model. */
  public ChatModel chat(String model) {
    return chat(model, b -> b);
  }

  /** A traced chat model, its builder changed by {@code customize} first. */
  public ChatModel chat(
      String model, UnaryOperator<OllamaChatModel.OllamaChatModelBuilder> customize) {
    return lc4j.wrap(
        customize
            .apply(
                OllamaChatModel.builder()
                    .baseUrl(baseUrl)
                    .modelName(model)
                    .timeout(Duration.ofSeconds(30))
                    .maxRetries(0)
                    .httpClientBuilder(http.get()))
            .build());
  }

  /** A traced streaming chat model. */
  public StreamingChatModel streaming(String model) {
    return streaming(model, b -> b);
  }

  /** A traced streaming chat model, its builder changed by {@code customize} first. */
  public StreamingChatModel streaming(
      String model,
      UnaryOperator<OllamaStreamingChatModel.OllamaStreamingChatModelBuilder> customize) {
    return lc4j.wrap(
        customize
            .apply(
                OllamaStreamingChatModel.builder()
                    .baseUrl(baseUrl)
                    .modelName(model)
                    .timeout(Duration.ofSeconds(30))
                    .httpClientBuilder(http.get()))
            .build());
  }

  /** A traced embedding model. */
  public EmbeddingModel embedding(String model) {
    return lc4j.wrap(
        OllamaEmbeddingModel.builder()
            .baseUrl(baseUrl)
            .modelName(model)
            .timeout(Duration.ofSeconds(30))
            .maxRetries(0)
            .httpClientBuilder(http.get())
            .build());
  }
}

package io.otelllm.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.opentelemetry.api.OpenTelemetry;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.langchain4j.internal.TracingChatModel;
import io.otelllm.langchain4j.internal.TracingChatModelListener;
import io.otelllm.langchain4j.internal.TracingEmbeddingModel;
import io.otelllm.langchain4j.internal.TracingStreamingChatModel;
import io.otelllm.langchain4j.internal.WrappingHttpClientBuilder;
import java.util.Objects;

/**
 * Traces langchain4j through otel-llm: the one object a langchain4j application needs. Each wrapped
 * model behaves exactly like the original (same provider, default parameters, capabilities,
 * listeners, results and exceptions).
 *
 * <pre>{@code
 * LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(openTelemetry);
 * ChatModel model = lc4j.wrap(OllamaChatModel.builder()
 *     .baseUrl("http://localhost:11434").modelName("llama3.2")
 *     .httpClientBuilder(lc4j.httpClientBuilder())   // Ollama's server timings, real server address
 *     .build());
 * Villager villager = lc4j.aiServices().builder(Villager.class).chatModel(model).build();
 * }</pre>
 *
 * <p>The HTTP-client step is there because langchain4j builds a model's HTTP client inside the
 * model's builder, where a wrapper of the finished model cannot reach it; without it, spans lack
 * the server's address, the HTTP status of failures and Ollama's own timings.
 *
 * <p>Agent turns and tool executions of the application's own come from {@link #telemetry()}.
 */
public final class LangChain4jTelemetry {
  private final LlmTelemetry telemetry;
  private final boolean streamingHandlerContext;

  LangChain4jTelemetry(LlmTelemetry telemetry, boolean streamingHandlerContext) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.streamingHandlerContext = streamingHandlerContext;
  }

  /** Traces langchain4j on {@code openTelemetry}, with the default settings. */
  public static LangChain4jTelemetry create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /** Configures tracing of langchain4j on {@code openTelemetry}. */
  public static LangChain4jTelemetryBuilder builder(OpenTelemetry openTelemetry) {
    return new LangChain4jTelemetryBuilder(
        LlmTelemetry.builder(Objects.requireNonNull(openTelemetry, "openTelemetry")));
  }

  /** The core telemetry these models report to: agent turns and tool executions of your own. */
  public LlmTelemetry telemetry() {
    return telemetry;
  }

  /** A chat model whose every {@code chat} is a {@code chat {model}} span. */
  public ChatModel wrap(ChatModel model) {
    return new TracingChatModel(Objects.requireNonNull(model, "model"), telemetry);
  }

  /** A streaming chat model with time to first chunk, chunk count and the first-token event. */
  public StreamingChatModel wrap(StreamingChatModel model) {
    return new TracingStreamingChatModel(
        Objects.requireNonNull(model, "model"), telemetry, streamingHandlerContext);
  }

  /** An embedding model whose every call is an {@code embeddings {model}} span. */
  public EmbeddingModel wrap(EmbeddingModel model) {
    return new TracingEmbeddingModel(Objects.requireNonNull(model, "model"), telemetry);
  }

  /**
   * langchain4j's AI services, traced: {@code aiServices().builder(Villager.class)} instead of
   * {@code AiServices.builder(Villager.class)}. A class of its own so that {@code
   * dev.langchain4j:langchain4j} stays optional: only {@link TracedAiServices} names its types.
   */
  public TracedAiServices aiServices() {
    return new TracedAiServices(this);
  }

  /**
   * A listener for models you do not build yourself. It cannot see streamed chunks (no TTFT), the
   * HTTP layer's server address or Ollama's timings: prefer {@link #wrap} where you can.
   */
  public ChatModelListener chatModelListener() {
    return new TracingChatModelListener(telemetry);
  }

  /**
   * langchain4j's default HTTP client builder, traced: pass it to a model builder's {@code
   * httpClientBuilder(...)} to record the real server address and port, the HTTP status of
   * failures, and Ollama's load / prompt-eval / eval / total durations.
   */
  public HttpClientBuilder httpClientBuilder() {
    return httpClientBuilder(HttpClientBuilderLoader.loadHttpClientBuilder());
  }

  /** {@code delegate}, traced (see {@link #httpClientBuilder()}). */
  public HttpClientBuilder httpClientBuilder(HttpClientBuilder delegate) {
    return WrappingHttpClientBuilder.traced(Objects.requireNonNull(delegate, "delegate"));
  }
}

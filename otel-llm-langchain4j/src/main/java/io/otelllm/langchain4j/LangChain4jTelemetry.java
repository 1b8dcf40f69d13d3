package io.otelllm.langchain4j;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.langchain4j.internal.TracingChatModel;
import io.otelllm.langchain4j.internal.TracingChatModelListener;
import io.otelllm.langchain4j.internal.TracingEmbeddingModel;
import io.otelllm.langchain4j.internal.TracingStreamingChatModel;
import io.otelllm.langchain4j.internal.WrappingHttpClientBuilder;
import java.util.Objects;

/**
 * Traces langchain4j models through otel-llm. Each wrapped model behaves exactly like the original
 * (same provider, default parameters, capabilities, listeners, results and exceptions).
 *
 * <pre>{@code
 * LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(LlmTelemetry.create(openTelemetry));
 * ChatModel model = lc4j.wrap(OllamaChatModel.builder()
 *     .baseUrl("http://localhost:11434").modelName("llama3.2")
 *     .httpClientBuilder(lc4j.httpClientBuilder())   // Ollama's server timings, real server address
 *     .build());
 * }</pre>
 */
public final class LangChain4jTelemetry {
  private final LlmTelemetry telemetry;
  private final boolean streamingHandlerContext;

  private LangChain4jTelemetry(LlmTelemetry telemetry, boolean streamingHandlerContext) {
    this.telemetry = Objects.requireNonNull(telemetry, "telemetry");
    this.streamingHandlerContext = streamingHandlerContext;
  }

  /** Wraps models for {@code telemetry}, with the default settings. */
  public static LangChain4jTelemetry create(LlmTelemetry telemetry) {
    return builder(telemetry).build();
  }

  /** Configures the adapter for {@code telemetry}. */
  public static Builder builder(LlmTelemetry telemetry) {
    return new Builder(telemetry);
  }

  /** The core telemetry (agent turns, tool calls) these models report to. */
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
   * A listener for models you do not build yourself. It cannot see streamed chunks (no TTFT), the
   * HTTP layer's server address or Ollama's timings: prefer {@link #wrap} where you can.
   */
  public ChatModelListener chatModelListener() {
    return new TracingChatModelListener(telemetry);
  }

  /**
   * langchain4j's default HTTP client builder, traced: pass it to an Ollama builder's {@code
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

  /** Configures a {@link LangChain4jTelemetry}. */
  public static final class Builder {
    private final LlmTelemetry telemetry;
    private boolean streamingHandlerContext = true;

    private Builder(LlmTelemetry telemetry) {
      this.telemetry = telemetry;
    }

    /**
     * Whether the user's streaming handler runs with the LLM span's context current (default true:
     * logs written in the handler correlate with the span). Off saves the scope that each streamed
     * chunk otherwise allocates (about 56 bytes, see benchmarks/README.md).
     */
    public Builder setStreamingHandlerContext(boolean streamingHandlerContext) {
      this.streamingHandlerContext = streamingHandlerContext;
      return this;
    }

    /** Builds the adapter. */
    public LangChain4jTelemetry build() {
      return new LangChain4jTelemetry(telemetry, streamingHandlerContext);
    }
  }
}

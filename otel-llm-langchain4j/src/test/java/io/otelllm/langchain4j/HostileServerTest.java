package io.otelllm.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An Ollama-compatible server that misbehaves — cuts a stream without its final line, cuts a line
 * in half, answers 200 with an HTML page, stalls mid-stream — and what the application gets with
 * and without tracing: the same outcome (the same text, the same exception, or the same silence),
 * while every LLM span ends, once, failed with an {@code error.type} that says what happened.
 */
class HostileServerTest {
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final String REPLY = "one two three four five six";

  static OllamaWireServer server;
  InMemorySpanExporter spans;
  OpenTelemetrySdk sdk;

  @BeforeAll
  static void start() {
    server =
        OllamaWireServer.start(
            ModelScript.builder("closes").reply(REPLY).closeMidStream(3).build(),
            ModelScript.builder("truncates").reply(REPLY).truncateMidStream(2).build(),
            ModelScript.builder("stalls").reply(REPLY).stallMidStream(2).build(),
            ModelScript.builder("portal").reply(REPLY).answerHtml().build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void sdk() {
    spans = InMemorySpanExporter.create();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .build();
  }

  @AfterEach
  void close() {
    sdk.close();
  }

  @Test
  void aStreamThatEndsWithoutItsFinalLineEndsItsSpanAsIncomplete() throws Exception {
    assertSameOutcomeAndOneFailedSpan("closes", "otel_llm.incomplete_stream");
  }

  @Test
  void aStreamCutMidLineEndsItsSpan() throws Exception {
    String outcome = assertSameOutcomeAndOneFailedSpan("truncates", null);
    SpanData span = spans.getFinishedSpanItems().get(0);
    // Whoever noticed first: langchain4j's parse error, or otel-llm's end of body.
    assertThat(span.getAttributes().get(ERROR_TYPE))
        .isIn("otel_llm.incomplete_stream", errorClassOf(outcome));
  }

  @Test
  void anHtmlPageAnsweringAStreamEndsItsSpan() throws Exception {
    String outcome = assertSameOutcomeAndOneFailedSpan("portal", null);
    assertThat(spans.getFinishedSpanItems().get(0).getAttributes().get(ERROR_TYPE))
        .isIn("otel_llm.incomplete_stream", errorClassOf(outcome));
  }

  @Test
  void anHtmlPageAnsweringASyncCallOrAnEmbeddingFailsBothTheSameWay() throws Exception {
    TracedOllama traced = TracedOllama.at(server.baseUrl(), LangChain4jTelemetry.create(sdk));
    ChatModel plainChat =
        OllamaChatModel.builder()
            .baseUrl(server.baseUrl())
            .modelName("portal")
            .maxRetries(0)
            .build();
    EmbeddingModel plainEmbedding =
        OllamaEmbeddingModel.builder()
            .baseUrl(server.baseUrl())
            .modelName("portal")
            .maxRetries(0)
            .build();

    String untracedChat = outcome(() -> plainChat.chat("hi"));
    assertThat(outcome(() -> traced.chat("portal").chat("hi"))).isEqualTo(untracedChat);
    String untracedEmbedding = outcome(() -> plainEmbedding.embed("hi").content().vector().length);
    assertThat(outcome(() -> traced.embedding("portal").embed("hi").content().vector().length))
        .isEqualTo(untracedEmbedding);

    assertThat(untracedChat).startsWith("failed: ");
    assertThat(spans.getFinishedSpanItems())
        .hasSize(2)
        .allSatisfy(
            span -> {
              assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
              assertThat(span.getAttributes().get(ERROR_TYPE)).isNotBlank();
            });
  }

  @Test
  void aStalledStreamEndsAtTheSpanCeiling() throws Exception {
    LangChain4jTelemetry lc4j =
        LangChain4jTelemetry.builder(sdk).setMaxSpanDuration(Duration.ofMillis(500)).build();
    FutureHandler handler = new FutureHandler();
    TracedOllama.at(server.baseUrl(), lc4j).streaming("stalls").chat("hi", handler);

    SpanData span = awaitOneSpan(Duration.ofSeconds(10));
    assertThat(span.getName()).isEqualTo("chat stalls");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("otel_llm.span_timeout");
    assertThat(span.getEndEpochNanos() - span.getStartEpochNanos())
        .isBetween(TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(5));
    assertThat(span.getAttributes().get(AttributeKey.longKey("otel_llm.response.chunk_count")))
        .isEqualTo(2L);
    assertThat(handler.result).isNotDone(); // the application's wait is its own business
  }

  /**
   * Streams from {@code model} untraced and traced: the handler sees the same outcome, and exactly
   * one span ends, failed ({@code errorType}, when given). Returns the outcome.
   */
  String assertSameOutcomeAndOneFailedSpan(String model, String errorType) throws Exception {
    StreamingChatModel plain =
        OllamaStreamingChatModel.builder().baseUrl(server.baseUrl()).modelName(model).build();
    String untraced = streamOutcome(plain);

    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk);
    String traced = streamOutcome(TracedOllama.at(server.baseUrl(), lc4j).streaming(model));
    assertThat(traced).isEqualTo(untraced);

    SpanData span = awaitOneSpan(Duration.ofSeconds(5));
    assertThat(span.getName()).isEqualTo("chat " + model);
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    if (errorType != null) {
      assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(errorType);
    }
    Thread.sleep(200); // a late completion or error must not end it a second time
    assertThat(spans.getFinishedSpanItems()).hasSize(1);
    return untraced;
  }

  SpanData awaitOneSpan(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (spans.getFinishedSpanItems().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertThat(finished).as("the LLM span ended").hasSize(1);
    return finished.get(0);
  }

  /** What a handler saw within two seconds: the text, the error, or nothing. */
  static String streamOutcome(StreamingChatModel model) throws InterruptedException {
    FutureHandler handler = new FutureHandler();
    model.chat("hi", handler);
    try {
      Throwable error = handler.awaitError(2);
      return error == null
          ? "completed: " + handler.result.join().aiMessage().text()
          : "failed: " + error.getClass().getName() + ": " + error.getMessage();
    } catch (TimeoutException e) {
      return "no outcome (neither onCompleteResponse nor onError)";
    }
  }

  static String outcome(Callable<?> call) {
    try {
      return "returned: " + call.call();
    } catch (Exception e) {
      return "failed: " + e.getClass().getName() + ": " + e.getMessage();
    }
  }

  static String errorClassOf(String outcome) {
    return outcome.startsWith("failed: ")
        ? outcome.substring("failed: ".length(), outcome.indexOf(':', "failed: ".length()))
        : "(no error)";
  }
}

package io.otelllm.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpMethod;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.CancellationUnsupportedHandle;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.internal.DetectedFailure;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeTry;

/**
 * The traced HTTP client is transparent, whatever a server answers: the application gets the very
 * response, and every stream event, that it gets untraced; nothing is thrown by telemetry; the LLM
 * span ends exactly once — failed when a stream ended without Ollama's final line.
 */
class TracingHttpClientPropertiesTest {
  static final InMemorySpanExporter SPANS = InMemorySpanExporter.create();
  static final LlmTelemetry TELEMETRY =
      LlmTelemetry.create(
          OpenTelemetrySdk.builder()
              .setTracerProvider(
                  SdkTracerProvider.builder()
                      .addSpanProcessor(SimpleSpanProcessor.create(SPANS))
                      .build())
              .build());
  static final HttpRequest CHAT =
      HttpRequest.builder().method(HttpMethod.POST).url("http://127.0.0.1:1/api/chat").build();

  @BeforeTry
  void reset() {
    SPANS.reset();
  }

  @Property
  void aBodyReachesTheApplicationAsItCame(@ForAll("bodies") String body) {
    SuccessfulHttpResponse response =
        SuccessfulHttpResponse.builder().statusCode(200).body(body).build();
    HttpClient traced = new TracingHttpClient(new Answering(response, List.of(), false));
    LlmCall call = start();
    SuccessfulHttpResponse got;
    try (Scope ignored = call.makeCurrent()) {
      got = traced.execute(CHAT);
    }
    call.end(LlmResponse.empty());
    assertThat(got).isSameAs(response);
    assertThat(SPANS.getFinishedSpanItems()).hasSize(1);
  }

  @Property
  void aStreamReachesTheApplicationAsItCameAndItsSpanEndsOnce(
      @ForAll("lines") List<String> lines, @ForAll boolean error) {
    Answering server =
        new Answering(SuccessfulHttpResponse.builder().statusCode(200).build(), lines, error);
    HttpClient traced = new TracingHttpClient(server);
    List<Object> untraced = new ArrayList<>();
    server.execute(CHAT, null, new Recording(untraced));
    List<Object> seen = new ArrayList<>();
    LlmCall call = start();
    try (Scope ignored = call.makeCurrent()) {
      traced.execute(CHAT, null, new Recording(seen));
    }
    boolean complete = lines.stream().anyMatch(OllamaWireReader::isFinalLine);
    List<SpanData> ended = SPANS.getFinishedSpanItems();
    if (!complete && !error) {
      // Ended by the HTTP layer: langchain4j tells the application nothing for such a body.
      assertThat(ended)
          .singleElement()
          .satisfies(
              s ->
                  assertThat(s.getAttributes().get(AttributeKey.stringKey("error.type")))
                      .isEqualTo(DetectedFailure.INCOMPLETE_STREAM));
    } else {
      assertThat(ended).isEmpty(); // left to the model's handler, as below
    }
    call.end(LlmResponse.empty()); // what the model's handler does; a no-op on an ended span
    assertThat(seen).isEqualTo(untraced);
    assertThat(SPANS.getFinishedSpanItems()).hasSize(1);
  }

  static LlmCall start() {
    return TELEMETRY
        .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("m").setStream(true).build())
        .start();
  }

  @Provide
  Arbitrary<String> bodies() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(300),
        Arbitraries.strings().withChars("{}[]\":,\\ 0123456789_adeilnortu").ofMaxLength(300),
        Arbitraries.of(
            "{\"done\":true,\"total_duration\":5,\"load_duration\":1}",
            "{\"embeddings\":[[0.1,0.2]],\"total_duration\":-1}",
            "<html>502</html>"));
  }

  @Provide
  Arbitrary<List<String>> lines() {
    return Arbitraries.oneOf(
            bodies(),
            Arbitraries.of(
                "{\"message\":{\"content\":\"hi\"},\"done\":false}",
                "{\"done\":true,\"total_duration\":7,\"eval_count\":2}",
                "{\"done\":true",
                "{\"message\":{\"content\":\"\\\"done\\\":true\"},\"done\":false}"))
        .list()
        .ofMaxSize(12);
  }

  /** A server that answers {@code response}, or streams {@code lines} then closes or fails. */
  record Answering(SuccessfulHttpResponse response, List<String> lines, boolean error)
      implements HttpClient {
    @Override
    public SuccessfulHttpResponse execute(HttpRequest request) {
      return response;
    }

    @Override
    public void execute(
        HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
      listener.onOpen(response);
      ServerSentEventContext context =
          new ServerSentEventContext(new CancellationUnsupportedHandle());
      for (String line : lines) {
        listener.onEvent(new ServerSentEvent(null, line), context);
      }
      if (error) {
        listener.onError(new java.io.IOException("connection reset"));
      } else {
        listener.onClose();
      }
    }
  }

  /** What the application's listener is told, in order. */
  record Recording(List<Object> seen) implements ServerSentEventListener {
    @Override
    public void onOpen(SuccessfulHttpResponse response) {
      seen.add(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
      seen.add(event.data());
    }

    @Override
    public void onError(Throwable error) {
      seen.add("error: " + error.getMessage());
    }

    @Override
    public void onClose() {
      seen.add("closed");
    }
  }
}

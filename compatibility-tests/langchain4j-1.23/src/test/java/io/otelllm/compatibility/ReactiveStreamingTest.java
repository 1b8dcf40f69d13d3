package io.otelllm.compatibility;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_STREAM;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.AsyncNotSupportedException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.StreamingChatModelHelper;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatModelStreamingEvent;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.CompleteResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.RawStreamingEvent;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.ollamawire.Exchange;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * langchain4j 1.20's reactive streaming ({@code Flow.Publisher<ChatModelStreamingEvent>
 * chat(ChatRequest)}) through {@code LangChain4jTelemetry.wrap}, on langchain4j-core 1.23.0, with a
 * provider that serves a native publisher over real HTTP (the wire server: 150 ms to the first
 * chunk, six words). The wrapper must hand on exactly what the model publishes and trace each
 * subscription as one call.
 */
class ReactiveStreamingTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final String TEXT = "Bread needs flour, water, salt.";
  static OllamaWireServer server;

  LangChain4jTelemetry lc4j;

  @BeforeAll
  static void startServer() {
    server =
        OllamaWireServer.start(
            ModelScript.builder("reactive-test")
                .reply(TEXT)
                .firstTokenDelay(Duration.ofMillis(150))
                .chunkDelay(Duration.ofMillis(5))
                .build(),
            ModelScript.builder("broken")
                .failWithStatus(500, "an error was encountered while running the model")
                .build());
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void setUp() {
    server.clearExchanges();
    lc4j = LangChain4jTelemetry.create(otel.getOpenTelemetry());
  }

  static ChatRequest request(String text) {
    return ChatRequest.builder().messages(UserMessage.from(text)).build();
  }

  @Test
  void theWrappedStreamCarriesTheSameEventsInTheSameOrderAndIsOneSpan() throws Exception {
    ReactiveOllamaModel model = new ReactiveOllamaModel(server.baseUrl(), "reactive-test");
    List<ChatModelStreamingEvent> unwrapped = Recorder.all(model.chat(request("bread?"))).events();
    otel.clearSpans();

    StreamingChatModel wrapped = lc4j.wrap(model);
    Span turn = otel.getOpenTelemetry().getTracer("test").spanBuilder("turn").startSpan();
    Recorder recorder;
    try (Scope ignored = turn.makeCurrent()) {
      recorder = Recorder.all(wrapped.chat(request("bread?")));
    } finally {
      turn.end();
    }

    int chunks = server.exchange("/api/chat", "reactive-test", 0).chunks();
    assertThat(chunks).isGreaterThan(3);
    assertThat(unwrapped).hasSize(chunks + 1);
    assertThat(unwrapped.subList(0, chunks)).allMatch(e -> e instanceof PartialResponse);
    assertThat(unwrapped.get(chunks)).isInstanceOf(CompleteResponse.class);
    assertThat(recorder.events()).isEqualTo(unwrapped);
    assertThat(recorder.completed).isTrue();

    Exchange exchange = server.exchange("/api/chat", "reactive-test", 1);
    SpanData span = llmSpans().get(0);
    assertThat(llmSpans()).hasSize(1);
    assertThat(span)
        .hasName("chat reactive-test")
        .hasParentSpanId(turn.getSpanContext().getSpanId())
        .hasAttributesSatisfying(
            equalTo(GEN_AI_OPERATION_NAME, "chat"),
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(GEN_AI_REQUEST_MODEL, "reactive-test"),
            equalTo(GEN_AI_REQUEST_STREAM, true),
            equalTo(GEN_AI_RESPONSE_MODEL, "reactive-test"),
            equalTo(GEN_AI_RESPONSE_FINISH_REASONS, List.of("stop")),
            equalTo(
                GEN_AI_USAGE_INPUT_TOKENS, exchange.lastLine().get("prompt_eval_count").asLong()),
            equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, exchange.lastLine().get("eval_count").asLong()),
            equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, (long) chunks));
    assertThat(span.getAttributes().get(OtelLlmAttributes.RESPONSE_UNKNOWN_EVENT_COUNT)).isNull();
    // 150 ms of first-token delay on the server, measured from the subscription.
    assertThat(span.getAttributes().get(OtelLlmAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK))
        .isBetween(0.15, 10.0);
    assertThat(span.getEvents())
        .extracting("name")
        .containsExactly(OtelLlmAttributes.FIRST_TOKEN_EVENT);

    // Chunks are seen under the LLM span; the completion under the caller's context, after the
    // span ended.
    assertThat(recorder.spanAtEvent.subList(0, chunks))
        .allMatch(s -> s.equals(span.getSpanContext()));
    assertThat(recorder.spanAtEvent.get(chunks)).isEqualTo(turn.getSpanContext());
    assertThat(recorder.llmSpansEndedAtCompletion).isEqualTo(1);
  }

  @Test
  void fourFullStreamsAndTwoCancelledAfterTwoChunks() throws Exception {
    ReactiveOllamaModel model = new ReactiveOllamaModel(server.baseUrl(), "reactive-test");
    StreamingChatModel wrapped = lc4j.wrap(model);
    List<Recorder> full = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      full.add(Recorder.all(wrapped.chat(request("full " + i))));
    }
    List<Recorder> cancelled = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      cancelled.add(Recorder.cancelAfter(2, wrapped.chat(request("cancelled " + i))));
    }

    int chunks = server.exchange("/api/chat", "reactive-test", 0).chunks();
    assertThat(full).allSatisfy(r -> assertThat(r.events()).hasSize(chunks + 1));
    for (Recorder r : cancelled) {
      // Nothing after the cancel: two chunks, then silence (not an error, not a completion).
      Thread.sleep(100);
      assertThat(r.events()).hasSize(2).allMatch(e -> e instanceof PartialResponse);
      assertThat(r.error).isNull();
      assertThat(r.completed).isFalse();
    }
    assertThat(model.abortedStreams.get()).as("HTTP requests aborted by the cancel").isEqualTo(2);

    List<SpanData> spans = llmSpans();
    assertThat(spans).hasSize(6);
    assertThat(spans.subList(0, 4))
        .allSatisfy(
            s ->
                assertThat(s)
                    .hasStatus(StatusData.unset())
                    .hasAttributesSatisfying(
                        equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, (long) chunks)));
    assertThat(spans.subList(4, 6))
        .allSatisfy(
            s ->
                assertThat(s)
                    .hasStatus(StatusData.error())
                    .hasAttributesSatisfying(
                        equalTo(
                            ErrorAttributes.ERROR_TYPE,
                            "java.util.concurrent.CancellationException"),
                        equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, 2L)));
  }

  @Test
  void demandPassesThroughUnchanged() throws Exception {
    ReactiveOllamaModel model = new ReactiveOllamaModel(server.baseUrl(), "reactive-test");
    Recorder recorder = Recorder.oneAtATime(lc4j.wrap(model).chat(request("slowly")));

    int chunks = server.exchange("/api/chat", "reactive-test", 0).chunks();
    assertThat(recorder.events()).hasSize(chunks + 1);
    // One request(1) to start and one after each event.
    assertThat(model.demands).isEqualTo(recorder.requested).hasSize(chunks + 2).containsOnly(1L);
    assertThat(llmSpans()).hasSize(1);
  }

  @Test
  void anErrorReachesTheSubscriberAsTheModelSentItAndFailsTheSpan() throws Exception {
    Recorder recorder =
        Recorder.all(
            lc4j.wrap(new ReactiveOllamaModel(server.baseUrl(), "broken")).chat(request("x")));

    assertThat(recorder.error)
        .isInstanceOf(HttpException.class)
        .hasMessageContaining("an error was encountered while running the model");
    assertThat(((HttpException) recorder.error).statusCode()).isEqualTo(500);
    assertThat(onlyLlmSpan())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "dev.langchain4j.exception.HttpException"));
  }

  /** A provider that only streams through callbacks, as langchain4j-ollama 1.18 does. */
  static final class CallbackOnlyModel implements StreamingChatModel {
    @Override
    public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
      handler.onCompleteResponse(ChatResponse.builder().aiMessage(AiMessage.from("ok")).build());
    }
  }

  @Test
  void aModelWithoutTheReactivePathFailsTheSameWayWrappedAsUnwrapped() throws Exception {
    Recorder unwrapped = Recorder.all(new CallbackOnlyModel().chat(request("x")));
    Recorder wrapped = Recorder.all(lc4j.wrap(new CallbackOnlyModel()).chat(request("x")));

    assertThat(unwrapped.error)
        .isInstanceOf(AsyncNotSupportedException.class)
        .hasMessageContaining(CallbackOnlyModel.class.getName());
    assertThat(wrapped.error)
        .isInstanceOf(AsyncNotSupportedException.class)
        .hasMessage(unwrapped.error.getMessage());
    assertThat(onlyLlmSpan())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(
                ErrorAttributes.ERROR_TYPE,
                "dev.langchain4j.exception.AsyncNotSupportedException"));
  }

  /** An event type from a langchain4j newer than the adapter. */
  record Annotation(String note) implements ChatModelStreamingEvent {}

  @Test
  void eventsOfUnknownTypesArePassedOnAndCounted() throws Exception {
    ChatResponse answer = ChatResponse.builder().aiMessage(AiMessage.from("a b")).build();
    List<ChatModelStreamingEvent> published =
        List.of(
            new PartialResponse("a"),
            new Annotation("citation"),
            RawStreamingEvent.of("{\"provider\":\"event\"}"),
            new PartialResponse(" b"),
            new CompleteResponse(answer));
    StreamingChatModel model =
        new StreamingChatModel() {
          @Override
          public Flow.Publisher<ChatModelStreamingEvent> doChat(ChatRequest request) {
            return new java.util.concurrent.SubmissionPublisher<>() {
              @Override
              public void subscribe(Flow.Subscriber<? super ChatModelStreamingEvent> subscriber) {
                super.subscribe(subscriber);
                published.forEach(this::submit);
                close();
              }
            };
          }
        };

    Recorder recorder = Recorder.all(lc4j.wrap(model).chat(request("x")));

    assertThat(recorder.events()).isEqualTo(published);
    assertThat(onlyLlmSpan())
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, 2L),
            equalTo(OtelLlmAttributes.RESPONSE_UNKNOWN_EVENT_COUNT, 1L));
  }

  @Test
  void everyEntryPointOfAModelThatStreamsBothWaysIsOneSpanPerCall() throws Exception {
    StreamingChatModel wrapped =
        lc4j.wrap(new ReactiveOllamaModel(server.baseUrl(), "reactive-test"));

    // The callback API (this model implements it on its own publisher).
    CompletableFuture<ChatResponse> viaHandler = new CompletableFuture<>();
    wrapped.chat(
        request("one"),
        new StreamingChatResponseHandler() {
          @Override
          public void onCompleteResponse(ChatResponse response) {
            viaHandler.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            viaHandler.completeExceptionally(error);
          }
        });
    assertThat(viaHandler.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo(TEXT);
    assertThat(llmSpans()).hasSize(1);

    // The text stream (the interface's default over chat(ChatRequest)).
    List<String> texts = new CopyOnWriteArrayList<>();
    Recorder.all(wrapped.chat("two"), texts::add);
    assertThat(String.join("", texts)).isEqualTo(TEXT);
    assertThat(llmSpans()).hasSize(2);

    // langchain4j's own future over doChat(ChatRequest).
    ChatResponse viaHelper =
        StreamingChatModelHelper.chatAsync(wrapped, request("three")).get(10, TimeUnit.SECONDS);
    assertThat(viaHelper.aiMessage().text()).isEqualTo(TEXT);
    assertThat(viaHelper.metadata().finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(llmSpans()).hasSize(3);
    assertThat(server.exchanges()).hasSize(3);
    assertThat(llmSpans())
        .allSatisfy(
            s ->
                assertThat(s)
                    .hasStatus(StatusData.unset())
                    .hasAttributesSatisfying(
                        equalTo(
                            OtelLlmAttributes.RESPONSE_CHUNK_COUNT,
                            (long) server.exchanges().get(0).chunks())));
  }

  static SpanData onlyLlmSpan() {
    assertThat(llmSpans()).hasSize(1);
    return llmSpans().get(0);
  }

  static List<SpanData> llmSpans() {
    return otel.getSpans().stream()
        .filter(s -> s.getAttributes().get(GEN_AI_OPERATION_NAME) != null)
        .toList();
  }

  /** A subscriber that records what it gets, and how many LLM spans had ended at completion. */
  static final class Recorder implements Flow.Subscriber<Object> {
    private final List<Object> received = new CopyOnWriteArrayList<>();
    final List<SpanContext> spanAtEvent = new CopyOnWriteArrayList<>();
    final List<Long> requested = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private final int cancelAfter;
    private final boolean oneAtATime;
    private final java.util.function.Consumer<Object> sink;
    private Flow.Subscription subscription;
    volatile Throwable error;
    volatile boolean completed;
    volatile int llmSpansEndedAtCompletion = -1;

    private Recorder(
        int cancelAfter, boolean oneAtATime, java.util.function.Consumer<Object> sink) {
      this.cancelAfter = cancelAfter;
      this.oneAtATime = oneAtATime;
      this.sink = sink;
    }

    static Recorder all(Flow.Publisher<? extends ChatModelStreamingEvent> publisher)
        throws Exception {
      return run(new Recorder(-1, false, e -> {}), publisher);
    }

    static <T> Recorder all(Flow.Publisher<T> publisher, java.util.function.Consumer<T> sink)
        throws Exception {
      @SuppressWarnings("unchecked")
      Recorder recorder = new Recorder(-1, false, e -> sink.accept((T) e));
      return run(recorder, publisher);
    }

    static Recorder cancelAfter(int events, Flow.Publisher<ChatModelStreamingEvent> publisher)
        throws Exception {
      return run(new Recorder(events, false, e -> {}), publisher);
    }

    static Recorder oneAtATime(Flow.Publisher<ChatModelStreamingEvent> publisher) throws Exception {
      return run(new Recorder(-1, true, e -> {}), publisher);
    }

    @SuppressWarnings("unchecked")
    private static Recorder run(Recorder recorder, Flow.Publisher<?> publisher) throws Exception {
      ((Flow.Publisher<Object>) publisher).subscribe(recorder);
      recorder.done.get(10, TimeUnit.SECONDS);
      return recorder;
    }

    @SuppressWarnings("unchecked")
    List<ChatModelStreamingEvent> events() {
      return (List<ChatModelStreamingEvent>) (List<?>) new ArrayList<>(received);
    }

    private void request(long n) {
      requested.add(n);
      subscription.request(n);
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      request(oneAtATime ? 1 : Long.MAX_VALUE);
    }

    @Override
    public void onNext(Object event) {
      received.add(event);
      sink.accept(event);
      spanAtEvent.add(Span.current().getSpanContext());
      if (event instanceof CompleteResponse) {
        llmSpansEndedAtCompletion = llmSpans().size();
      }
      if (received.size() == cancelAfter) {
        subscription.cancel();
        done.complete(null);
      } else if (oneAtATime) {
        request(1);
      }
    }

    @Override
    public void onError(Throwable t) {
      error = t;
      done.complete(null);
    }

    @Override
    public void onComplete() {
      completed = true;
      done.complete(null);
    }
  }
}

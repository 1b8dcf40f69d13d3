package io.otelllm.langchain4j;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.PartialResponseContext;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.ollama.OllamaChatModel;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.ollamawire.Exchange;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real langchain4j-ollama clients over real HTTP against the wire server, for what a real
 * server cannot be made to do on demand: thinking streams, HTTP 500s and retries, mid-stream
 * errors, a server that never answers, cancellation, user-handler failures. What a real Ollama also
 * does is in {@link OllamaContractTest}, run against both.
 */
class OllamaTracingTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final String TEXT = "The sky is blue because of Rayleigh scattering";
  static OllamaWireServer server;

  LangChain4jTelemetry lc4j;

  @BeforeAll
  static void startServer() {
    server =
        OllamaWireServer.start(
            ModelScript.builder("llama-test")
                .reply(TEXT)
                .jsonReply("{\"plan\":\"bake\"}")
                .firstTokenDelay(Duration.ofMillis(60))
                .chunkDelay(Duration.ofMillis(3))
                .build(),
            ModelScript.builder("tool-model")
                .toolCall("recall_memory", "{\"about\":\"bread\"}")
                .build(),
            ModelScript.builder("broken")
                .failWithStatus(500, "an error was encountered while running the model")
                .build(),
            ModelScript.builder("dies-mid-stream").reply(TEXT).failMidStream(3).build(),
            ModelScript.builder("never-answers").hang().build(),
            ModelScript.builder("embed-test").embeddingDimensions(16).build(),
            ModelScript.builder("eight-at-once")
                .reply(TEXT)
                .firstTokenDelay(Duration.ofMillis(60))
                .parallel(8)
                .build(),
            ModelScript.builder("thinker")
                .thinking("Let me think about the sky")
                .reply("Blue")
                .firstTokenDelay(Duration.ofMillis(30))
                .chunkDelay(Duration.ofMillis(5))
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

  TracedOllama ollama() {
    return TracedOllama.at(server.baseUrl(), lc4j);
  }

  ChatModel chatModel(String model) {
    return ollama()
        .chat(
            model,
            b ->
                b.temperature(0.3)
                    .topK(20)
                    .topP(0.8)
                    .numPredict(64)
                    .stop(List.of("END"))
                    .seed(7)
                    .timeout(Duration.ofSeconds(5)));
  }

  StreamingChatModel streamingModel(String model) {
    return ollama().streaming(model, b -> b.timeout(Duration.ofSeconds(5)));
  }

  SpanData onlySpan() {
    assertThat(otel.getSpans()).hasSize(1);
    return otel.getSpans().get(0);
  }

  static Exchange onlyExchange() {
    List<Exchange> exchanges = server.exchanges();
    assertThat(exchanges).hasSize(1);
    return exchanges.get(0);
  }

  static double seconds(JsonNode line, String field) {
    return line.get(field).asLong() / 1e9;
  }

  @Test
  void theDecoratorBehavesLikeTheModelItWraps() {
    OllamaChatModel raw =
        OllamaChatModel.builder()
            .baseUrl(server.baseUrl())
            .modelName("llama-test")
            .temperature(0.3)
            .build();
    ChatModel traced = lc4j.wrap(raw);
    assertThat(traced.provider()).isEqualTo(ModelProvider.OLLAMA);
    assertThat(traced.defaultRequestParameters()).isEqualTo(raw.defaultRequestParameters());
    assertThat(traced.supportedCapabilities()).isEqualTo(raw.supportedCapabilities());
    assertThat(traced.listeners()).isEqualTo(raw.listeners());
    assertThat(traced.chat("Hi")).isEqualTo(raw.chat("Hi"));
  }

  @Test
  void aModelWrappedTwiceIsStillOneSpanPerCallWithTheServersTimings() throws Exception {
    ChatModel twice = lc4j.wrap(chatModel("llama-test"));
    StreamingChatModel streamingTwice = lc4j.wrap(streamingModel("llama-test"));

    twice.chat("Why is the sky blue?");
    FutureHandler handler = new FutureHandler();
    streamingTwice.chat("Why is the sky blue?", handler);
    handler.result.get(10, TimeUnit.SECONDS);

    assertThat(otel.getSpans()).hasSize(2);
    for (SpanData span : otel.getSpans()) {
      assertThat(span)
          .hasName("chat llama-test")
          .hasAttributesSatisfying(
              io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies(
                  OtelLlmAttributes.SERVER_EVAL_DURATION, d -> d.isPositive()));
    }
    SpanData streamed =
        otel.getSpans().stream()
            .filter(s -> Boolean.TRUE.equals(s.getAttributes().get(GEN_AI_REQUEST_STREAM)))
            .findFirst()
            .orElseThrow();
    assertThat(streamed.getAttributes().get(OtelLlmAttributes.RESPONSE_CHUNK_COUNT))
        .isEqualTo((long) TEXT.split(" ").length);
  }

  @Test
  void thinkingChunksCountAndTheFirstOneStampsTimeToFirstChunk() throws Exception {
    List<Long> thinkingAt = new ArrayList<>();
    List<Long> answerAt = new ArrayList<>();
    FutureHandler handler =
        new FutureHandler() {
          @Override
          public void onPartialThinking(
              dev.langchain4j.model.chat.response.PartialThinking thinking) {
            thinkingAt.add(System.currentTimeMillis());
          }

          @Override
          public void onPartialResponse(String partial) {
            answerAt.add(System.currentTimeMillis());
          }
        };
    ollama()
        .streaming("thinker", b -> b.think(true).returnThinking(true))
        .chat("Why is the sky blue?", handler);
    assertThat(handler.result.get(10, TimeUnit.SECONDS).aiMessage().text()).isEqualTo("Blue");
    assertThat(thinkingAt).hasSize(6);
    assertThat(answerAt).hasSize(1);
    SpanData span = onlySpan();
    assertThat(span)
        .hasAttributesSatisfying(
            equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, (long) onlyExchange().chunks()));
    assertThat(onlyExchange().chunks()).isEqualTo(7);
    long firstTokenMillis = span.getEvents().get(0).getEpochNanos() / 1_000_000;
    assertThat(firstTokenMillis)
        .as("the first token is the first thought, not the first answer word")
        .isLessThanOrEqualTo(thinkingAt.get(0))
        .isLessThan(answerAt.get(0));
  }

  @Test
  void toolCallEndsTheSpanWithFinishReasonToolCallOnSyncAndStreamingPaths() throws Exception {
    ToolSpecification tool =
        ToolSpecification.builder().name("recall_memory").description("recall").build();
    ChatRequest request =
        ChatRequest.builder()
            .messages(UserMessage.from("what do I know?"))
            .toolSpecifications(tool)
            .build();
    ChatResponse sync = chatModel("tool-model").chat(request);
    assertThat(sync.aiMessage().toolExecutionRequests()).hasSize(1);

    assertThat(
            FutureHandler.stream(streamingModel("tool-model"), request)
                .get(10, TimeUnit.SECONDS)
                .aiMessage()
                .toolExecutionRequests())
        .hasSize(1);

    assertThat(otel.getSpans())
        .hasSize(2)
        .allSatisfy(
            span ->
                assertThat(span)
                    .hasStatus(StatusData.unset())
                    .hasAttributesSatisfying(
                        equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
                        equalTo(GEN_AI_RESPONSE_FINISH_REASONS, List.of("tool_call")),
                        equalTo(OtelLlmAttributes.REQUEST_TOOL_NAMES, List.of("recall_memory"))));
  }

  @Test
  void langchain4jRetriesStayInsideOneSpan() {
    ChatModel retrying = ollama().chat("broken", b -> b.maxRetries(2));
    assertThatThrownBy(() -> retrying.chat("hi")).isInstanceOf(RuntimeException.class);
    assertThat(server.exchanges())
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.status()).isEqualTo(500));
    assertThat(onlySpan())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(equalTo(AttributeKey.longKey("http.response.status_code"), 500L));
  }

  @Test
  void midStreamErrorLineFailsTheSpanWithTheExceptionTheHandlerGot() throws Exception {
    List<String> partials = new ArrayList<>();
    FutureHandler handler =
        new FutureHandler() {
          @Override
          public void onPartialResponse(String partial) {
            partials.add(partial);
          }
        };
    streamingModel("dies-mid-stream").chat("hi", handler);
    Throwable t = handler.awaitError(10);
    assertThat(t).isNotNull();
    assertThat(partials).hasSize(3);
    assertThat(onlySpan())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, t.getClass().getName()),
            equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, 3L));
  }

  @Test
  void aServerThatNeverAnswersEndsTheSpanWhenTheClientTimesOut() {
    ChatModel impatient = ollama().chat("never-answers", b -> b.timeout(Duration.ofMillis(300)));
    assertThatThrownBy(() -> impatient.chat("hi")).isInstanceOf(RuntimeException.class);
    assertThat(onlySpan()).hasStatus(StatusData.error());
    assertThat(onlySpan().getAttributes().get(ErrorAttributes.ERROR_TYPE)).isNotBlank();
  }

  @Test
  void anExceptionFromTheUsersHandlerIsTheUsersAndTheSpanStillEndsOnce() throws Exception {
    IllegalStateException userBug = new IllegalStateException("user handler bug");
    CompletableFuture<ChatResponse> drained = new CompletableFuture<>();
    FutureHandler handler =
        new FutureHandler() {
          @Override
          public void onPartialResponse(String partial) {
            throw userBug;
          }

          @Override
          public void onCompleteResponse(ChatResponse response) {
            drained.complete(response); // langchain4j reads the stream to its end regardless
          }
        };
    streamingModel("llama-test").chat("hi", handler);
    // langchain4j routes a handler's exception to the handler's own onError, unchanged.
    Throwable received = handler.awaitError(10);
    drained.get(10, TimeUnit.SECONDS);
    assertThat(otel.getSpans()).hasSize(1);
    assertThat(received).isSameAs(userBug);
    assertThat(onlySpan())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.lang.IllegalStateException"));
  }

  @Test
  void cancellingThroughTheStreamingHandleEndsTheSpan() throws Exception {
    CompletableFuture<Void> cancelled = new CompletableFuture<>();
    streamingModel("llama-test")
        .chat(
            ChatRequest.builder().messages(UserMessage.from("hi")).build(),
            new StreamingChatResponseHandler() {
              @Override
              public void onPartialResponse(
                  PartialResponse partial, PartialResponseContext context) {
                context.streamingHandle().cancel();
                cancelled.complete(null);
              }

              @Override
              public void onCompleteResponse(ChatResponse response) {}

              @Override
              public void onError(Throwable t) {}
            });
    cancelled.get(10, TimeUnit.SECONDS);
    // Ended by the cancel itself, before it returned: no further callback comes to end it.
    assertThat(onlySpan())
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, "java.util.concurrent.CancellationException"),
            equalTo(OtelLlmAttributes.RESPONSE_CHUNK_COUNT, 1L));
  }

  @Test
  void concurrentCallsEachGetTheirOwnSpanAndTimings() throws Exception {
    ChatModel model = chatModel("llama-test");
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<ChatResponse>> futures = new ArrayList<>();
      for (int i = 0; i < 24; i++) {
        futures.add(
            pool.submit(
                () -> model.chat(ChatRequest.builder().messages(UserMessage.from("q")).build())));
      }
      for (Future<ChatResponse> f : futures) {
        assertThat(f.get(30, TimeUnit.SECONDS).aiMessage().text()).isEqualTo(TEXT);
      }
    } finally {
      pool.shutdown();
    }
    assertThat(otel.getSpans())
        .hasSize(24)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(OtelLlmAttributes.SERVER_TOTAL_DURATION))
                    .isPositive());
    assertThat(
            otel.getSpans().stream()
                .map(s -> s.getAttributes().get(OtelLlmAttributes.SERVER_TOTAL_DURATION)))
        .containsExactlyInAnyOrderElementsOf(
            server.exchanges().stream().map(e -> seconds(e.lastLine(), "total_duration")).toList());
  }

  @Test
  void aModelServingEightAtOnceMakesNoneOfEightWaitAndOneAtATimeMakesThemQueue() throws Exception {
    for (String name : List.of("eight-at-once", "llama-test")) {
      otel.clearSpans();
      ChatModel model = chatModel(name);
      model.chat("warm");
      otel.clearSpans();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      try {
        List<Future<ChatResponse>> futures = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          futures.add(
              pool.submit(
                  () -> {
                    go.await();
                    return model.chat(
                        ChatRequest.builder().messages(UserMessage.from("q")).build());
                  }));
        }
        go.countDown();
        for (Future<ChatResponse> f : futures) {
          f.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdown();
      }
      double longestWait =
          otel.getSpans().stream()
              .mapToDouble(s -> s.getAttributes().get(OtelLlmAttributes.SERVER_QUEUE_DURATION))
              .max()
              .orElseThrow();
      if (name.equals("eight-at-once")) {
        assertThat(longestWait).as(name).isLessThan(0.05);
      } else {
        // The last of eight served one at a time waits for the seven before it (60 ms+ each).
        assertThat(longestWait).as(name).isGreaterThan(7 * 0.06);
      }
    }
  }

  @Test
  void capturedContentIsLangchain4jMessagesInTheSemconvSchema() throws Exception {
    LangChain4jTelemetry capturing =
        LangChain4jTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .build();
    ChatModel model = TracedOllama.at(server.baseUrl(), capturing).chat("llama-test");
    model.chat(
        ChatRequest.builder()
            .messages(
                dev.langchain4j.data.message.SystemMessage.from("You are Ada."),
                UserMessage.from("Why is the sky blue?"),
                dev.langchain4j.data.message.AiMessage.from(
                    dev.langchain4j.agent.tool.ToolExecutionRequest.builder()
                        .id("c1")
                        .name("look_up")
                        .arguments("{\"q\":\"sky\"}")
                        .build()),
                dev.langchain4j.data.message.ToolExecutionResultMessage.from(
                    "c1", "look_up", "Rayleigh"))
            .build());
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    SpanData span = onlySpan();
    assertThat(
            json.readTree(
                span.getAttributes().get(AttributeKey.stringKey("gen_ai.system_instructions"))))
        .isEqualTo(json.readTree("[{\"type\":\"text\",\"content\":\"You are Ada.\"}]"));
    assertThat(
            json.readTree(
                span.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages"))))
        .isEqualTo(
            json.readTree(
                """
            [{"role":"user","parts":[{"type":"text","content":"Why is the sky blue?"}]},
             {"role":"assistant","parts":[{"type":"tool_call","id":"c1","name":"look_up","arguments":"{\\"q\\":\\"sky\\"}"}]},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"c1","response":"Rayleigh"}]}]
            """));
    assertThat(
            json.readTree(
                span.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages"))))
        .isEqualTo(
            json.readTree(
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
                    + TEXT
                    + "\"}],\"finish_reason\":\"stop\"}]"));
  }

  io.opentelemetry.sdk.metrics.data.MetricData metric(String name) {
    return otel.getMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void listenerPathTracesModelsBuiltElsewhereWithTheRightProvider() {
    ChatModel withListener =
        OllamaChatModel.builder()
            .baseUrl(server.baseUrl())
            .modelName("llama-test")
            .listeners(List.of(lc4j.chatModelListener()))
            .build();
    withListener.chat("hello");
    assertThatThrownBy(
            () ->
                OllamaChatModel.builder()
                    .baseUrl(server.baseUrl())
                    .modelName("broken")
                    .maxRetries(0)
                    .listeners(List.of(lc4j.chatModelListener()))
                    .build()
                    .chat("x"))
        .isInstanceOf(RuntimeException.class);
    assertThat(otel.getSpans()).hasSize(2);
    assertThat(otel.getSpans().get(0))
        .hasName("chat llama-test")
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"), equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, 8L));
    assertThat(otel.getSpans().get(1)).hasName("chat broken").hasStatus(StatusData.error());
  }
}

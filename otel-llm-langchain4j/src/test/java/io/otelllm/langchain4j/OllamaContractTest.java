package io.otelllm.langchain4j;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.service.MemoryId;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.langchain4j.testing.RecordingHttpClient;
import io.otelllm.langchain4j.testing.RecordingHttpClient.Recorded;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.testing.internal.OllamaExpectations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What otel-llm records for the real langchain4j-ollama clients, asserted against what the server
 * really answered (recorded under langchain4j's HTTP client): one suite, run against the Ollama
 * wire server (both JSON styles) and against a real Ollama. Every value a span carries from the
 * server — tokens, durations, finish reasons, ids — must equal the recorded answer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OllamaContractTest {

  /** Which Ollama, and which of its models, the suite runs against. */
  record Target(String baseUrl, String chatModel, String embeddingModel) {}

  static final ObjectMapper JSON = new ObjectMapper();
  static final String TOOL = "recall_memory";

  // One per test class (instances live per class): each subclass gets its own SDK.
  @RegisterExtension final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  RecordingHttpClient.Recorder recorder;
  LangChain4jTelemetry lc4j;
  Target target;

  /** The server under test; called before each test. */
  abstract Target target();

  @BeforeEach
  void setUp() {
    target = target();
    recorder = new RecordingHttpClient.Recorder();
    lc4j = LangChain4jTelemetry.create(otel.getOpenTelemetry());
  }

  TracedOllama ollama(LangChain4jTelemetry telemetry) {
    return TracedOllama.at(target.baseUrl(), telemetry).over(recorder::builder);
  }

  ChatModel chatModel(LangChain4jTelemetry telemetry, String model) {
    return ollama(telemetry)
        .chat(model, b -> b.temperature(0.0).seed(7).timeout(Duration.ofMinutes(1)));
  }

  StreamingChatModel streamingModel(String model) {
    return ollama(lc4j)
        .streaming(model, b -> b.temperature(0.0).seed(7).timeout(Duration.ofMinutes(1)));
  }

  SpanData onlySpan() {
    assertThat(otel.getSpans()).hasSize(1);
    return otel.getSpans().get(0);
  }

  static double seconds(JsonNode answer, String field) {
    return OllamaExpectations.seconds(answer, field);
  }

  /**
   * The attributes every answered chat span carries from the server's final JSON object (the
   * suite's requests set temperature 0 and seed 7). {@code finishReason} must be the answer's.
   */
  List<AttributeAssertion> answered(JsonNode answer, String finishReason) {
    assertThat(finishReason).isEqualTo(OllamaExpectations.finishReason(answer));
    return OllamaExpectations.chatAnswered(target.baseUrl(), target.chatModel(), 0.0, 7L, answer);
  }

  static String finishReason(JsonNode answer, JsonNode message) {
    return OllamaExpectations.finishReason(answer);
  }

  @Test
  void syncChatCarriesTheRequestAndExactlyWhatTheServerAnswered() {
    ChatResponse response =
        chatModel(lc4j, target.chatModel())
            .chat(ChatRequest.builder().messages(UserMessage.from("Why is the sky blue?")).build());

    Recorded call = recorder.only();
    JsonNode answer = call.body();
    assertThat(call.status()).isEqualTo(200);
    assertThat(response.aiMessage().text())
        .isEqualTo(answer.path("message").path("content").asText());
    assertThat(onlySpan())
        .hasName("chat " + target.chatModel())
        .hasKind(SpanKind.CLIENT)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            answered(answer, finishReason(answer, answer.path("message"))));

    // The server metrics are the server's own numbers.
    double ttft =
        (answer.get("load_duration").asLong() + answer.get("prompt_eval_duration").asLong()) / 1e9;
    assertThat(onlyPoint("gen_ai.server.time_to_first_token").getSum())
        .isCloseTo(ttft, within(1e-12));
    assertThat(onlyPoint("gen_ai.server.request.duration").getSum())
        .isEqualTo(seconds(answer, "total_duration"));
    assertThat(onlyPoint("gen_ai.client.token.usage", "input").getSum())
        .isEqualTo((double) answer.get("prompt_eval_count").asLong());
    assertThat(onlyPoint("gen_ai.client.token.usage", "output").getSum())
        .isEqualTo((double) answer.get("eval_count").asLong());
  }

  @Test
  void streamingStampsTheFirstChunkWhenItArrivedAndCountsEveryChunk() throws Exception {
    List<Long> handlerNanos = new ArrayList<>();
    List<String> spanIdsSeen = new ArrayList<>();
    FutureHandler handler =
        new FutureHandler() {
          @Override
          public void onPartialResponse(String partial) {
            handlerNanos.add(System.nanoTime());
            spanIdsSeen.add(Span.current().getSpanContext().getSpanId());
          }
        };
    long before = System.nanoTime();
    streamingModel(target.chatModel())
        .chat(
            ChatRequest.builder().messages(UserMessage.from("Tell me about the village.")).build(),
            handler);
    ChatResponse response = handler.result.get(1, TimeUnit.MINUTES);

    Recorded call = recorder.only();
    List<JsonNode> lines = call.lines();
    JsonNode last = lines.get(lines.size() - 1);
    assertThat(last.get("done").asBoolean()).isTrue();
    StringBuilder text = new StringBuilder();
    lines.forEach(l -> text.append(l.path("message").path("content").asText()));
    assertThat(response.aiMessage().text()).isEqualTo(text.toString());

    SpanData span = onlySpan();
    List<AttributeAssertion> expected =
        OllamaExpectations.streamAnswered(
            target.baseUrl(), target.chatModel(), 0.0, 7L, last, call.chunkLines());
    // The mean gap between chunks after the first, as the chunks arrived on the wire.
    int chunks = call.chunkLines();
    double wireGap =
        (call.lineNanos().get(chunks - 1) - call.lineNanos().get(0)) / 1e9 / (chunks - 1);
    expected.add(
        satisfies(
            OtelLlmAttributes.RESPONSE_TIME_PER_OUTPUT_CHUNK,
            g -> g.isCloseTo(wireGap, within(0.001))));
    assertThat(span).hasStatus(StatusData.unset()).hasAttributesSatisfyingExactly(expected);
    assertThat(spanIdsSeen).hasSize(call.chunkLines()).containsOnly(span.getSpanId());

    // The first chunk is stamped between its arrival on the wire and the user's first callback.
    long ttftNanos =
        Math.round(span.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK) * 1e9);
    assertThat(ttftNanos)
        .isGreaterThanOrEqualTo(call.lineNanos().get(0) - call.sentNanos)
        .isLessThanOrEqualTo(handlerNanos.get(0) - before);
    EventData firstToken =
        span.getEvents().stream()
            .filter(e -> e.getName().equals(OtelLlmAttributes.FIRST_TOKEN_EVENT))
            .findFirst()
            .orElseThrow();
    assertThat(firstToken.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK))
        .isEqualTo(span.getAttributes().get(GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK));
    // The SDK stamps a span's start and events on one clock (anchored to System.nanoTime), so the
    // event's offset is nanoTime(event) - nanoTime(start): no earlier than the first chunk's TTFT
    // (timed from after the span started), no later than the user's first callback (the span
    // started after `before`). Bounds, not a tolerance: a loaded machine widens the gap between
    // the span's start and the request being handed over, never moves the event out of these.
    assertThat(firstToken.getEpochNanos() - span.getStartEpochNanos())
        .as("the first-token event sits at the first chunk's instant")
        .isBetween(ttftNanos - 1, handlerNanos.get(0) - before); // -1: TTFT went via seconds
  }

  @Test
  void jsonFormatIsOutputTypeJson() {
    chatModel(lc4j, target.chatModel())
        .chat(
            ChatRequest.builder()
                .messages(UserMessage.from("Plan your day."))
                .responseFormat(ResponseFormat.JSON)
                .build());
    JsonNode answer = recorder.only().body();
    assertThat(recorder.only().requestBody.get("format").asText()).isEqualTo("json");
    List<AttributeAssertion> expected =
        answered(answer, finishReason(answer, answer.path("message")));
    expected.add(equalTo(GEN_AI_OUTPUT_TYPE, "json"));
    assertThat(onlySpan()).hasAttributesSatisfyingExactly(expected);
  }

  @Test
  void jsonSchemaFormatIsOutputTypeJsonAndTheAnswerIsValidJson() throws Exception {
    ResponseFormat schema =
        ResponseFormat.builder()
            .type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
            .jsonSchema(
                JsonSchema.builder()
                    .name("plan")
                    .rootElement(
                        JsonObjectSchema.builder()
                            .addProperty(
                                "intent",
                                JsonEnumSchema.builder()
                                    .enumValues("talk", "trade", "rest")
                                    .build())
                            .required("intent")
                            .build())
                    .build())
            .build();
    ChatResponse response =
        chatModel(lc4j, target.chatModel())
            .chat(
                ChatRequest.builder()
                    .messages(UserMessage.from("Plan your day."))
                    .responseFormat(schema)
                    .build());
    Recorded call = recorder.only();
    assertThat(call.requestBody.get("format").isObject())
        .as("the schema went to the server")
        .isTrue();
    assertThat(JSON.readTree(response.aiMessage().text()).path("intent").asText())
        .isIn("talk", "trade", "rest");
    JsonNode answer = call.body();
    List<AttributeAssertion> expected =
        answered(answer, finishReason(answer, answer.path("message")));
    expected.add(equalTo(GEN_AI_OUTPUT_TYPE, "json"));
    assertThat(onlySpan()).hasAttributesSatisfyingExactly(expected);
  }

  @Test
  void offeringAToolRecordsTheToolNamesAndTheAnswerAsItCame() {
    ChatRequest request =
        ChatRequest.builder()
            .messages(UserMessage.from("What do I know about bread?"))
            .toolSpecifications(recallMemory())
            .build();
    chatModel(lc4j, target.chatModel()).chat(request);
    Recorded call = recorder.only();
    assertThat(call.requestBody.path("tools").get(0).path("function").path("name").asText())
        .isEqualTo(TOOL);
    JsonNode answer = call.body();
    List<AttributeAssertion> expected =
        answered(answer, finishReason(answer, answer.path("message")));
    expected.add(equalTo(OtelLlmAttributes.REQUEST_TOOL_NAMES, List.of(TOOL)));
    assertThat(onlySpan()).hasStatus(StatusData.unset()).hasAttributesSatisfyingExactly(expected);
  }

  /**
   * A model that calls a tool. A random-weight model never chooses to, so the request also asks for
   * a JSON schema that only a call of the tool satisfies; Ollama parses that output as a tool call,
   * exactly as it would a trained model's.
   */
  @Test
  void aToolCallIsFinishReasonToolCallAndCarriesTheServersCallId() throws Exception {
    LangChain4jTelemetry capturing =
        LangChain4jTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .build();
    ResponseFormat callTheTool = callRecallMemoryAbout("bread");
    ChatResponse response =
        chatModel(capturing, target.chatModel())
            .chat(
                ChatRequest.builder()
                    .messages(UserMessage.from("What do I know about bread?"))
                    .toolSpecifications(recallMemory())
                    .responseFormat(callTheTool)
                    // The schema's JSON, one character per token from this model, needs more than
                    // its default 32.
                    .maxOutputTokens(400)
                    .build());

    JsonNode answer = recorder.only().body();
    JsonNode call = answer.path("message").path("tool_calls").get(0);
    assertThat(call).as("the server called the tool: %s", answer).isNotNull();
    assertThat(response.aiMessage().toolExecutionRequests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.name()).isEqualTo(TOOL);
              assertThat(JSON.readTree(r.arguments()))
                  .isEqualTo(JSON.readTree("{\"about\":\"bread\"}"));
            });
    SpanData span = onlySpan();
    assertThat(span)
        .hasAttributesSatisfying(
            equalTo(GEN_AI_RESPONSE_FINISH_REASONS, List.of("tool_call")),
            equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, answer.get("eval_count").asLong()),
            equalTo(OtelLlmAttributes.REQUEST_TOOL_NAMES, List.of(TOOL)));
    JsonNode output =
        JSON.readTree(span.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")));
    JsonNode part = output.get(0).path("parts").get(0);
    assertThat(output.get(0).path("finish_reason").asText()).isEqualTo("tool_call");
    assertThat(part.path("type").asText()).isEqualTo("tool_call");
    assertThat(part.path("id").asText()).isEqualTo(call.path("id").asText()).startsWith("call_");
    assertThat(part.path("name").asText()).isEqualTo(TOOL);
    assertThat(JSON.readTree(part.path("arguments").asText()))
        .isEqualTo(call.path("function").path("arguments"));
  }

  /**
   * Ollama serves {@code OLLAMA_NUM_PARALLEL} requests at a time per loaded model (1, its default:
   * {@code deploy/local/ollama.sh} sets it, and the wire server does the same): of three calls sent
   * at once, the one served second waits in the server for the first, the third for both. That wait
   * is in Ollama's {@code total_duration} and in none of its parts, and the span says how long it
   * was.
   */
  @Test
  void concurrentCallsWaitForTheModelsSlotAndTheSpanSaysHowLong() throws Exception {
    ChatModel model =
        ollama(lc4j).chat(target.chatModel(), b -> b.numPredict(64).timeout(Duration.ofMinutes(1)));
    model.chat("load the model first");
    otel.clearSpans();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<?>> calls = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        String prompt = "count to " + (10 + i);
        calls.add(
            pool.submit(
                () -> {
                  go.await();
                  return model.chat(prompt);
                }));
      }
      go.countDown();
      for (java.util.concurrent.Future<?> call : calls) {
        call.get(1, java.util.concurrent.TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    List<SpanData> spans =
        otel.getSpans().stream()
            .sorted(
                java.util.Comparator.comparing(
                    s -> s.getAttributes().get(OllamaExpectations.SERVER_QUEUE_DURATION)))
            .toList();
    assertThat(spans).hasSize(3);
    double[] queue = new double[3];
    double[] busy = new double[3];
    for (int i = 0; i < 3; i++) {
      SpanData span = spans.get(i);
      queue[i] = span.getAttributes().get(OllamaExpectations.SERVER_QUEUE_DURATION);
      busy[i] = span.getAttributes().get(OllamaExpectations.SERVER_TOTAL_DURATION) - queue[i];
      double client = (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e9;
      assertThat(client)
          .as("the client waited at least as long as the server worked and queued")
          .isGreaterThanOrEqualTo(
              span.getAttributes().get(OllamaExpectations.SERVER_TOTAL_DURATION));
    }
    // Served one at a time: the first barely waits; the second waits about the first's time; the
    // third about the first two's. Tolerance: 40 % and 50 ms each way (thread start-up, the
    // HTTP exchange and tokenisation are in the wait too).
    assertThat(queue[0]).isLessThan(0.05 + 0.4 * busy[0]);
    assertThat(queue[1]).isBetween(0.6 * busy[0] - 0.05, 1.4 * busy[0] + 0.05);
    assertThat(queue[2])
        .isBetween(0.6 * (busy[0] + busy[1]) - 0.05, 1.4 * (busy[0] + busy[1]) + 0.05);
  }

  @Test
  void embeddingsCarryDimensionsTokensAndServerTimings() {
    EmbeddingModel model = ollama(lc4j).embedding(target.embeddingModel());
    var embedding = model.embed("remember the rye bread on monday").content();

    JsonNode answer = recorder.only().body();
    assertThat(embedding.dimension()).isEqualTo(answer.get("embeddings").get(0).size());
    assertThat(onlySpan())
        .hasName("embeddings " + target.embeddingModel())
        .hasKind(SpanKind.CLIENT)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            OllamaExpectations.embeddingsAnswered(
                target.baseUrl(), target.embeddingModel(), answer));
  }

  @Test
  void anUnknownModelIsA404ErrorSpanWithTheExceptionClassAsErrorType() {
    ChatModel missing = chatModel(lc4j, "no-such-model");
    Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> missing.chat("hi"));
    assertThat(thrown).isNotNull();
    assertThat(recorder.only().status()).isEqualTo(404);
    assertThat(recorder.only().body().get("error").asText()).contains("no-such-model");
    assertThat(onlySpan())
        .hasName("chat no-such-model")
        .hasStatus(StatusData.error())
        .hasException(thrown)
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "chat"),
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(GEN_AI_REQUEST_MODEL, "no-such-model"),
            equalTo(GEN_AI_REQUEST_TEMPERATURE, 0.0),
            equalTo(GEN_AI_REQUEST_SEED, 7L),
            equalTo(ServerAttributes.SERVER_ADDRESS, URI.create(target.baseUrl()).getHost()),
            equalTo(ServerAttributes.SERVER_PORT, (long) URI.create(target.baseUrl()).getPort()),
            equalTo(ErrorAttributes.ERROR_TYPE, thrown.getClass().getName()),
            equalTo(AttributeKey.longKey("http.response.status_code"), 404L));
    assertThat(metric("gen_ai.client.operation.duration").getHistogramData().getPoints())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.getAttributes().get(ErrorAttributes.ERROR_TYPE))
                    .isEqualTo(thrown.getClass().getName()));
  }

  @Test
  void aColdStartIsTheModelLoadEventWithTheServersLoadTime() throws Exception {
    // The real tiny model loads in 50–200 ms depending on the machine's load, and its warm "load"
    // takes a few ms: a 30 ms threshold tells the two apart on both servers.
    long thresholdNanos = Duration.ofMillis(30).toNanos();
    LangChain4jTelemetry lc4j =
        LangChain4jTelemetry.builder(otel.getOpenTelemetry())
            .setModelLoadEventThreshold(Duration.ofNanos(thresholdNanos))
            .build();
    unload(target.chatModel());
    chatModel(lc4j, target.chatModel()).chat("Good morning!");

    JsonNode answer = recorder.only().body();
    assertThat(answer.get("load_duration").asLong())
        .as("a cold start loads the model for longer than the 30 ms event threshold")
        .isGreaterThanOrEqualTo(thresholdNanos);
    List<EventData> loads =
        onlySpan().getEvents().stream()
            .filter(e -> e.getName().equals(OtelLlmAttributes.MODEL_LOAD_EVENT))
            .toList();
    assertThat(loads)
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getAttributes().get(OtelLlmAttributes.SERVER_LOAD_DURATION))
                    .isEqualTo(seconds(answer, "load_duration")));

    // Warm again: no event.
    otel.clearSpans();
    recorder.clear();
    chatModel(lc4j, target.chatModel()).chat("Good morning!");
    assertThat(recorder.only().body().get("load_duration").asLong()).isLessThan(thresholdNanos);
    assertThat(onlySpan().getEvents())
        .noneSatisfy(e -> assertThat(e.getName()).isEqualTo(OtelLlmAttributes.MODEL_LOAD_EVENT));
  }

  /**
   * Unloads a model the way Ollama documents it: a chat without messages and {@code keep_alive: 0}.
   */
  void unload(String model) throws Exception {
    var body = JSON.createObjectNode().put("model", model).put("keep_alive", 0);
    body.putArray("messages");
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/chat"))
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("done_reason").asText()).isEqualTo("unload");
    awaitUnloaded(model);
  }

  /**
   * Ollama answers the unload at once and stops the model's runner after: a chat sent at once can
   * find it still there (a 36 ms "load" was seen, not the 0.3 s of a runner starting). Its {@code
   * GET /api/ps} lists the models loaded; a server without it (the stand-in, which unloads at once)
   * is not waited for.
   */
  private void awaitUnloaded(String model) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> ps =
          http.send(
              HttpRequest.newBuilder(URI.create(target.baseUrl() + "/api/ps")).GET().build(),
              HttpResponse.BodyHandlers.ofString());
      if (ps.statusCode() != 200) {
        return;
      }
      boolean loaded = false;
      for (JsonNode m : JSON.readTree(ps.body()).path("models")) {
        loaded |=
            m.path("name").asText().startsWith(model) || m.path("model").asText().startsWith(model);
      }
      if (!loaded) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(model + " still loaded 10 s after it was unloaded");
  }

  /**
   * A JSON-schema format that only a call of {@code recall_memory} about {@code topic} satisfies:
   * the tiny model's template renders tool calls as such JSON, so Ollama parses it as one.
   */
  static ResponseFormat callRecallMemoryAbout(String topic) {
    return ResponseFormat.builder()
        .type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
        .jsonSchema(
            JsonSchema.builder()
                .name("call")
                .rootElement(
                    JsonObjectSchema.builder()
                        .addProperty("name", JsonEnumSchema.builder().enumValues(TOOL).build())
                        .addProperty(
                            "arguments",
                            JsonObjectSchema.builder()
                                .addProperty(
                                    "about", JsonEnumSchema.builder().enumValues(topic).build())
                                .required("about")
                                .build())
                        .required("name", "arguments")
                        .build())
                .build())
        .build();
  }

  /** An AI service that looks things up in its memory. */
  interface Librarian {
    String ask(@MemoryId String reader, @dev.langchain4j.service.UserMessage String question);
  }

  /** The librarian's one tool. */
  public static class Memories {
    final List<String> spansRanUnder = new ArrayList<>();

    @Tool("Recall the memory closest to a topic")
    public String recall_memory(@P("the topic") String about) {
      spansRanUnder.add(Span.current().getSpanContext().getSpanId());
      return "bread is baked at dawn";
    }
  }

  /**
   * A real AiServices tool round trip: the first request is made to call the tool (the schema
   * above), the second, after the tool's answer, asks for a short text.
   */
  @Test
  void anAiServiceRunsItsToolBetweenItsTwoModelCallsUnderOneAgentSpan() throws Exception {
    LangChain4jTelemetry capturing =
        LangChain4jTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .build();
    Memories memories = new Memories();
    Librarian librarian =
        capturing
            .aiServices()
            .builder(Librarian.class)
            .chatModel(chatModel(capturing, target.chatModel()))
            .tools(memories)
            .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(10))
            .chatRequestTransformer(
                request -> {
                  boolean toolAnswered =
                      request.messages().get(request.messages().size() - 1)
                          instanceof ToolExecutionResultMessage;
                  return ChatRequest.builder()
                      .messages(request.messages())
                      .parameters(
                          toolAnswered
                              ? ChatRequestParameters.builder().maxOutputTokens(8).build()
                              : request
                                  .parameters()
                                  .overrideWith(
                                      ChatRequestParameters.builder()
                                          .responseFormat(callRecallMemoryAbout("bread"))
                                          .maxOutputTokens(400)
                                          .build()))
                      .build();
                })
            .build();

    String answer = librarian.ask("reader-1", "What do I know about bread?");

    List<Recorded> exchanges = recorder.recorded();
    assertThat(exchanges).hasSize(2);
    JsonNode call = exchanges.get(0).body().path("message").path("tool_calls").get(0);
    assertThat(call).as("the server called the tool: %s", exchanges.get(0).body()).isNotNull();
    assertThat(answer).isEqualTo(exchanges.get(1).body().path("message").path("content").asText());

    SpanData agent =
        otel.getSpans().stream()
            .filter(s -> s.getName().equals("invoke_agent Librarian.ask"))
            .findFirst()
            .orElseThrow();
    List<SpanData> children =
        otel.getSpans().stream()
            .filter(s -> s.getParentSpanId().equals(agent.getSpanId()))
            .sorted(java.util.Comparator.comparingLong(SpanData::getStartEpochNanos))
            .toList();
    String chat = "chat " + target.chatModel();
    assertThat(children)
        .extracting(SpanData::getName)
        .containsExactly(chat, "execute_tool " + TOOL, chat);
    assertThat(otel.getSpans()).hasSize(4);
    SpanData tool = children.get(1);
    assertThat(memories.spansRanUnder).containsExactly(tool.getSpanId());
    assertThat(tool)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            equalTo(GEN_AI_OPERATION_NAME, "execute_tool"),
            equalTo(GEN_AI_TOOL_NAME, TOOL),
            equalTo(GEN_AI_TOOL_CALL_ID, call.path("id").asText()),
            equalTo(GEN_AI_TOOL_TYPE, "function"),
            equalTo(GEN_AI_TOOL_DESCRIPTION, "Recall the memory closest to a topic"),
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.result"), "bread is baked at dawn"),
            satisfies(
                AttributeKey.stringKey("gen_ai.tool.call.arguments"),
                arguments ->
                    arguments.satisfies(
                        text ->
                            assertThat(JSON.readTree(text))
                                .isEqualTo(call.path("function").path("arguments")))));
    assertThat(children.get(0).getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS))
        .containsExactly("tool_call");
    assertThat(children.get(2).getAttributes().get(GEN_AI_RESPONSE_FINISH_REASONS))
        .containsExactly(exchanges.get(1).body().get("done_reason").asText());
    long input = 0;
    long output = 0;
    for (Recorded exchange : exchanges) {
      input += exchange.body().get("prompt_eval_count").asLong();
      output += exchange.body().get("eval_count").asLong();
    }
    assertThat(agent)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(GEN_AI_AGENT_NAME, "Librarian.ask"),
            equalTo(GEN_AI_CONVERSATION_ID, "reader-1"),
            equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
            equalTo(GEN_AI_REQUEST_MODEL, target.chatModel()),
            equalTo(GEN_AI_USAGE_INPUT_TOKENS, input),
            equalTo(GEN_AI_USAGE_OUTPUT_TOKENS, output),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L),
            equalTo(OtelLlmAttributes.TURN_TOOL_ERRORS, 0L));
  }

  static ToolSpecification recallMemory() {
    return ToolSpecification.builder()
        .name(TOOL)
        .description("Recall the memory closest to a topic")
        .parameters(JsonObjectSchema.builder().addStringProperty("about").required("about").build())
        .build();
  }

  MetricData metric(String name) {
    return otel.getMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow();
  }

  HistogramPointData onlyPoint(String name) {
    List<HistogramPointData> points = new ArrayList<>(metric(name).getHistogramData().getPoints());
    assertThat(points).hasSize(1);
    return points.get(0);
  }

  HistogramPointData onlyPoint(String name, String tokenType) {
    return metric(name).getHistogramData().getPoints().stream()
        .filter(p -> tokenType.equals(p.getAttributes().get(GEN_AI_TOKEN_TYPE)))
        .findFirst()
        .orElseThrow();
  }
}

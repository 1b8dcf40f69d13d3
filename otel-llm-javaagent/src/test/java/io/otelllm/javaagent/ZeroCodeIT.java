package io.otelllm.javaagent;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.example.village.PlainLangchain4jApp;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.javaagent.app.LibraryLangchain4jApp;
import io.otelllm.ollamawire.Exchange;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.ForkedJvm;
import io.otelllm.testing.internal.LocalService;
import io.otelllm.testing.internal.OllamaExpectations;
import io.otelllm.testing.internal.OtlpReceiver;
import io.otelllm.testing.internal.SpanTrees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real OpenTelemetry Java agent 2.31.1 with the extension jar as built, around plain
 * langchain4j programs in forked JVMs that export over OTLP to a receiver here: the spans, events
 * and metrics the library gives, asserted with the library's own expectations.
 */
class ZeroCodeIT {

  static final String CHAT = "agent-chat";
  static final String EMBED = "agent-embed";
  static final String TEXT = "The sky is blue because of Rayleigh scattering";
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");

  /**
   * The spans of the program with {@code ai-service failures}, by name, sorted: sync, stream,
   * embeddings, the AI service (its two model calls and tool), the HTTP 500 and the broken stream.
   */
  static final List<String> EVERY_STEP =
      List.of(
          "chat " + CHAT,
          "chat " + CHAT,
          "chat " + CHAT,
          "chat " + CHAT,
          "chat broken",
          "chat dies-mid-stream",
          "embeddings " + EMBED,
          "execute_tool recall_memory",
          "invoke_agent Librarian.ask");

  static OllamaWireServer server;
  static OtlpReceiver receiver;

  @BeforeAll
  static void start() throws Exception {
    server =
        OllamaWireServer.start(
            ModelScript.builder(CHAT)
                .reply(TEXT)
                .toolCall("recall_memory", "{\"topic\":\"bread\"}")
                .coldLoad(Duration.ofMillis(150))
                .firstTokenDelay(Duration.ofMillis(20))
                .chunkDelay(Duration.ofMillis(3))
                .build(),
            ModelScript.builder(EMBED).embeddingDimensions(16).build(),
            ModelScript.builder("broken")
                .failWithStatus(500, "an error was encountered while running the model")
                .build(),
            ModelScript.builder("dies-mid-stream").reply(TEXT).failMidStream(3).build());
    receiver = OtlpReceiver.start();
  }

  @AfterAll
  static void stop() {
    server.close();
    receiver.close();
  }

  @BeforeEach
  void clear() {
    server.clearExchanges();
    receiver.clear();
  }

  /** The plain program's class path: langchain4j and what it needs, nothing of OpenTelemetry. */
  static String plainClassPath() {
    return ForkedJvm.classPath(
        name ->
            name.startsWith("langchain4j")
                || name.startsWith("jackson-")
                || name.startsWith("slf4j-api")
                || name.startsWith("opennlp-tools")
                || name.equals("otel-llm-javaagent/test-classes"));
  }

  /** The program with otel-llm's library: the plain one plus otel-llm and OpenTelemetry's API. */
  static String libraryClassPath() {
    return plainClassPath()
        + java.io.File.pathSeparator
        + ForkedJvm.classPath(
            name ->
                name.startsWith("otel-llm-core")
                    || name.startsWith("otel-llm-langchain4j/")
                    || name.matches("otel-llm-langchain4j-\\d.*")
                    || name.matches("opentelemetry-(api|context|common|api-incubator)-\\d.*")
                    || name.startsWith("opentelemetry-instrumentation-api")
                    || name.matches("opentelemetry-semconv-\\d.*"));
  }

  static List<String> agent(String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "-javaagent:" + ForkedJvm.jar("opentelemetry-javaagent"),
                "-Dotel.javaagent.extensions=" + extensionJar(),
                "-Dotel.service.name=plain-langchain4j",
                "-Dotel.exporter.otlp.protocol=http/protobuf",
                "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
                "-Dotel.logs.exporter=none",
                // The agent's thread attributes on every span: not what this test is about.
                "-Dotel.javaagent.add-thread-details=false",
                "-Dotel.metric.export.interval=500",
                "-Dotel.bsp.schedule.delay=50"));
    args.addAll(List.of(more));
    return args;
  }

  static ForkedJvm.Result runPlain(List<String> jvmArgs, String... steps) throws Exception {
    return run(jvmArgs, plainClassPath(), PlainLangchain4jApp.class.getName(), steps);
  }

  static ForkedJvm.Result run(List<String> jvmArgs, String classPath, String main, String... steps)
      throws Exception {
    List<String> args = new ArrayList<>(List.of(server.baseUrl(), CHAT, EMBED));
    args.addAll(List.of(steps));
    ForkedJvm.Result result = ForkedJvm.run(jvmArgs, classPath, main, args);
    assertThat(result.exitCode())
        .as("the program's exit; its stderr:%n%s", result.stderr())
        .isZero();
    return result;
  }

  static List<SpanData> otelLlmSpans() {
    return receiver.spans().stream()
        .filter(s -> s.getInstrumentationScopeInfo().getName().equals("io.otelllm"))
        .toList();
  }

  static Exchange exchange(String path, String model, int n) {
    return server.exchange(path, model, n);
  }

  static String printed(ForkedJvm.Result result, String step) {
    return result.printed(step);
  }

  @Test
  void aPlainProgramUnderTheAgentGivesTheLibrarysSpansEventsAndMetrics() throws Exception {
    unload(CHAT); // its first call is then a cold start
    ForkedJvm.Result result = runPlain(agent(), "ai-service", "failures");

    // sync, stream, embed, the AI service's two model calls, broken, mid-stream: seven calls.
    List<SpanData> spans = receiver.awaitSpans(s -> otelLlmSpansIn(s) >= 9, 30);
    List<SpanData> ours = otelLlmSpans();
    assertThat(ours.stream().map(SpanData::getName).sorted()).containsExactlyElementsOf(EVERY_STEP);
    String baseUrl = server.baseUrl();

    // The synchronous chat: the library's expectations, from the server's own answer.
    Exchange sync = exchange("/api/chat", CHAT, 0);
    assertThat(sync.request().path("stream").asBoolean(true)).isFalse();
    SpanData syncSpan = spanFor(ours, sync);
    assertThat(syncSpan)
        .hasKind(SpanKind.CLIENT)
        .hasNoParent()
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            OllamaExpectations.chatAnswered(baseUrl, CHAT, 0.0, 7L, sync.lastLine()));
    assertThat(printed(result, "sync"))
        .isEqualTo(sync.lastLine().path("message").path("content").asText());
    // The first call loaded the model: the cold start.
    EventData load =
        syncSpan.getEvents().stream()
            .filter(e -> e.getName().equals(OtelLlmAttributes.MODEL_LOAD_EVENT))
            .findFirst()
            .orElseThrow();
    assertThat(load.getAttributes().get(OtelLlmAttributes.SERVER_LOAD_DURATION))
        .isEqualTo(OllamaExpectations.seconds(sync.lastLine(), "load_duration"));

    // The stream: its chunks, TTFT and first-token event.
    Exchange streamed = exchange("/api/chat", CHAT, 1);
    assertThat(streamed.request().path("stream").asBoolean(true)).isTrue();
    SpanData streamSpan = spanFor(ours, streamed);
    List<AttributeAssertion> expected =
        OllamaExpectations.streamAnswered(
            baseUrl, CHAT, 0.0, 7L, streamed.lastLine(), streamed.chunks());
    expected.add(satisfies(OtelLlmAttributes.RESPONSE_TIME_PER_OUTPUT_CHUNK, g -> g.isPositive()));
    assertThat(streamSpan).hasStatus(StatusData.unset()).hasAttributesSatisfyingExactly(expected);
    assertThat(streamSpan.getEvents())
        .extracting(EventData::getName)
        .contains(OtelLlmAttributes.FIRST_TOKEN_EVENT);
    assertThat(printed(result, "stream")).isEqualTo(TEXT);

    // The embeddings.
    Exchange embedded = exchange("/api/embed", EMBED, 0);
    assertThat(SpanTrees.named(ours, "embeddings " + EMBED))
        .hasAttributesSatisfyingExactly(
            // The extension hooks embed(EmbeddingRequest), which also knows the answering model.
            OllamaExpectations.embeddingsAnsweredWithResponseModel(
                baseUrl, EMBED, embedded.lastLine()));
    assertThat(printed(result, "embed")).isEqualTo("16");

    // The AI service: its agent span, the tool between its two model calls.
    SpanData agent = SpanTrees.named(ours, "invoke_agent Librarian.ask");
    assertThat(SpanTrees.childNames(ours, agent))
        .containsExactly("chat " + CHAT, "execute_tool recall_memory", "chat " + CHAT);
    assertThat(agent)
        .hasAttributesSatisfying(
            equalTo(GEN_AI_CONVERSATION_ID, "reader-1"),
            equalTo(OtelLlmAttributes.TURN_LLM_CALLS, 2L),
            equalTo(OtelLlmAttributes.TURN_TOOL_CALLS, 1L));
    assertThat(SpanTrees.named(ours, "execute_tool recall_memory"))
        .hasAttributesSatisfying(
            equalTo(
                GEN_AI_TOOL_CALL_ID,
                exchange("/api/chat", CHAT, 2)
                    .lastLine()
                    .path("message")
                    .path("tool_calls")
                    .get(0)
                    .path("id")
                    .asText()),
            equalTo(GEN_AI_TOOL_DESCRIPTION, "Recall the memory closest to a topic"));

    // Failures: the exception the program got is the span's error.type.
    assertThat(SpanTrees.named(ours, "chat broken"))
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, printed(result, "broken")),
            equalTo(HttpAttributes.HTTP_RESPONSE_STATUS_CODE, 500L));
    assertThat(SpanTrees.named(ours, "chat dies-mid-stream"))
        .hasStatus(StatusData.error())
        .hasAttributesSatisfying(
            equalTo(ErrorAttributes.ERROR_TYPE, printed(result, "mid-stream")));

    // One GenAI span per call the server saw; the agent's HTTP client spans under them.
    long chatRequests =
        server.exchanges().stream().filter(e -> e.path().equals("/api/chat")).count();
    assertThat(ours.stream().filter(s -> "chat".equals(s.getAttributes().get(OPERATION))))
        .hasSize((int) chatRequests);
    List<SpanData> http =
        spans.stream()
            .filter(s -> s.getInstrumentationScopeInfo().getName().contains("http"))
            .toList();
    assertThat(http).as("the agent's own HTTP client spans").isNotEmpty();
    assertThat(http)
        .allSatisfy(
            h ->
                assertThat(ours)
                    .as("parent of %s", h.getName())
                    .anySatisfy(o -> assertThat(o.getSpanId()).isEqualTo(h.getParentSpanId())));
    assertThat(ours)
        .allSatisfy(
            s ->
                assertThat(s.getInstrumentationScopeInfo().getVersion())
                    .isEqualTo(System.getProperty("otelllm.version")));

    // Metrics: one duration point per call, the server's own, TTFT of the stream.
    Map<String, Metric> metrics = awaitMetrics(7);
    assertThat(metrics)
        .containsKeys(
            "gen_ai.client.operation.duration",
            "gen_ai.client.token.usage",
            "gen_ai.client.operation.time_to_first_chunk",
            "gen_ai.server.request.duration",
            "gen_ai.server.time_to_first_token");
    assertThat(histogramCount(metrics.get("gen_ai.client.operation.duration")))
        .isEqualTo(ours.stream().filter(s -> s.getKind() == SpanKind.CLIENT).count());
    // Both streams had a first chunk: the whole one and the one that broke after three.
    assertThat(histogramCount(metrics.get("gen_ai.client.operation.time_to_first_chunk")))
        .isEqualTo(2);
  }

  @Test
  void theSameOnLangchain4j119() throws Exception {
    // langchain4j-ollama 1.18.1 (the last served) over langchain4j 1.19.0's core, AI services
    // and HTTP client, as langchain4j-agentic users run it.
    Path next = Path.of(System.getProperty("otelllm.langchain4j-next"));
    List<String> nextJars;
    try (var files = Files.list(next)) {
      nextJars = files.map(Path::toString).sorted().toList();
    }
    assertThat(nextJars).hasSize(4).allMatch(j -> j.endsWith("-1.19.0.jar"));
    String classPath =
        String.join(java.io.File.pathSeparator, nextJars)
            + java.io.File.pathSeparator
            + ForkedJvm.classPath(
                name ->
                    name.startsWith("langchain4j-ollama")
                        || name.startsWith("jackson-")
                        || name.startsWith("slf4j-api")
                        || name.startsWith("opennlp-tools")
                        || name.equals("otel-llm-javaagent/test-classes"));

    ForkedJvm.Result result =
        run(agent(), classPath, PlainLangchain4jApp.class.getName(), "ai-service", "failures");

    receiver.awaitSpans(s -> otelLlmSpansIn(s) >= 9, 30);
    List<SpanData> ours = otelLlmSpans();
    assertThat(ours.stream().map(SpanData::getName).sorted()).containsExactlyElementsOf(EVERY_STEP);
    Exchange sync = exchange("/api/chat", CHAT, 0);
    assertThat(spanFor(ours, sync))
        .hasAttributesSatisfyingExactly(
            OllamaExpectations.chatAnswered(server.baseUrl(), CHAT, 0.0, 7L, sync.lastLine()));
    assertThat(printed(result, "broken")).startsWith("dev.langchain4j.");
  }

  @Test
  void turnedOffTheExtensionRecordsNothingAndTheProgramDoesExactlyTheSame() throws Exception {
    ForkedJvm.Result on = runPlain(agent(), "ai-service", "failures");
    receiver.awaitSpans(s -> otelLlmSpansIn(s) >= 9, 30);
    receiver.clear();

    ForkedJvm.Result off =
        runPlain(agent("-Dotel.instrumentation.otel-llm.enabled=false"), "ai-service", "failures");
    List<SpanData> spans = receiver.awaitSpans(s -> !s.isEmpty(), 10);

    assertThat(off.stdout()).isEqualTo(on.stdout());
    assertThat(spans).as("the agent's own HTTP spans still came").isNotEmpty();
    assertThat(otelLlmSpans()).isEmpty();
  }

  @Test
  void anApplicationWithTheLibraryUnderTheAgentStillGetsOneSpanPerCall() throws Exception {
    ForkedJvm.Result result =
        run(agent(), libraryClassPath(), LibraryLangchain4jApp.class.getName(), "ai-service");

    receiver.awaitSpans(s -> otelLlmSpansIn(s) >= 7, 30);
    Thread.sleep(500); // anything doubled would come with the same batches
    List<SpanData> ours = otelLlmSpans();
    assertThat(ours.stream().map(SpanData::getName).sorted())
        .containsExactly(
            "chat " + CHAT,
            "chat " + CHAT,
            "chat " + CHAT,
            "chat " + CHAT,
            "embeddings " + EMBED,
            "execute_tool recall_memory",
            "invoke_agent Librarian.ask");
    assertThat(printed(result, "sync")).isEqualTo(TEXT);
    // The library's wrapper gave the model back: the span is the extension's, with Ollama's
    // timings.
    assertThat(spanFor(ours, exchange("/api/chat", CHAT, 0)))
        .hasAttributesSatisfyingExactly(
            OllamaExpectations.chatAnswered(
                server.baseUrl(), CHAT, 0.0, 7L, exchange("/api/chat", CHAT, 0).lastLine()));
  }

  @Test
  void contentIsCapturedOnlyWhenAskedFor() throws Exception {
    runPlain(agent(), "ai-service");
    receiver.awaitSpans(s -> otelLlmSpansIn(s) >= 7, 30);
    List<String> contentKeys =
        List.of(
            "gen_ai.input.messages",
            "gen_ai.output.messages",
            "gen_ai.system_instructions",
            "gen_ai.tool.call.arguments",
            "gen_ai.tool.call.result");
    for (SpanData span : receiver.spans()) {
      for (String key : contentKeys) {
        assertThat(span.getAttributes().get(AttributeKey.stringKey(key)))
            .as("%s on %s", key, span.getName())
            .isNull();
      }
      assertThat(span.getAttributes().asMap().values())
          .as("what %s carries", span.getName())
          .noneMatch(v -> String.valueOf(v).contains("Why is the sky blue"));
    }
    receiver.clear();
    server.clearExchanges();

    runPlain(agent("-Dotel.instrumentation.genai.capture-message-content=true"), "ai-service");
    List<SpanData> spans = receiver.awaitSpans(s -> otelLlmSpansIn(s) >= 7, 30);
    SpanData sync = spanFor(otelLlmSpans(), exchange("/api/chat", CHAT, 0));
    assertThat(sync.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
        .contains("Why is the sky blue?");
    assertThat(SpanTrees.named(spans, "execute_tool recall_memory"))
        .hasAttributesSatisfying(
            equalTo(AttributeKey.stringKey("gen_ai.tool.call.result"), "bread is baked at dawn"));
  }

  @Test
  void againstTheRealOllama() throws Exception {
    String ollama = System.getenv("OLLAMA_BASE_URL");
    LocalService.OLLAMA.require(ollama != null && !ollama.isBlank());
    ForkedJvm.Result result =
        ForkedJvm.run(
            agent(),
            plainClassPath(),
            PlainLangchain4jApp.class.getName(),
            List.of(ollama.replaceAll("/+$", ""), "tiny-chat", "tiny-embed"));
    assertThat(result.exitCode()).as(result.stderr()).isZero();
    receiver.awaitSpans(s -> otelLlmSpansIn(s) >= 3, 30);
    List<SpanData> ours = otelLlmSpans();
    assertThat(ours.stream().map(SpanData::getName).sorted())
        .containsExactly("chat tiny-chat", "chat tiny-chat", "embeddings tiny-embed");
    for (SpanData chat : ours.stream().filter(s -> s.getName().startsWith("chat")).toList()) {
      assertThat(chat)
          .hasAttributesSatisfying(
              satisfies(GEN_AI_RESPONSE_MODEL, m -> m.startsWith("tiny-chat")),
              equalTo(GEN_AI_RESPONSE_FINISH_REASONS, List.of("length")),
              satisfies(GEN_AI_USAGE_INPUT_TOKENS, t -> t.isPositive()),
              satisfies(GEN_AI_USAGE_OUTPUT_TOKENS, t -> t.isPositive()),
              satisfies(OtelLlmAttributes.SERVER_TOTAL_DURATION, t -> t.isPositive()),
              satisfies(OtelLlmAttributes.SERVER_PROMPT_EVAL_DURATION, t -> t.isPositive()));
    }
  }

  /** Unloads {@code model} from the server, as Ollama does for keep_alive 0. */
  static void unload(String model) throws Exception {
    java.net.http.HttpResponse<String> response =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.baseUrl() + "/api/chat"))
                    .POST(
                        java.net.http.HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"" + model + "\",\"messages\":[],\"keep_alive\":0}"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    server.clearExchanges();
  }

  static long otelLlmSpansIn(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> s.getInstrumentationScopeInfo().getName().equals("io.otelllm"))
        .count();
  }

  static SpanData spanFor(List<SpanData> spans, Exchange exchange) {
    return OllamaExpectations.spanAnswering(
        spans, exchange.lastLine(), exchange.request().path("stream").asBoolean(true));
  }

  static Map<String, Metric> awaitMetrics(int calls) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    Map<String, Metric> latest = Map.of();
    while (System.nanoTime() < deadline) {
      latest =
          receiver.metrics().stream()
              .collect(Collectors.toMap(Metric::getName, m -> m, (a, b) -> b));
      Metric duration = latest.get("gen_ai.client.operation.duration");
      if (duration != null && histogramCount(duration) >= calls) {
        return latest;
      }
      Thread.sleep(50);
    }
    return latest;
  }

  static long histogramCount(Metric metric) {
    return metric.getHistogram().getDataPointsList().stream().mapToLong(p -> p.getCount()).sum();
  }

  /** Where the build left the extension jar (a check that the property came through). */
  static Path extensionJar() {
    Path jar = Path.of(System.getProperty("otelllm.extension.jar"));
    assertThat(Files.isRegularFile(jar)).as("the extension jar %s", jar).isTrue();
    return jar;
  }
}

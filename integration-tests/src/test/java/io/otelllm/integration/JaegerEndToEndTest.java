package io.otelllm.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Scope;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.core.AgentTurn;
import io.otelllm.examples.jaeger.JaegerInstance;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.jaeger.JaegerQuery;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.ollamawire.Exchange;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.LocalService;
import io.otelllm.testing.internal.LogCapture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The design card's shape, end to end: real langchain4j-ollama clients (against the Ollama wire
 * server) traced by otel-llm, exported by the real SDK over real OTLP (gRPC and HTTP) to a real
 * Jaeger 2.13.0, read back through Jaeger's query API. Jaeger comes from {@link JaegerLauncher}:
 * Testcontainers with Docker, else the locally built binary; otherwise the test skips saying how to
 * enable it — unless {@code OTEL_LLM_REQUIRE_JAEGER=true} (CI), where it fails instead.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerEndToEndTest {

  static final String TEXT = "The bread is ready at dawn";

  JaegerInstance jaeger;
  OllamaWireServer ollama;

  @BeforeAll
  void start() {
    Optional<JaegerInstance> started = JaegerLauncher.start();
    LocalService.JAEGER.require(started.isPresent());
    jaeger = started.get();
    System.out.println("Jaeger for the end-to-end test: " + jaeger.description());
    ollama =
        OllamaWireServer.start(
            ModelScript.builder("llama-e2e")
                .reply(TEXT)
                .firstTokenDelay(Duration.ofMillis(40))
                .build(),
            ModelScript.builder("tool-e2e")
                .toolCall("recall_memory", "{\"about\":\"bread\"}")
                .build());
  }

  @AfterAll
  void stop() {
    if (ollama != null) {
      ollama.close();
    }
    if (jaeger != null) {
      jaeger.close();
    }
  }

  @ParameterizedTest(name = "OTLP {0} straight to Jaeger")
  @ValueSource(strings = {"grpc", "http/protobuf"})
  void agentTurnArrivesInJaegerAsOneCorrectTree(String protocol) throws Exception {
    String endpoint =
        protocol.equals("grpc") ? jaeger.otlpGrpcEndpoint() : jaeger.otlpHttpEndpoint();
    runAndAssert(protocol, endpoint);
  }

  @Test
  void throughAnOpenTelemetryCollectorTheSameTreeArrives() throws Exception {
    Optional<Path> collector = JaegerLauncher.localCollectorBinary();
    LocalService.COLLECTOR.require(collector.isPresent());
    try (JaegerInstance twoHop = JaegerLauncher.startCollectorInFrontOf(jaeger, collector.get())) {
      runAndAssert("grpc", twoHop.otlpGrpcEndpoint());
    }
  }

  /**
   * Jaeger takes traces only. An application exporting metrics to it (as
   * OTEL_EXPORTER_OTLP_ENDPOINT at a Jaeger does) gets one line saying so — not a failure every
   * export interval — and its traces still arrive.
   */
  @ParameterizedTest(name = "OTLP {0}: metrics refused by Jaeger in one line")
  @ValueSource(strings = {"grpc", "http/protobuf"})
  void metricsSentToJaegerAreOneClearLineAndTracesStillArrive(String protocol) throws Exception {
    String endpoint =
        protocol.equals("grpc") ? jaeger.otlpGrpcEndpoint() : jaeger.otlpHttpEndpoint();
    String service =
        "otel-llm-metrics-"
            + protocol.replace('/', '-')
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    LogCapture log = LogCapture.of("", java.util.logging.Level.INFO);
    try (LlmTelemetrySdk sdk =
        LlmTelemetrySdk.builder()
            .setServiceName(service)
            .setEndpoint(endpoint)
            .setProtocol(protocol)
            .setProperty("otel.metric.export.interval", "200")
            .setProperty("otel.bsp.schedule.delay", "100")
            .build()) {
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk.openTelemetry());
      ChatModel chat = TracedOllama.at(ollama.baseUrl(), lc4j).chat("llama-e2e");
      for (int i = 0; i < 3; i++) {
        chat.chat("Is the bread ready?");
        Thread.sleep(300); // several export intervals, each with metrics to send
      }
    } finally {
      log.close();
    }
    List<java.util.logging.LogRecord> records = log.records();
    List<String> ours =
        records.stream()
            .filter(r -> "io.otelllm.autoconfigure".equals(r.getLoggerName()))
            .map(java.util.logging.LogRecord::getMessage)
            .toList();
    assertThat(ours)
        .singleElement()
        .asString()
        .contains(endpoint)
        .contains("takes no OTLP metrics")
        .contains("OTEL_METRICS_EXPORTER=none");
    assertThat(records)
        .as(
            "nothing else about metrics: %s",
            records.stream().map(r -> r.getLoggerName() + ": " + r.getMessage()).toList())
        .filteredOn(r -> !"io.otelllm.autoconfigure".equals(r.getLoggerName()))
        .noneSatisfy(
            r ->
                assertThat(String.valueOf(r.getMessage()) + r.getLoggerName())
                    .containsIgnoringCase("metric"));
    assertThat(
            new JaegerQuery(jaeger.queryUrl())
                .awaitTraces(service, t -> t.size() == 3, Duration.ofSeconds(30)))
        .as("the traces still arrive")
        .hasSize(3);
  }

  private void runAndAssert(String protocol, String endpoint) throws Exception {
    String service =
        "otel-llm-e2e-"
            + protocol.replace('/', '-')
            + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    ollama.clearExchanges();
    List<Throwable> failures = new ArrayList<>();
    try (LlmTelemetrySdk sdk =
        LlmTelemetrySdk.builder()
            .setServiceName(service)
            .setEndpoint(endpoint)
            .setProtocol(protocol)
            .setProperty("otel.bsp.schedule.delay", "200")
            .build()) {
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk.openTelemetry());
      ChatModel chat =
          TracedOllama.at(ollama.baseUrl(), lc4j).chat("llama-e2e", b -> b.temperature(0.3));
      TracedOllama models = TracedOllama.at(ollama.baseUrl(), lc4j);
      StreamingChatModel streaming = models.streaming("llama-e2e");
      ChatModel missing = models.chat("no-such-model");

      AgentTurn turn =
          lc4j.telemetry().agentTurn("Ada").setAgentId("ada-1").setTurnNumber(1).start();
      try (Scope ignored = turn.makeCurrent()) {
        chat.chat(
            ChatRequest.builder().messages(UserMessage.from("When is the bread ready?")).build());
        CompletableFuture<ChatResponse> done = new CompletableFuture<>();
        streaming.chat(
            "Say it again",
            new StreamingChatResponseHandler() {
              @Override
              public void onCompleteResponse(ChatResponse response) {
                done.complete(response);
              }

              @Override
              public void onError(Throwable error) {
                done.completeExceptionally(error);
              }
            });
        done.get(10, TimeUnit.SECONDS);
        lc4j.telemetry().toolExecution("recall_memory").setCallId("call-1").start().end("rye");
        try {
          missing.chat("hello?");
        } catch (RuntimeException expected) {
          failures.add(expected);
        }
      }
      turn.end();
    }
    assertThat(failures).as("the unknown model failed the call").hasSize(1);

    JaegerQuery query = new JaegerQuery(jaeger.queryUrl());
    List<JsonNode> traces =
        query.awaitTraces(
            service,
            t -> t.size() == 1 && t.get(0).path("spans").size() == 5,
            Duration.ofSeconds(30));
    assertThat(traces).as("one trace for %s in %s", service, jaeger.description()).hasSize(1);
    JsonNode trace = traces.get(0);
    List<JsonNode> spans = StreamSupport.stream(trace.path("spans").spliterator(), false).toList();
    assertThat(spans).hasSize(5);

    JsonNode root = only(spans, "invoke_agent Ada");
    assertThat(root.path("references").size()).as("the turn is the root").isZero();
    assertThat(
            trace
                .path("processes")
                .path(root.path("processID").asText())
                .path("serviceName")
                .asText())
        .isEqualTo(service);
    assertTag(root, "span.kind", "string", "internal");
    assertTag(root, "gen_ai.operation.name", "string", "invoke_agent");
    assertTag(root, "gen_ai.agent.name", "string", "Ada");
    assertTag(root, "otel_llm.turn.llm_calls", "int64", 3L);
    assertTag(root, "otel_llm.turn.llm_errors", "int64", 1L);

    String rootId = root.path("spanID").asText();
    for (JsonNode span : spans) {
      if (span != root) {
        assertThat(span.path("references")).hasSize(1);
        assertThat(span.path("references").get(0).path("refType").asText()).isEqualTo("CHILD_OF");
        assertThat(span.path("references").get(0).path("spanID").asText()).isEqualTo(rootId);
      }
    }

    List<JsonNode> chats =
        spans.stream()
            .filter(s -> s.path("operationName").asText().equals("chat llama-e2e"))
            .toList();
    assertThat(chats).hasSize(2);
    JsonNode sync =
        chats.stream()
            .filter(s -> tag(s, "gen_ai.request.stream") == null)
            .findFirst()
            .orElseThrow();
    JsonNode streamed =
        chats.stream()
            .filter(s -> tag(s, "gen_ai.request.stream") != null)
            .findFirst()
            .orElseThrow();
    Exchange syncExchange =
        ollama.exchanges().stream()
            .filter(e -> !e.request().path("stream").asBoolean(true))
            .findFirst()
            .orElseThrow();

    assertTag(sync, "span.kind", "string", "client");
    assertTag(sync, "gen_ai.operation.name", "string", "chat");
    assertTag(sync, "gen_ai.provider.name", "string", "ollama");
    assertTag(sync, "gen_ai.request.model", "string", "llama-e2e");
    assertTag(sync, "gen_ai.request.temperature", "float64", 0.3);
    assertTag(
        sync,
        "gen_ai.usage.input_tokens",
        "int64",
        syncExchange.lastLine().get("prompt_eval_count").asLong());
    assertTag(
        sync,
        "gen_ai.usage.output_tokens",
        "int64",
        syncExchange.lastLine().get("eval_count").asLong());
    assertTag(sync, "server.address", "string", "127.0.0.1");
    assertTag(sync, "server.port", "int64", (long) ollama.port());
    assertTag(
        sync,
        "otel_llm.server.total_duration",
        "float64",
        syncExchange.lastLine().get("total_duration").asLong() / 1e9);

    assertTag(streamed, "gen_ai.request.stream", "bool", true);
    assertThat(tag(streamed, "gen_ai.response.time_to_first_chunk").path("type").asText())
        .isEqualTo("float64");
    assertThat(tag(streamed, "gen_ai.response.time_to_first_chunk").path("value").asDouble())
        .isGreaterThanOrEqualTo(0.040);
    assertThat(
            StreamSupport.stream(streamed.path("logs").spliterator(), false)
                .flatMap(l -> StreamSupport.stream(l.path("fields").spliterator(), false))
                .anyMatch(
                    f ->
                        f.path("key").asText().equals("event")
                            && f.path("value").asText().equals("otel_llm.first_token")))
        .as("the first-token event is in the streaming span's logs")
        .isTrue();

    JsonNode tool = only(spans, "execute_tool recall_memory");
    assertTag(tool, "span.kind", "string", "internal");
    assertTag(tool, "gen_ai.tool.name", "string", "recall_memory");
    assertTag(tool, "gen_ai.tool.call.id", "string", "call-1");

    JsonNode failed = only(spans, "chat no-such-model");
    assertTag(failed, "error", "bool", true);
    assertTag(failed, "otel.status_code", "string", "ERROR");
    assertTag(failed, "error.type", "string", failures.get(0).getClass().getName());
    assertTag(failed, "http.response.status_code", "int64", 404L);
  }

  private static JsonNode only(List<JsonNode> spans, String name) {
    List<JsonNode> named =
        spans.stream().filter(s -> s.path("operationName").asText().equals(name)).toList();
    assertThat(named).as("spans named %s", name).hasSize(1);
    return named.get(0);
  }

  private static JsonNode tag(JsonNode span, String key) {
    for (JsonNode t : span.path("tags")) {
      if (t.path("key").asText().equals(key)) {
        return t;
      }
    }
    return null;
  }

  private static void assertTag(JsonNode span, String key, String type, Object value) {
    JsonNode t = tag(span, key);
    assertThat(t).as("tag %s on %s", key, span.path("operationName").asText()).isNotNull();
    assertThat(t.path("type").asText()).as("type of %s", key).isEqualTo(type);
    if (value instanceof Long l) {
      assertThat(t.path("value").asLong()).as(key).isEqualTo(l);
    } else if (value instanceof Double d) {
      assertThat(t.path("value").asDouble()).as(key).isEqualTo(d);
    } else if (value instanceof Boolean b) {
      assertThat(t.path("value").asBoolean()).as(key).isEqualTo(b);
    } else {
      assertThat(t.path("value").asText()).as(key).isEqualTo(value);
    }
  }
}

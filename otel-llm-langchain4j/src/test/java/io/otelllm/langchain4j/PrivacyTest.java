package io.otelllm.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.semconv.ServerAttributes;
import io.otelllm.core.AgentTurn;
import io.otelllm.langchain4j.testing.TracedOllama;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.LogCapture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Prompts, completions, tool arguments, headers and credentials stay out of telemetry. */
class PrivacyTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final String MARKER = "PRIVATE-7f3a9c";
  static final ObjectMapper JSON = new ObjectMapper();
  static OllamaWireServer server;

  @BeforeAll
  static void start() {
    server =
        OllamaWireServer.start(
            ModelScript.builder("m").reply("the answer is " + MARKER).build(),
            // Echoes the last user message: whatever the prompt holds comes back as the completion.
            ModelScript.builder("echo")
                .reply(
                    req -> {
                      JsonNode messages = req.path("messages");
                      return messages.get(messages.size() - 1).path("content").asText();
                    })
                .chunkDelay(Duration.ZERO)
                .build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void withDefaultSettingsAMarkerInEveryKindOfContentAppearsNowhere() throws Exception {
    LogCapture logs = LogCapture.of("", Level.ALL);
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    System.setOut(new PrintStream(console, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(console, true, StandardCharsets.UTF_8));
    try {
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(otel.getOpenTelemetry());
      TracedOllama ollama = TracedOllama.at(server.baseUrl(), lc4j);
      ChatModel chat =
          ollama.chat(
              "m",
              b ->
                  b.customHeaders(
                      Map.of("Authorization", "Bearer " + MARKER, "X-Api-Key", MARKER)));
      AgentTurn turn = lc4j.telemetry().agentTurn("Ada").start();
      try (Scope ignored = turn.makeCurrent()) {
        ChatResponse response =
            chat.chat(
                ChatRequest.builder()
                    .messages(
                        SystemMessage.from("You know " + MARKER),
                        UserMessage.from("Tell me " + MARKER),
                        AiMessage.from(
                            ToolExecutionRequest.builder()
                                .id("c1")
                                .name("lookup")
                                .arguments("{\"q\":\"" + MARKER + "\"}")
                                .build()),
                        ToolExecutionResultMessage.from("c1", "lookup", "found " + MARKER))
                    .build());
        assertThat(response.aiMessage().text()).contains(MARKER);
        lc4j.telemetry()
            .toolExecution("lookup")
            .setArguments("{\"q\":\"" + MARKER + "\"}")
            .start()
            .end("found " + MARKER);
        CompletableFuture<ChatResponse> streamed =
            FutureHandler.stream(
                ollama.streaming(
                    "m", b -> b.customHeaders(Map.of("Authorization", "Bearer " + MARKER))),
                "Say " + MARKER);
        assertThat(streamed.get(10, TimeUnit.SECONDS).aiMessage().text()).contains(MARKER);
      }
      turn.end();
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
      logs.close();
    }

    assertThat(otel.getSpans()).hasSize(4);
    for (SpanData span : otel.getSpans()) {
      assertThat(span.toString()).as("span %s", span.getName()).doesNotContain(MARKER);
    }
    assertThat(otel.getMetrics()).isNotEmpty();
    assertThat(otel.getMetrics().toString()).doesNotContain(MARKER);
    assertThat(otel.getLogRecords().toString()).doesNotContain(MARKER);
    assertThat(String.join("\n", logs.lines())).doesNotContain(MARKER);
    assertThat(console.toString(StandardCharsets.UTF_8)).doesNotContain(MARKER);
  }

  @Test
  void userInfoInTheBaseUrlNeverReachesServerAddress() {
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(otel.getOpenTelemetry());
    String withCredentials = server.baseUrl().replace("http://", "http://ada:" + MARKER + "@");
    ChatModel chat = TracedOllama.at(withCredentials, lc4j).chat("m");
    try {
      chat.chat("hi");
    } catch (RuntimeException e) {
      // The JDK client may refuse user-info; the telemetry must be clean either way.
    }
    SpanData span = otel.getSpans().get(0);
    assertThat(span.getAttributes().get(ServerAttributes.SERVER_ADDRESS)).isEqualTo("127.0.0.1");
    assertThat(span.getAttributes().toString()).doesNotContain(MARKER);
  }

  @Test
  void withCaptureOnHostileContentBecomesValidJsonWithinTheLimitAndNothingThrows()
      throws Exception {
    int limit = 2048;
    LangChain4jTelemetry lc4j =
        LangChain4jTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .setMaxContentLength(limit)
            .build();
    ChatModel echo = TracedOllama.at(server.baseUrl(), lc4j).chat("echo");
    byte[] bytes = new byte[4096];
    new Random(1).nextBytes(bytes);
    List<String> hostile =
        List.of(
            "x".repeat(200_000),
            new String(bytes, StandardCharsets.ISO_8859_1),
            "lone \ud800 high and \udc00 low surrogates, a pair 😀",
            "quotes \" backslashes \\ \u0000 \u0001 \u001f \t \n \r \u2028 \u2029 </script>");
    for (String content : hostile) {
      assertThatCode(
              () ->
                  echo.chat(
                      ChatRequest.builder()
                          .messages(SystemMessage.from(content), UserMessage.from(content))
                          .build()))
          .doesNotThrowAnyException();
    }
    assertThat(otel.getSpans()).hasSize(hostile.size());
    for (SpanData span : otel.getSpans()) {
      for (String key :
          List.of(
              "gen_ai.system_instructions", "gen_ai.input.messages", "gen_ai.output.messages")) {
        String value = span.getAttributes().get(AttributeKey.stringKey(key));
        assertThat(value).as(key).isNotNull();
        assertThat(value.length()).as(key).isLessThanOrEqualTo(limit);
        assertThat(JSON.readTree(value).isArray()).as(key + " parses").isTrue();
        // No unpaired surrogate survives unescaped: the attribute is valid UTF-16, so valid UTF-8
        // on the wire.
        assertThat(StandardCharsets.UTF_8.newEncoder().canEncode(value))
            .as(key + " encodes as UTF-8")
            .isTrue();
      }
    }
  }
}

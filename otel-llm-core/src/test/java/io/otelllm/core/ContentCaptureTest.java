package io.otelllm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.core.spi.LlmMessage;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.MessagePart;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ContentCaptureTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system_instructions");
  static final AttributeKey<String> INPUT = AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT = AttributeKey.stringKey("gen_ai.output.messages");
  static final ObjectMapper json = new ObjectMapper();

  private static LlmRequest conversation(String userText) {
    return LlmRequest.builder("chat", "ollama")
        .setRequestModel("m")
        .setSystemInstructions(List.of(MessagePart.text("You are Ada, a baker.")))
        .setInputMessages(
            List.of(
                LlmMessage.of("user", MessagePart.text(userText)),
                LlmMessage.of(
                    "assistant", MessagePart.toolCall("c1", "recall", "{\"q\":\"bread\"}")),
                LlmMessage.of("tool", MessagePart.toolCallResponse("c1", "rye on Monday"))))
        .build();
  }

  private static LlmResponse answer(String text) {
    return LlmResponse.builder()
        .setOutputMessages(List.of(LlmMessage.output("stop", MessagePart.text(text))))
        .build();
  }

  private SpanData run(LlmTelemetry telemetry, String userText, String answerText) {
    telemetry.llmCall(conversation(userText)).start().end(answer(answerText));
    return otel.getSpans().get(otel.getSpans().size() - 1);
  }

  @Test
  void contentIsOffByDefault() {
    SpanData span = run(LlmTelemetry.create(otel.getOpenTelemetry()), "MARKER-1", "MARKER-2");
    assertThat(span.getAttributes().get(SYSTEM)).isNull();
    assertThat(span.getAttributes().get(INPUT)).isNull();
    assertThat(span.getAttributes().get(OUTPUT)).isNull();
    assertThat(span.getAttributes().toString()).doesNotContain("MARKER");
  }

  @Test
  void withCaptureOffNoContentIsEvenLookedAt() {
    java.util.concurrent.atomic.AtomicInteger redactions =
        new java.util.concurrent.atomic.AtomicInteger();
    LlmTelemetry off =
        LlmTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(false)
            .setContentRedactor(
                s -> {
                  redactions.incrementAndGet();
                  return s;
                })
            .build();
    run(off, "hello", "world");
    off.toolExecution("t").setArguments("{}").start().end("result");
    assertThat(redactions.get()).as("the redactor runs only on content that is recorded").isZero();
    assertThat(off.capturesMessageContent()).isFalse();
  }

  @Test
  void contentOnFollowsTheSemconvMessageSchema() throws Exception {
    LlmTelemetry telemetry =
        LlmTelemetry.builder(otel.getOpenTelemetry()).setCaptureMessageContent(true).build();
    SpanData span = run(telemetry, "Any bread \"today\"?\n", "Yes.");

    assertThat(json.readTree(span.getAttributes().get(SYSTEM)))
        .isEqualTo(json.readTree("[{\"type\":\"text\",\"content\":\"You are Ada, a baker.\"}]"));
    assertThat(json.readTree(span.getAttributes().get(INPUT)))
        .isEqualTo(
            json.readTree(
                """
            [{"role":"user","parts":[{"type":"text","content":"Any bread \\"today\\"?\\n"}]},
             {"role":"assistant","parts":[{"type":"tool_call","id":"c1","name":"recall","arguments":"{\\"q\\":\\"bread\\"}"}]},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"c1","response":"rye on Monday"}]}]
            """));
    assertThat(json.readTree(span.getAttributes().get(OUTPUT)))
        .isEqualTo(
            json.readTree(
                "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Yes.\"}],\"finish_reason\":\"stop\"}]"));
  }

  @Test
  void truncatedContentStaysParseableJsonWithinTheLimitAndSaysItWasTruncated() throws Exception {
    LlmTelemetry telemetry =
        LlmTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .setMaxContentLength(300)
            .build();
    String huge =
        "x\"\\\n\u0001😀".repeat(2000) + "\ud800"; // quotes, escapes, pairs, a lone surrogate
    SpanData span = run(telemetry, huge, huge);

    for (AttributeKey<String> key : List.of(SYSTEM, INPUT, OUTPUT)) {
      String value = span.getAttributes().get(key);
      assertThat(value.length()).as(key.getKey()).isLessThanOrEqualTo(300);
      JsonNode parsed = json.readTree(value);
      assertThat(parsed.isArray()).isTrue();
    }
    JsonNode input = json.readTree(span.getAttributes().get(INPUT));
    assertThat(input.get(0).get("parts").get(0).get("content").asText()).endsWith("…[truncated]");
    assertThat(input.get(0).get("role").asText()).isEqualTo("user");
    // Each cut is as long as the limit allows: one more character would not fit.
    assertThat(span.getAttributes().get(INPUT).length()).isGreaterThan(250);
  }

  @Test
  void whenEvenEmptyStringsDoNotFitTheOldestMessagesAreDropped() throws Exception {
    LlmTelemetry telemetry =
        LlmTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .setMaxContentLength(120)
            .build();
    List<LlmMessage> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(LlmMessage.of("user", MessagePart.text("message " + i)));
    }
    telemetry
        .llmCall(LlmRequest.builder("chat", "ollama").setInputMessages(many).build())
        .start()
        .end(null);
    String value = otel.getSpans().get(0).getAttributes().get(INPUT);
    assertThat(value.length()).isLessThanOrEqualTo(120);
    JsonNode parsed = json.readTree(value);
    assertThat(parsed.size()).isBetween(1, 3);
    String newest = parsed.get(parsed.size() - 1).get("parts").get(0).get("content").asText();
    assertThat("message 49")
        .as("the newest message is kept")
        .startsWith(newest.replace("…[truncated]", ""));
    assertThat(newest.replace("…[truncated]", "")).isNotEmpty();
  }

  @Test
  void redactorRunsOnEveryStringBeforeTruncationAndAThrowingOneNeverLeaksContent()
      throws Exception {
    LlmTelemetry redacting =
        LlmTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .setContentRedactor(s -> s.replaceAll("[\\w.]+@[\\w.]+", "<email>"))
            .build();
    SpanData span = run(redacting, "mail ada@bakery.example now", "ok, bo@x.org");
    assertThat(
            json.readTree(span.getAttributes().get(INPUT))
                .get(0)
                .get("parts")
                .get(0)
                .get("content")
                .asText())
        .isEqualTo("mail <email> now");
    assertThat(span.getAttributes().get(OUTPUT)).contains("ok, <email>").doesNotContain("bo@x.org");

    LlmTelemetry throwing =
        LlmTelemetry.builder(otel.getOpenTelemetry())
            .setCaptureMessageContent(true)
            .setContentRedactor(
                s -> {
                  throw new IllegalStateException("redactor bug");
                })
            .build();
    SpanData failed = run(throwing, "SECRET-IN", "SECRET-OUT");
    assertThat(failed.getAttributes().toString()).doesNotContain("SECRET");
    assertThat(failed.getAttributes().get(INPUT)).contains("[REDACTION_FAILED]");
    assertThat(failed.getEndEpochNanos()).isPositive();
  }

  @Test
  void theStandardPropertyAndEnvironmentVariableTurnCaptureOnAndAnythingButTrueKeepsItOff() {
    var otelApi = otel.getOpenTelemetry();
    assertThat(
            new LlmTelemetryBuilder(otelApi, k -> null, k -> null).build().capturesMessageContent())
        .isFalse();
    assertThat(
            new LlmTelemetryBuilder(
                    otelApi,
                    k ->
                        k.equals("otel.instrumentation.genai.capture-message-content")
                            ? "true"
                            : null,
                    k -> null)
                .build()
                .capturesMessageContent())
        .isTrue();
    assertThat(
            new LlmTelemetryBuilder(
                    otelApi,
                    k -> null,
                    k ->
                        k.equals("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT")
                            ? "TRUE"
                            : null)
                .build()
                .capturesMessageContent())
        .isTrue();
    assertThat(
            new LlmTelemetryBuilder(otelApi, k -> null, k -> "yes")
                .build()
                .capturesMessageContent())
        .isFalse();
    assertThat(
            new LlmTelemetryBuilder(otelApi, k -> "true", k -> null)
                .setCaptureMessageContent(false)
                .build()
                .capturesMessageContent())
        .as("the builder overrides the environment")
        .isFalse();
  }

  @Test
  void invalidSettingsFailAtBuildNamingTheSetting() {
    var builder = LlmTelemetry.builder(otel.getOpenTelemetry());
    assertThatThrownBy(() -> builder.setMaxContentLength(-1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxContentLength")
        .hasMessageContaining("-1");
    assertThatThrownBy(
            () -> LlmTelemetry.builder(otel.getOpenTelemetry()).setMaxDistinctLabels(-5).build())
        .hasMessageContaining("maxDistinctLabels");
    assertThatThrownBy(
            () -> LlmTelemetry.builder(otel.getOpenTelemetry()).setContentRedactor(null).build())
        .hasMessageContaining("contentRedactor");
    assertThatThrownBy(
            () ->
                LlmTelemetry.builder(otel.getOpenTelemetry())
                    .setModelLoadEventThreshold(java.time.Duration.ofMillis(-1))
                    .build())
        .hasMessageContaining("modelLoadEventThreshold");
  }
}

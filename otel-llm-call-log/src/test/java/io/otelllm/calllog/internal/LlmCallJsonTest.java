package io.otelllm.calllog.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The log's JSON form: what is written is what is read back, and bad lines say what is wrong. */
class LlmCallJsonTest {

  static final LlmCallRecord FULL =
      LlmCallRecord.builder()
          .setRequestId("00f067aa0ba902b7")
          .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
          .setTimestamp(Instant.parse("2026-11-27T10:15:30.123456Z"))
          .setLabel("dialogue \"quoted\" ünïcode")
          .setOperation("chat")
          .setProvider("ollama")
          .setRequestModel("llama3.2")
          .setResponseModel("llama3.2:latest")
          .setAgent("Ada")
          .setSuccess(false)
          .setErrorType("java.net.ConnectException")
          .setErrorMessage("Connection refused")
          .setDurationMs(812.3456)
          .setTtftMs(40.5)
          .setPromptTokens(120L)
          .setCompletionTokens(30L)
          .setTotalTokens(150L)
          .setLoadMs(900.25)
          .setPromptEvalMs(20.5)
          .setEvalMs(80.25)
          .setServerTotalMs(1001.5)
          .setColdStart(true)
          .build();

  @Test
  void everyFieldRoundTripsWithSnakeCaseNames() throws IOException {
    String line = LlmCallJson.toLine(FULL);

    assertThat(fields(line))
        .containsExactly(
            Map.entry("request_id", "00f067aa0ba902b7"),
            Map.entry("trace_id", "4bf92f3577b34da6a3ce929d0e0e4736"),
            Map.entry("timestamp", "2026-11-27T10:15:30.123456Z"),
            Map.entry("label", "dialogue \"quoted\" ünïcode"),
            Map.entry("operation", "chat"),
            Map.entry("provider", "ollama"),
            Map.entry("request_model", "llama3.2"),
            Map.entry("response_model", "llama3.2:latest"),
            Map.entry("agent", "Ada"),
            Map.entry("success", "false"),
            Map.entry("error_type", "java.net.ConnectException"),
            Map.entry("error_message", "Connection refused"),
            Map.entry("duration_ms", "812.346"),
            Map.entry("ttft_ms", "40.5"),
            Map.entry("prompt_tokens", "120"),
            Map.entry("completion_tokens", "30"),
            Map.entry("total_tokens", "150"),
            Map.entry("load_ms", "900.25"),
            Map.entry("prompt_eval_ms", "20.5"),
            Map.entry("eval_ms", "80.25"),
            Map.entry("server_total_ms", "1001.5"),
            Map.entry("cold_start", "true"));
    LlmCallRecord back = LlmCallJson.parse(line);
    assertThat(back).usingRecursiveComparison().ignoringFields("durationMs").isEqualTo(FULL);
    assertThat(back.durationMs()).isEqualTo(812.346);
    byte[] framed = ("xx" + line + "\nyy").getBytes(StandardCharsets.UTF_8);
    int length = line.getBytes(StandardCharsets.UTF_8).length;
    assertThat(LlmCallJson.parse(framed, 2, length)).isEqualTo(back);
  }

  @Test
  void absentValuesAreLeftOutAndReadAsAbsent() throws IOException {
    LlmCallRecord bare =
        LlmCallRecord.builder()
            .setRequestId("a")
            .setTimestamp(Instant.EPOCH)
            .setSuccess(true)
            .setDurationMs(5)
            .setColdStart(false)
            .build();
    String line = LlmCallJson.toLine(bare);

    assertThat(fields(line).keySet())
        .containsExactly("request_id", "timestamp", "success", "duration_ms", "cold_start");
    assertThat(LlmCallJson.parse(line)).isEqualTo(bare);
  }

  @Test
  void whitespaceKeyOrderUnknownFieldsAndNullsDoNotMatter() {
    LlmCallRecord r =
        LlmCallJson.parse(
            "{ \"duration_ms\" : 12 , \"future\": {\"nested\": [1, 2]}, \"label\": null,"
                + " \"timestamp\": \"2026-11-27T10:15:30Z\", \"request_id\": \"x\","
                + " \"prompt_tokens\": 7.0 }");

    assertThat(r.requestId()).isEqualTo("x");
    assertThat(r.durationMs()).isEqualTo(12.0);
    assertThat(r.label()).isNull();
    assertThat(r.promptTokens()).isEqualTo(7L);
    assertThat(r.timestamp()).isEqualTo(Instant.parse("2026-11-27T10:15:30Z"));
  }

  @Test
  void timestampsInOtherIsoFormsAreRead() {
    assertThat(LlmCallJson.instant("2026-11-27T10:15:30.1Z"))
        .isEqualTo(Instant.parse("2026-11-27T10:15:30.100Z"));
    assertThat(LlmCallJson.instant("2024-02-29T23:59:59.999999999Z"))
        .isEqualTo(Instant.parse("2024-02-29T23:59:59.999999999Z"));
    assertThat(LlmCallJson.instant("2026-11-27T11:15:30+01:00"))
        .isEqualTo(Instant.parse("2026-11-27T10:15:30Z"));
    assertThatThrownBy(() -> LlmCallJson.instant("2026-02-30T10:15:30Z"))
        .hasMessage("timestamp is not an ISO-8601 instant: 2026-02-30T10:15:30Z");
    assertThatThrownBy(() -> LlmCallJson.instant("yesterday"))
        .hasMessage("timestamp is not an ISO-8601 instant: yesterday");
  }

  @Test
  void badLinesSayWhatIsWrong() {
    String ok = "\"request_id\":\"a\",\"timestamp\":\"2026-11-27T10:15:30Z\",\"duration_ms\":1";
    assertThatThrownBy(() -> LlmCallJson.parse("{" + ok.substring(0, 30)))
        .hasMessage("not JSON (the line ends inside the object)");
    assertThatThrownBy(() -> LlmCallJson.parse("[1]")).hasMessage("not a JSON object");
    assertThatThrownBy(() -> LlmCallJson.parse("{" + ok + "}{" + ok + "}"))
        .hasMessage("more than one JSON value on the line");
    assertThatThrownBy(() -> LlmCallJson.parse("{\"timestamp\":\"2026-11-27T10:15:30Z\"}"))
        .hasMessage("missing field request_id");
    assertThatThrownBy(() -> LlmCallJson.parse("{\"request_id\":\"a\",\"duration_ms\":1}"))
        .hasMessage("missing field timestamp");
    assertThatThrownBy(
            () ->
                LlmCallJson.parse("{\"request_id\":\"a\",\"timestamp\":\"2026-11-27T10:15:30Z\"}"))
        .hasMessage("missing field duration_ms");
    assertThatThrownBy(
            () ->
                LlmCallJson.parse(
                    "{\"request_id\":\"a\",\"timestamp\":\"2026-11-27T10:15:30Z\","
                        + "\"duration_ms\":\"slow\"}"))
        .hasMessage("duration_ms is not a number");
    byte[] latin1 = ("{" + ok + ",\"label\":\"caf\u00e9\"}").getBytes(StandardCharsets.ISO_8859_1);
    assertThatThrownBy(() -> LlmCallJson.parse(latin1, 0, latin1.length))
        .hasMessage("not UTF-8 text");
    assertThatThrownBy(() -> LlmCallJson.parse("nonsense"))
        .hasMessageStartingWith("not JSON (Unrecognized token 'nonsense'");
  }

  @Test
  void aBlockOfLinesIsReadWithOneParserOnlyWhenEveryLineIsOneCall() {
    String a = LlmCallJson.toLine(FULL);
    List<LlmCallRecord> calls = new ArrayList<>();

    assertThat(parseLines(a + "\n\n  \n" + a + "\r\n", calls)).isTrue();
    assertThat(calls).hasSize(2);
    assertThat(parseLines(a + a + "\n", new ArrayList<>())).as("two on a line").isFalse();
    assertThat(parseLines(a.replace(",\"label\"", ",\n\"label\"") + "\n", new ArrayList<>()))
        .as("one call over two lines")
        .isFalse();
    assertThat(parseLines(a + "\n[1]\n", new ArrayList<>())).as("not an object").isFalse();
    assertThat(parseLines(a + "\n{\"request_id\":\"a\"}\n", new ArrayList<>()))
        .as("a field missing")
        .isFalse();
  }

  private static boolean parseLines(String text, List<LlmCallRecord> calls) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    return LlmCallJson.parseLines(bytes, 0, bytes.length, calls);
  }

  /** The line's fields in order, values as their JSON text, read with a plain parser. */
  private static Map<String, String> fields(String line) throws IOException {
    Map<String, String> fields = new LinkedHashMap<>();
    try (JsonParser p = new JsonFactory().createParser(line)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        fields.put(name, p.getText());
      }
      assertThat(p.nextToken()).isNull();
    }
    return fields;
  }
}

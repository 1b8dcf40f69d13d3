package io.otelllm.sdk.calls;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/**
 * The JSON-lines format of {@link LlmCallRecord}: one object per line, snake_case keys, absent
 * values left out. Written by the log exporter, read back by the report.
 */
public final class LlmCallJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LlmCallJson() {}

  /** The record as one JSON line (without the line break); absent values are left out. */
  public static String toLine(LlmCallRecord r) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("request_id", r.requestId());
      string(g, "trace_id", r.traceId());
      g.writeStringField("timestamp", r.timestamp().toString());
      string(g, "label", r.label());
      string(g, "operation", r.operation());
      string(g, "provider", r.provider());
      string(g, "request_model", r.requestModel());
      string(g, "response_model", r.responseModel());
      string(g, "agent", r.agent());
      g.writeBooleanField("success", r.success());
      string(g, "error_type", r.errorType());
      string(g, "error_message", r.errorMessage());
      g.writeNumberField("duration_ms", round(r.durationMs()));
      number(g, "ttft_ms", r.ttftMs());
      number(g, "prompt_tokens", r.promptTokens());
      number(g, "completion_tokens", r.completionTokens());
      number(g, "total_tokens", r.totalTokens());
      number(g, "load_ms", r.loadMs());
      number(g, "prompt_eval_ms", r.promptEvalMs());
      number(g, "eval_ms", r.evalMs());
      number(g, "server_total_ms", r.serverTotalMs());
      g.writeBooleanField("cold_start", r.coldStart());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a StringWriter does not fail
    }
    return out.toString();
  }

  /**
   * Parses one line.
   *
   * @throws IllegalArgumentException naming what is wrong: not JSON, not an object, a missing or
   *     malformed required field ({@code request_id}, {@code timestamp}, {@code duration_ms})
   */
  public static LlmCallRecord parse(String line) {
    JsonNode n;
    try {
      n = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + ")", e);
    }
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    for (String required : new String[] {"request_id", "timestamp", "duration_ms"}) {
      if (!n.hasNonNull(required)) {
        throw new IllegalArgumentException("missing field " + required);
      }
    }
    if (!n.get("duration_ms").isNumber()) {
      throw new IllegalArgumentException("duration_ms is not a number");
    }
    Instant timestamp;
    try {
      timestamp = Instant.parse(n.get("timestamp").asText());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "timestamp is not an ISO-8601 instant: " + n.get("timestamp").asText());
    }
    return new LlmCallRecord(
        n.get("request_id").asText(),
        text(n, "trace_id"),
        timestamp,
        text(n, "label"),
        text(n, "operation"),
        text(n, "provider"),
        text(n, "request_model"),
        text(n, "response_model"),
        text(n, "agent"),
        n.path("success").asBoolean(true),
        text(n, "error_type"),
        text(n, "error_message"),
        n.get("duration_ms").asDouble(),
        dbl(n, "ttft_ms"),
        lng(n, "prompt_tokens"),
        lng(n, "completion_tokens"),
        lng(n, "total_tokens"),
        dbl(n, "load_ms"),
        dbl(n, "prompt_eval_ms"),
        dbl(n, "eval_ms"),
        dbl(n, "server_total_ms"),
        n.path("cold_start").asBoolean(false));
  }

  private static double round(double ms) {
    return Math.round(ms * 1000) / 1000.0; // microsecond resolution is plenty in a log
  }

  private static void string(JsonGenerator g, String key, @Nullable String value)
      throws IOException {
    if (value != null) {
      g.writeStringField(key, value);
    }
  }

  private static void number(JsonGenerator g, String key, @Nullable Double value)
      throws IOException {
    if (value != null) {
      g.writeNumberField(key, round(value));
    }
  }

  private static void number(JsonGenerator g, String key, @Nullable Long value) throws IOException {
    if (value != null) {
      g.writeNumberField(key, value);
    }
  }

  private static @Nullable String text(JsonNode n, String key) {
    return n.hasNonNull(key) ? n.get(key).asText() : null;
  }

  private static @Nullable Double dbl(JsonNode n, String key) {
    return n.hasNonNull(key) && n.get(key).isNumber() ? n.get(key).asDouble() : null;
  }

  private static @Nullable Long lng(JsonNode n, String key) {
    return n.hasNonNull(key) && n.get(key).canConvertToLong() ? n.get(key).asLong() : null;
  }
}

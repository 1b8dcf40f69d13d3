package io.otelllm.calllog.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON-lines form of an {@link LlmCallRecord}: one object per line, snake_case fields, absent
 * values left out. Parsed token by token (no tree per line): a log of millions of calls is read at
 * the speed of the disk.
 */
public final class LlmCallJson {
  private static final JsonFactory JSON =
      JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

  private LlmCallJson() {}

  /** The record as one JSON line (without the line break). */
  public static String toLine(LlmCallRecord r) {
    StringWriter out = new StringWriter(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
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
      string(g, "inner_agent", r.innerAgent());
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
      number(g, "queue_ms", r.queueMs());
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
   * @throws IllegalArgumentException naming what is wrong: not JSON (or not UTF-8), not an object,
   *     a missing or malformed required field ({@code request_id}, {@code timestamp}, {@code
   *     duration_ms})
   */
  public static LlmCallRecord parse(String line) {
    try (JsonParser p = JSON.createParser(line)) {
      return parse(p);
    } catch (IOException e) {
      throw notJson(e);
    }
  }

  /** Parses the UTF-8 line in {@code bytes[offset, offset + length)}; as {@link #parse(String)}. */
  public static LlmCallRecord parse(byte[] bytes, int offset, int length) {
    try (JsonParser p = JSON.createParser(bytes, offset, length)) {
      return parse(p);
    } catch (IOException e) {
      throw notJson(e);
    }
  }

  /**
   * Parses the complete lines in {@code bytes[offset, offset + length)} with one parser, adding the
   * calls to {@code calls}; {@code false} (and {@code calls} in an unspecified state) unless every
   * non-blank line is exactly one well-formed call. One parser per block of lines rather than per
   * line: creating a parser costs as much as reading a short line.
   */
  static boolean parseLines(byte[] bytes, int offset, int length, List<LlmCallRecord> calls) {
    try (JsonParser p = JSON.createParser(bytes, offset, length)) {
      int lastLine = 0;
      while (true) {
        if (p.nextToken() == null) {
          return true;
        }
        int line = p.currentTokenLocation().getLineNr();
        if (p.currentToken() != JsonToken.START_OBJECT || line <= lastLine) {
          return false;
        }
        LlmCallRecord call = object(p);
        if (p.currentTokenLocation().getLineNr() != line) {
          return false; // one call spread over several lines
        }
        calls.add(call);
        lastLine = line;
      }
    } catch (IOException | IllegalArgumentException e) {
      return false; // the caller reads the block again line by line to say what is wrong where
    }
  }

  private static IllegalArgumentException notJson(IOException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    if (message.contains("Invalid UTF-8")) {
      return new IllegalArgumentException("not UTF-8 text", e);
    }
    if (e instanceof JsonEOFException || message.contains("end-of-input")) {
      return new IllegalArgumentException("not JSON (the line ends inside the object)", e);
    }
    int at = message.indexOf("\n at [");
    return new IllegalArgumentException(
        "not JSON (" + (at < 0 ? message : message.substring(0, at)) + ")", e);
  }

  private static LlmCallRecord parse(JsonParser p) throws IOException {
    if (p.nextToken() != JsonToken.START_OBJECT) {
      throw new IllegalArgumentException("not a JSON object");
    }
    LlmCallRecord call = object(p);
    if (p.nextToken() != null) {
      throw new IllegalArgumentException("more than one JSON value on the line");
    }
    return call;
  }

  /** The call whose {@code START_OBJECT} the parser is on; leaves it on the {@code END_OBJECT}. */
  @SuppressWarnings("StatementSwitchToExpressionSwitch") // fall-through-free, reads as a table
  private static LlmCallRecord object(JsonParser p) throws IOException {
    String requestId = null;
    String traceId = null;
    String timestamp = null;
    String label = null;
    String operation = null;
    String provider = null;
    String requestModel = null;
    String responseModel = null;
    String agent = null;
    String innerAgent = null;
    boolean success = true;
    String errorType = null;
    String errorMessage = null;
    Double durationMs = null;
    boolean durationNotNumber = false;
    Double ttftMs = null;
    Long promptTokens = null;
    Long completionTokens = null;
    Long totalTokens = null;
    Double loadMs = null;
    Double promptEvalMs = null;
    Double evalMs = null;
    Double serverTotalMs = null;
    Double queueMs = null;
    boolean coldStart = false;
    JsonToken t;
    while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken v = p.nextToken();
      switch (field) {
        case "request_id":
          requestId = text(p, v);
          break;
        case "trace_id":
          traceId = text(p, v);
          break;
        case "timestamp":
          timestamp = text(p, v);
          break;
        case "label":
          label = text(p, v);
          break;
        case "operation":
          operation = text(p, v);
          break;
        case "provider":
          provider = text(p, v);
          break;
        case "request_model":
          requestModel = text(p, v);
          break;
        case "response_model":
          responseModel = text(p, v);
          break;
        case "agent":
          agent = text(p, v);
          break;
        case "inner_agent":
          innerAgent = text(p, v);
          break;
        case "success":
          success = v != JsonToken.VALUE_FALSE;
          break;
        case "error_type":
          errorType = text(p, v);
          break;
        case "error_message":
          errorMessage = text(p, v);
          break;
        case "duration_ms":
          durationMs = dbl(p, v);
          durationNotNumber = v != JsonToken.VALUE_NULL && durationMs == null;
          break;
        case "ttft_ms":
          ttftMs = dbl(p, v);
          break;
        case "prompt_tokens":
          promptTokens = lng(p, v);
          break;
        case "completion_tokens":
          completionTokens = lng(p, v);
          break;
        case "total_tokens":
          totalTokens = lng(p, v);
          break;
        case "load_ms":
          loadMs = dbl(p, v);
          break;
        case "prompt_eval_ms":
          promptEvalMs = dbl(p, v);
          break;
        case "eval_ms":
          evalMs = dbl(p, v);
          break;
        case "server_total_ms":
          serverTotalMs = dbl(p, v);
          break;
        case "queue_ms":
          queueMs = dbl(p, v);
          break;
        case "cold_start":
          coldStart = v == JsonToken.VALUE_TRUE;
          break;
        default:
          p.skipChildren(); // a field of a newer writer
      }
    }
    if (t != JsonToken.END_OBJECT) {
      throw new IllegalArgumentException("not JSON (the line ends inside the object)");
    }
    if (requestId == null) {
      throw new IllegalArgumentException("missing field request_id");
    }
    if (timestamp == null) {
      throw new IllegalArgumentException("missing field timestamp");
    }
    if (durationNotNumber) {
      throw new IllegalArgumentException("duration_ms is not a number");
    }
    if (durationMs == null) {
      throw new IllegalArgumentException("missing field duration_ms");
    }
    Instant start = instant(timestamp);
    LlmCallRecord call =
        LlmCallRecord.builder()
            .setRequestId(requestId)
            .setTraceId(traceId)
            .setTimestamp(start)
            .setLabel(label)
            .setOperation(operation)
            .setProvider(provider)
            .setRequestModel(requestModel)
            .setResponseModel(responseModel)
            .setAgent(agent)
            .setInnerAgent(innerAgent)
            .setSuccess(success)
            .setErrorType(errorType)
            .setErrorMessage(errorMessage)
            .setDurationMs(durationMs)
            .setTtftMs(ttftMs)
            .setPromptTokens(promptTokens)
            .setCompletionTokens(completionTokens)
            .setTotalTokens(totalTokens)
            .setLoadMs(loadMs)
            .setPromptEvalMs(promptEvalMs)
            .setEvalMs(evalMs)
            .setServerTotalMs(serverTotalMs)
            .setQueueMs(queueMs)
            .setColdStart(coldStart)
            .build();
    String outOfRange = LlmCallRecords.outOfRange(call);
    if (outOfRange != null) {
      throw new IllegalArgumentException(outOfRange);
    }
    return call;
  }

  /**
   * The instant of an ISO-8601 UTC timestamp. The form this class writes ({@code
   * 2026-11-27T10:15:30.123456Z}, what {@link Instant#toString()} gives) is read directly, a
   * twentieth of {@link Instant#parse}'s cost (a million calls, a second saved); any other ISO-8601
   * instant goes to {@link Instant#parse}.
   */
  static Instant instant(String text) {
    int n = text.length();
    if (n >= 20
        && text.charAt(4) == '-'
        && text.charAt(7) == '-'
        && text.charAt(10) == 'T'
        && text.charAt(13) == ':'
        && text.charAt(16) == ':'
        && text.charAt(n - 1) == 'Z') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      int nanos = 0;
      boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
      ok &= hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60;
      if (n > 20) {
        int fraction = n - 21;
        ok &= text.charAt(19) == '.' && fraction >= 1 && fraction <= 9;
        if (ok) {
          nanos = digits(text, 20, fraction);
          ok = nanos >= 0;
          for (int i = fraction; i < 9 && ok; i++) {
            nanos *= 10;
          }
        }
      }
      if (ok && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
        long epochDay = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(
            epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
      }
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("timestamp is not an ISO-8601 instant: " + text);
    }
  }

  /** The non-negative number in {@code text[from, from + count)}, or -1 if it is not digits. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static @Nullable String text(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NULL) {
      return null;
    }
    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
      p.skipChildren();
      return null;
    }
    return p.getText();
  }

  private static @Nullable Double dbl(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
      return p.getDoubleValue();
    }
    p.skipChildren();
    return null;
  }

  private static @Nullable Long lng(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.VALUE_NUMBER_INT) {
      return p.getLongValue();
    }
    if (v == JsonToken.VALUE_NUMBER_FLOAT) {
      double d = p.getDoubleValue();
      return d == Math.rint(d) ? (long) d : null;
    }
    p.skipChildren();
    return null;
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
}

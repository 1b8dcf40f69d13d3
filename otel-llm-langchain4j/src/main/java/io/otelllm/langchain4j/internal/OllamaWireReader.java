package io.otelllm.langchain4j.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.otelllm.core.internal.SafeLog;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.ServerTimings;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the timing fields (nanoseconds) of an Ollama response — the JSON body of a synchronous
 * call, or the final line of an NDJSON stream — and hands them to the call.
 *
 * <p>Stream lines are JSON objects; only the final one ({@code "done": true}) carries timings. A
 * stream has one line per generated token, so parsing every line would cost a JSON tree per chunk:
 * {@link #isFinalLine} instead scans the line once, without allocating, for a top-level {@code
 * "done"} key whose value is {@code true} — tokenizing strings (escapes included) so that
 * whitespace, key order, and a {@code "done"} inside message content or tool arguments cannot fool
 * it — and only that line is parsed, with Jackson's streaming parser.
 */
final class OllamaWireReader {
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * Whether {@code url} is one of Ollama's native endpoints, whose answers carry its timings
   * ({@code /api/chat}, {@code /api/generate}, {@code /api/embed}, {@code /api/embeddings}): only
   * those bodies are read, never another provider's.
   */
  static boolean isOllamaApi(@Nullable String url) {
    if (url == null) {
      return false;
    }
    int query = url.indexOf('?');
    String path = query < 0 ? url : url.substring(0, query);
    return path.endsWith("/api/chat")
        || path.endsWith("/api/generate")
        || path.endsWith("/api/embed")
        || path.endsWith("/api/embeddings");
  }

  /** Whether {@code line} is a JSON object whose top-level {@code done} member is {@code true}. */
  static boolean isFinalLine(String line) {
    if (line == null) {
      return false;
    }
    int depth = 0;
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c == '"') {
        int end = endOfString(line, i);
        if (end < 0) {
          return false; // an unterminated string: not a complete line
        }
        if (depth == 1
            && end - i == 5
            && line.startsWith("done", i + 1)
            && isTrueValue(line, end + 1)) {
          return true;
        }
        i = end;
      } else if (c == '{' || c == '[') {
        depth++;
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return false;
  }

  /** The index of the quote closing the string that opens at {@code start}, or -1. */
  private static int endOfString(String s, int start) {
    for (int i = start + 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\') {
        i++; // whatever is escaped, it cannot close the string
      } else if (c == '"') {
        return i;
      }
    }
    return -1;
  }

  /**
   * Whether {@code s} continues at {@code i} with optional whitespace, ':', whitespace, {@code
   * true}.
   */
  private static boolean isTrueValue(String s, int i) {
    i = skipWhitespace(s, i);
    if (i >= s.length() || s.charAt(i) != ':') {
      return false; // a string value "done", not a key
    }
    i = skipWhitespace(s, i + 1);
    if (!s.startsWith("true", i)) {
      return false;
    }
    int after = skipWhitespace(s, i + 4);
    return after < s.length() && (s.charAt(after) == ',' || s.charAt(after) == '}');
  }

  private static int skipWhitespace(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  /**
   * Reads the timings from {@code json} and hands them to {@code call}; a body without {@code
   * total_duration} (not Ollama's, or an error) records nothing. Only the five top-level numbers
   * are read, with a streaming parser: every other value — an embedding batch's vectors, a message
   * — is skipped without being materialised, so the body costs telemetry no memory beyond the
   * parser's buffers, however large it is. Never throws, not even an {@link Error}.
   */
  static void readTimings(@Nullable String json, LlmCall call) {
    if (json == null || json.isEmpty() || !call.isRecording()) {
      return;
    }
    try {
      ServerTimings timings = parseTimings(json);
      if (timings != null) {
        call.recordServerTimings(timings);
      }
    } catch (Throwable t) {
      SafeLog.failure("reading Ollama's timings", t);
    }
  }

  /** The timings in {@code json}, or {@code null} when it has no {@code total_duration}. */
  static @Nullable ServerTimings parseTimings(String json) throws IOException {
    try (JsonParser parser = JSON.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Long load = null;
      Long promptEval = null;
      Long eval = null;
      Long total = null;
      Long evalCount = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "load_duration" -> load = nonNegativeLong(parser, value);
          case "prompt_eval_duration" -> promptEval = nonNegativeLong(parser, value);
          case "eval_duration" -> eval = nonNegativeLong(parser, value);
          case "total_duration" -> total = nonNegativeLong(parser, value);
          case "eval_count" -> evalCount = nonNegativeLong(parser, value);
          default -> parser.skipChildren(); // vectors, messages: scanned, never built
        }
      }
      if (total == null) {
        return null;
      }
      return ServerTimings.builder()
          .setLoadNanos(load)
          .setPromptEvalNanos(promptEval)
          .setEvalNanos(eval)
          .setTotalNanos(total)
          .setEvalCount(evalCount)
          .build();
    }
  }

  /** The value as a non-negative long, or {@code null} when it is not one (or out of range). */
  private static @Nullable Long nonNegativeLong(JsonParser parser, @Nullable JsonToken value)
      throws IOException {
    if (value == JsonToken.VALUE_NUMBER_INT) {
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        return null;
      }
      long v = parser.getLongValue();
      return v >= 0 ? v : null;
    }
    if (value == JsonToken.VALUE_NUMBER_FLOAT) {
      double v = parser.getDoubleValue();
      return v >= 0 && v <= Long.MAX_VALUE ? (long) v : null;
    }
    parser.skipChildren(); // an object or array where a number belongs: skipped whole
    return null;
  }

  private OllamaWireReader() {}
}

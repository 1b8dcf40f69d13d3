package io.otelllm.langchain4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.core.internal.SafeLog;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.ServerTimings;
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
 * it — and only that line is parsed with Jackson.
 */
final class OllamaWireReader {
  private static final ObjectMapper JSON = new ObjectMapper();

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

  static void readTimings(String json, LlmCall call) {
    if (json == null || json.isEmpty() || !call.isRecording()) {
      return;
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject() || !node.has("total_duration")) {
        return;
      }
      call.recordServerTimings(
          ServerTimings.builder()
              .setLoadNanos(nanos(node, "load_duration"))
              .setPromptEvalNanos(nanos(node, "prompt_eval_duration"))
              .setEvalNanos(nanos(node, "eval_duration"))
              .setTotalNanos(nanos(node, "total_duration"))
              .setEvalCount(nanos(node, "eval_count"))
              .build());
    } catch (Exception e) {
      SafeLog.failure("reading Ollama's timings", e);
    }
  }

  private static @Nullable Long nanos(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : null;
  }

  private OllamaWireReader() {}
}

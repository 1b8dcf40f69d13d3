package io.otelllm.langchain4j.internal;

import io.otelllm.core.internal.SafeLog;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.ServerTimings;
import org.jspecify.annotations.Nullable;

/**
 * Reads the timing fields (nanoseconds) of an Ollama response — the JSON body of a synchronous
 * call, or the final line of an NDJSON stream — and hands them to the call.
 *
 * <p>Both walk the body's top-level members with {@link TopLevelMembers}, which skips nested values
 * (vectors, messages, tool arguments) by structure, strings and escapes included: whitespace, key
 * order, and a {@code "done"} inside content cannot fool it, and a 40 MB embedding answer costs
 * telemetry neither a copy nor a parse. Stream lines are JSON objects; only the final one ({@code
 * "done": true}) carries timings, and only its members are read.
 */
final class OllamaWireReader {
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
  static boolean isFinalLine(@Nullable String line) {
    TopLevelMembers members = TopLevelMembers.of(line);
    while (members != null && members.next()) {
      if (members.nameIs("done")) {
        return members.valueIs("true");
      }
    }
    return false;
  }

  /**
   * Reads the timings from {@code json} and hands them to {@code call}; a body without {@code
   * total_duration} (not Ollama's, or an error) records nothing. Only the five top-level numbers
   * are read; every other value — an embedding batch's vectors, a message — is skipped without
   * being copied or parsed, so the body costs telemetry no memory however large it is. Never
   * throws, not even an {@link Error}.
   */
  static void readTimings(@Nullable String json, LlmCall call) {
    if (json == null || json.isEmpty() || !call.isRecording()) {
      return;
    }
    try {
      record(parseTimings(json), call);
    } catch (Throwable t) {
      SafeLog.failure("reading Ollama's timings", t);
    }
  }

  /** {@link #readTimings(String, LlmCall)} on the UTF-8 body as received, never decoded whole. */
  static void readTimings(byte @Nullable [] json, LlmCall call) {
    if (json == null || json.length == 0 || !call.isRecording()) {
      return;
    }
    try {
      record(parseTimings(json), call);
    } catch (Throwable t) {
      SafeLog.failure("reading Ollama's timings", t);
    }
  }

  private static void record(@Nullable ServerTimings timings, LlmCall call) {
    if (timings != null) {
      call.recordServerTimings(timings);
    }
  }

  /**
   * The timings in {@code json}, or {@code null} when it has no {@code total_duration} or is not a
   * whole JSON object.
   */
  static @Nullable ServerTimings parseTimings(String json) {
    return parseTimings(TopLevelMembers.of(json));
  }

  /** {@link #parseTimings(String)} of UTF-8 bytes. */
  static @Nullable ServerTimings parseTimings(byte[] json) {
    return parseTimings(TopLevelMembers.of(json));
  }

  private static @Nullable ServerTimings parseTimings(@Nullable TopLevelMembers members) {
    if (members == null) {
      return null;
    }
    Long load = null;
    Long promptEval = null;
    Long eval = null;
    Long total = null;
    Long evalCount = null;
    Long promptEvalCount = null;
    while (members.next()) {
      if (members.nameIs("load_duration")) {
        load = nonNegativeLong(members.value());
      } else if (members.nameIs("prompt_eval_duration")) {
        promptEval = nonNegativeLong(members.value());
      } else if (members.nameIs("eval_duration")) {
        eval = nonNegativeLong(members.value());
      } else if (members.nameIs("total_duration")) {
        total = nonNegativeLong(members.value());
      } else if (members.nameIs("eval_count")) {
        evalCount = nonNegativeLong(members.value());
      } else if (members.nameIs("prompt_eval_count")) {
        promptEvalCount = nonNegativeLong(members.value());
      }
    }
    if (total == null || !members.closed()) {
      return null; // not Ollama's timings, or a body cut short: nothing to trust
    }
    return ServerTimings.builder()
        .setLoadNanos(load)
        .setPromptEvalNanos(promptEval)
        .setEvalNanos(eval)
        .setTotalNanos(total)
        .setEvalCount(evalCount)
        .setPromptEvalCount(promptEvalCount)
        .build();
  }

  /**
   * A JSON number's text as a non-negative long, or {@code null} when it is not one: another kind
   * of value, negative, or out of range. A fraction is truncated.
   */
  static @Nullable Long nonNegativeLong(String text) {
    if (text.isEmpty() || text.length() > 40 || !(text.charAt(0) == '-' || isDigit(text, 0))) {
      return null; // a string, a literal, an object...: not a number
    }
    boolean integral = true;
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-') {
        integral = false;
      } else if (!isDigit(text, i)) {
        return null;
      }
    }
    try {
      if (integral) {
        long v = Long.parseLong(text);
        return v >= 0 ? v : null;
      }
      double v = Double.parseDouble(text);
      return v >= 0 && v <= Long.MAX_VALUE ? (long) v : null;
    } catch (NumberFormatException e) {
      return null; // out of range, or malformed
    }
  }

  private static boolean isDigit(String s, int i) {
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }

  private OllamaWireReader() {}
}

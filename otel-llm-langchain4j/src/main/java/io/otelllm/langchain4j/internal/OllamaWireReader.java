package io.otelllm.langchain4j.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.core.LlmOperation;
import io.otelllm.core.ServerTimings;
import io.otelllm.core.internal.SafeLog;

/**
 * Reads the timing fields (nanoseconds) of an Ollama response — the JSON body of a synchronous
 * call, or the final {@code "done":true} line of an NDJSON stream — and hands them to the
 * operation. Stream lines before the last are only scanned for a marker, never parsed.
 */
final class OllamaWireReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DONE_MARKER = "\"done\":true";

  /** Whether a streamed line may be the final one (cheap pre-check before parsing). */
  static boolean mayBeFinalLine(String line) {
    return line != null && line.contains(DONE_MARKER);
  }

  static void readTimings(String json, LlmOperation op) {
    if (json == null || json.isEmpty() || !op.isRecording()) {
      return;
    }
    try {
      JsonNode node = JSON.readTree(json);
      if (node == null || !node.isObject() || !node.has("total_duration")) {
        return;
      }
      op.recordServerTimings(
          new ServerTimings(
              nanos(node, "load_duration"),
              nanos(node, "prompt_eval_duration"),
              nanos(node, "eval_duration"),
              nanos(node, "total_duration"),
              nanos(node, "eval_count")));
    } catch (Exception e) {
      SafeLog.failure("reading Ollama's timings", e);
    }
  }

  private static Long nanos(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.canConvertToLong() && v.asLong() >= 0 ? v.asLong() : null;
  }

  private OllamaWireReader() {}
}

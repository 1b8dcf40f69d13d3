package io.otelllm.examples.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.ollamawire.ModelScript;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * The models of the built-in Ollama-compatible server, scripted to behave like a small real model:
 * a cold start on the first call, prompt time that grows with the prompt, generation time that
 * grows with the answer, a tool call now and then when tools are offered, and an occasional error.
 */
final class BuiltInModels {

  private static final String[] OPENERS = {
    "Well,", "Honestly,", "Listen,", "You know,", "Hm,", "Look,"
  };
  private static final String[] WORDS =
      ("the harvest bread river market lantern rain well mill smith "
              + "festival rumor stranger bridge north road storm apples letter bells night promise secret "
              + "garden tools boat fish ledger candles cart hill feast")
          .split(" ");
  private static final String[] TOOLS = {"none", "none", "recall_memory", "look_around"};
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] INTENTS = {"talk", "trade", "warn", "ask", "observe"};

  private BuiltInModels() {}

  static List<ModelScript> scripts(
      String chatModel, String embeddingModel, double errorRate, long seed) {
    return List.of(
        ModelScript.builder(chatModel)
            .reply(request -> sentence(request, seed))
            .jsonReply(request -> plan(request, seed))
            .toolCalls(request -> toolCalls(request, seed))
            .coldLoad(Duration.ofMillis(900))
            .warmLoad(Duration.ofMillis(2))
            .firstTokenDelay(Duration.ofMillis(20))
            .promptEvalPerToken(Duration.ofMillis(1))
            .chunkDelay(Duration.ofMillis(10))
            .errorRate(errorRate)
            .build(),
        ModelScript.builder(embeddingModel)
            .coldLoad(Duration.ofMillis(300))
            .firstTokenDelay(Duration.ofMillis(4))
            .embeddingDimensions(32)
            .errorRate(errorRate)
            .build());
  }

  private static Random random(JsonNode request, long seed) {
    return new Random(seed * 31 + request.path("messages").toString().hashCode());
  }

  private static String sentence(JsonNode request, long seed) {
    Random r = random(request, seed);
    StringBuilder s = new StringBuilder(OPENERS[r.nextInt(OPENERS.length)]);
    int words = 6 + r.nextInt(22);
    for (int i = 0; i < words; i++) {
      s.append(' ').append(WORDS[r.nextInt(WORDS.length)]);
    }
    return s.append('.').toString();
  }

  private static String plan(JsonNode request, long seed) {
    Random r = random(request, seed);
    return JSON.createObjectNode()
        .put("intent", INTENTS[r.nextInt(INTENTS.length)])
        .put("topic", WORDS[r.nextInt(WORDS.length)])
        .toString();
  }

  /**
   * Offered tools, the model sometimes uses one before it answers, as a real model would: never
   * twice in a row (the last message is then the tool's answer).
   */
  private static List<ModelScript.ToolCall> toolCalls(JsonNode request, long seed) {
    if (ModelScript.lastIsToolResult(request)) {
      return List.of();
    }
    Random r = random(request, seed);
    String tool = TOOLS[r.nextInt(TOOLS.length)];
    return switch (tool) {
      case "recall_memory" ->
          List.of(
              new ModelScript.ToolCall(
                  tool,
                  JSON.createObjectNode().put("topic", WORDS[r.nextInt(WORDS.length)]).toString()));
      case "look_around" -> List.of(new ModelScript.ToolCall(tool, "{}"));
      default -> List.of();
    };
  }
}

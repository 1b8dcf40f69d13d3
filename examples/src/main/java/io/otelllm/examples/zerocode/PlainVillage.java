package io.otelllm.examples.zerocode;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.SystemMessage;
import dev.langchain4j.service.UserMessage;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Three villagers, each deciding with an AI service (two tools, a chat memory), then saying a line
 * (streamed) and remembering it (embedded) — plain langchain4j, not one line of telemetry. Run it
 * under the OpenTelemetry Java agent with the otel-llm extension and every call is traced.
 *
 * <p>Talks to the Ollama at {@code OLLAMA_BASE_URL} (models {@code OTEL_LLM_OLLAMA_CHAT_MODEL},
 * default {@code llama3.2}, and {@code OTEL_LLM_OLLAMA_EMBEDDING_MODEL}, default {@code
 * all-minilm}), else to an Ollama-compatible server it starts in-process.
 */
public final class PlainVillage {

  private PlainVillage() {}

  /** A villager's mind. */
  interface Villager {
    @SystemMessage("You are a villager in a small village. Use a tool when it helps; be brief.")
    String decide(@MemoryId String name, @UserMessage String situation);
  }

  /** What a villager can do before deciding. */
  static final class VillageTools {
    @Tool("Describe the surroundings")
    public String look_around() {
      return "The square is busy and the bakery smells of fresh bread.";
    }

    @Tool("Recall the memory closest to a topic")
    public String recall_memory(@P("the topic") String topic) {
      return "Yesterday everyone talked about " + topic + ".";
    }
  }

  public static void main(String[] args) throws Exception {
    String ollama = System.getenv("OLLAMA_BASE_URL");
    OllamaWireServer builtIn = null;
    String baseUrl;
    String chatModel = env("OTEL_LLM_OLLAMA_CHAT_MODEL", "llama3.2");
    String embeddingModel = env("OTEL_LLM_OLLAMA_EMBEDDING_MODEL", "all-minilm");
    if (ollama != null && !ollama.isBlank()) {
      baseUrl = ollama.replaceAll("/+$", "");
    } else {
      builtIn =
          OllamaWireServer.start(
              ModelScript.builder(chatModel)
                  .reply(r -> "Good morning! The bread smells wonderful today.")
                  .toolCall("look_around", "{}")
                  .coldLoad(Duration.ofMillis(400))
                  .firstTokenDelay(Duration.ofMillis(30))
                  .chunkDelay(Duration.ofMillis(8))
                  .build(),
              ModelScript.builder(embeddingModel).embeddingDimensions(32).build());
      baseUrl = builtIn.baseUrl();
      System.out.println("LLM: an Ollama-compatible server in this process, " + baseUrl);
    }
    try {
      ChatModel chat =
          OllamaChatModel.builder()
              .baseUrl(baseUrl)
              .modelName(chatModel)
              .timeout(Duration.ofMinutes(2))
              .build();
      StreamingChatModel streaming =
          OllamaStreamingChatModel.builder()
              .baseUrl(baseUrl)
              .modelName(chatModel)
              .timeout(Duration.ofMinutes(2))
              .build();
      EmbeddingModel embeddings =
          OllamaEmbeddingModel.builder()
              .baseUrl(baseUrl)
              .modelName(embeddingModel)
              .timeout(Duration.ofMinutes(2))
              .build();
      Villager villager =
          AiServices.builder(Villager.class)
              .chatModel(chat)
              .tools(new VillageTools())
              .chatMemoryProvider(name -> MessageWindowChatMemory.withMaxMessages(10))
              .build();
      for (String name : List.of("Ada", "Bo", "Cyra")) {
        String decision = villager.decide(name, "It is morning. What do you do?");
        String line = say(streaming, name + " decided: " + decision + " Say one line.");
        int dimensions = embeddings.embed(line).content().dimension();
        System.out.println(name + ": " + line + " (remembered in " + dimensions + " dimensions)");
      }
    } finally {
      if (builtIn != null) {
        builtIn.close();
      }
    }
  }

  static String say(StreamingChatModel model, String prompt) throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        prompt,
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partialResponse) {}

          @Override
          public void onCompleteResponse(ChatResponse response) {
            done.complete(response);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    return done.get(2, TimeUnit.MINUTES).aiMessage().text();
  }

  static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

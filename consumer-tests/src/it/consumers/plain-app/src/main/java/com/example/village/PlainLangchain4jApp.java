package com.example.village;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A langchain4j program that knows nothing of OpenTelemetry or otel-llm — a user's program: run
 * as it is under the Java agent (zero code), or with its models and AI services handed in by a
 * program that traces them with the library. It prints what it got, one line per call, so that
 * runs can be compared.
 *
 * <p>Arguments: Ollama's base URL, the chat model, the embedding model, then what else to do:
 * {@code ai-service} (an AI service whose model calls a tool), {@code failures} (a model that
 * answers HTTP 500, named {@code broken}, and one whose stream breaks, {@code dies-mid-stream}).
 */
public final class PlainLangchain4jApp {

  private PlainLangchain4jApp() {}

  /** The AI service of the program. */
  public interface Librarian {
    String ask(@MemoryId String reader, @dev.langchain4j.service.UserMessage String question);
  }

  /** The librarian's tool. */
  public static final class Memories {
    @Tool("Recall the memory closest to a topic")
    public String recall_memory(String topic) {
      return "bread is baked at dawn";
    }
  }

  /**
   * Runs the program. Arguments: Ollama's base URL, the chat model, the embedding model, then the
   * steps.
   */
  public static void main(String[] args) throws Exception {
    String baseUrl = args[0];
    run(
        args,
        chatModel(baseUrl, args[1]).build(),
        streamingModel(baseUrl, args[1]).build(),
        embeddingModel(baseUrl, args[2]).build(),
        AiServices::builder);
  }

  /** The program's chat model (temperature 0, seed 7, no retries), to build. */
  public static OllamaChatModel.OllamaChatModelBuilder chatModel(String baseUrl, String model) {
    return OllamaChatModel.builder()
        .baseUrl(baseUrl)
        .modelName(model)
        .temperature(0.0)
        .seed(7)
        .maxRetries(0)
        .timeout(Duration.ofMinutes(1));
  }

  /** The program's streaming chat model, to build. */
  public static OllamaStreamingChatModel.OllamaStreamingChatModelBuilder streamingModel(
      String baseUrl, String model) {
    return OllamaStreamingChatModel.builder()
        .baseUrl(baseUrl)
        .modelName(model)
        .temperature(0.0)
        .seed(7)
        .timeout(Duration.ofMinutes(1));
  }

  /** The program's embedding model, to build. */
  public static OllamaEmbeddingModel.OllamaEmbeddingModelBuilder embeddingModel(
      String baseUrl, String model) {
    return OllamaEmbeddingModel.builder()
        .baseUrl(baseUrl)
        .modelName(model)
        .maxRetries(0)
        .timeout(Duration.ofMinutes(1));
  }

  /** The program's calls, with the models and the AI-service builder it was given. */
  public static void run(
      String[] args,
      ChatModel chat,
      StreamingChatModel streaming,
      EmbeddingModel embeddings,
      Function<Class<Librarian>, AiServices<Librarian>> aiServices)
      throws Exception {
    String baseUrl = args[0];
    System.out.println(
        "sync: "
            + chat.chat(
                    ChatRequest.builder()
                        .messages(UserMessage.from("Why is the sky blue?"))
                        .build())
                .aiMessage()
                .text());
    System.out.println("stream: " + stream(streaming, "Tell me about the village."));
    System.out.println(
        "embed: " + embeddings.embed("remember the rye bread on monday").content().dimension());
    for (int i = 3; i < args.length; i++) {
      switch (args[i]) {
        case "ai-service" -> {
          Librarian librarian =
              aiServices
                  .apply(Librarian.class)
                  .chatModel(chat)
                  .tools(new Memories())
                  .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(10))
                  .build();
          System.out.println("ai-service: " + librarian.ask("reader-1", "What about bread?"));
        }
        case "failures" -> {
          try {
            chatModel(baseUrl, "broken").build().chat("Hello?");
            System.out.println("broken: answered");
          } catch (RuntimeException e) {
            System.out.println("broken: " + e.getClass().getName());
          }
          try {
            stream(streamingModel(baseUrl, "dies-mid-stream").build(), "Hello?");
            System.out.println("mid-stream: answered");
          } catch (ExecutionException e) {
            System.out.println("mid-stream: " + e.getCause().getClass().getName());
          }
        }
        default -> throw new IllegalArgumentException("unknown step: " + args[i]);
      }
    }
  }

  static String stream(StreamingChatModel model, String question) throws Exception {
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        question,
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
    return done.get(1, TimeUnit.MINUTES).aiMessage().text();
  }
}

package io.otelllm.examples.readme;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import dev.langchain4j.model.ollama.OllamaStreamingChatModel;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.context.Scope;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.core.CallLabel;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.util.List;

/**
 * The Java code the README and the pages in docs/ show, compiled with the rest of the build: each
 * region between {@code // README: name} and {@code // END README} is one of their code blocks,
 * word for word ({@code DocsTest} compares them), so the documented API cannot drift.
 */
@SuppressWarnings("unused") // the snippets declare what a reader would go on to use
final class ReadmeExamples {

  static void quickStart() {
    // README: quickstart
    // No OpenTelemetry SDK yet? One from the standard OTEL_* settings (otel-llm-autoconfigure);
    // with your own, or the Java agent's (GlobalOpenTelemetry.get()), pass that instead.
    LlmTelemetrySdk sdk = LlmTelemetrySdk.fromEnvironment();
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk.openTelemetry());

    ChatModel chat =
        lc4j.wrap(
            OllamaChatModel.builder()
                .baseUrl("http://localhost:11434")
                .modelName("llama3.2")
                .httpClientBuilder(lc4j.httpClientBuilder()) // Ollama's own timings, its address
                .build());
    String answer = chat.chat("Why is the sky blue?");
    // END README
  }

  static void agentTurns(LangChain4jTelemetry lc4j, ChatModel chat) {
    // README: turns
    // Every LLM and tool span of the turn nests under it, and the turn adds them up.
    String line =
        lc4j.telemetry()
            .agentTurn("Ada")
            .setTurnNumber(7)
            .call(() -> chat.chat("Ada, the baker, greets the first customer."));
    // END README
  }

  static void tracingLangchain4j(OpenTelemetry openTelemetry) {
    // README: langchain4j
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(openTelemetry);

    // Ollama's own timings and the real server address come from otel-llm's HTTP layer.
    ChatModel chat =
        lc4j.wrap(
            OllamaChatModel.builder()
                .baseUrl("http://localhost:11434")
                .modelName("llama3.2")
                .httpClientBuilder(lc4j.httpClientBuilder())
                .build());
    StreamingChatModel streaming =
        lc4j.wrap(
            OllamaStreamingChatModel.builder()
                .baseUrl("http://localhost:11434")
                .modelName("llama3.2")
                .httpClientBuilder(lc4j.httpClientBuilder())
                .build());
    EmbeddingModel embeddings =
        lc4j.wrap(
            OllamaEmbeddingModel.builder()
                .baseUrl("http://localhost:11434")
                .modelName("all-minilm")
                .httpClientBuilder(lc4j.httpClientBuilder())
                .build());

    // Models you do not build yourself (frameworks): the listener.
    ChatModelListener listener = lc4j.chatModelListener();
    // END README
  }

  /** The README's AI service: a villager of the demo. */
  interface Villager {
    String act(@MemoryId String villager, @UserMessage String situation);
  }

  /** The villager's tools. */
  static final class VillageTools {
    @Tool("Recall the memory closest to a topic")
    public String recall_memory(String topic) {
      return "bread is baked at dawn";
    }
  }

  static void agentsWithAiServices(LangChain4jTelemetry lc4j, ChatModel chat) {
    // README: aiservices
    // Instead of AiServices.builder(Villager.class):
    Villager villager =
        lc4j.aiServices()
            .builder(Villager.class)
            .chatModel(chat)
            .tools(new VillageTools())
            .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(20))
            .build();
    String line = villager.act("ada", "Someone knocks at the bakery door.");
    // END README
  }

  static void sdk() {
    // README: sdk
    // OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_ENDPOINT, OTEL_EXPORTER_OTLP_PROTOCOL,
    // OTEL_TRACES_SAMPLER, ...
    try (LlmTelemetrySdk sdk = LlmTelemetrySdk.fromEnvironment()) {
      LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk.openTelemetry());
      // ... the application ...
    } // close() flushes, within its shutdown timeout
    // END README
  }

  static void core(OpenTelemetry openTelemetry, Iterable<String> stream) {
    // README: core
    LlmTelemetry telemetry =
        LlmTelemetry.builder(openTelemetry) // GlobalOpenTelemetry.get() under the Java agent
            .setCaptureMessageContent(false) // the default: prompts are private
            .build();

    telemetry
        .agentTurn("Ada")
        .setAgentId("ada-1")
        .setTurnNumber(7)
        .run(
            () -> {
              try (Scope label = CallLabel.makeCurrent("dialogue")) {
                LlmCall call =
                    telemetry
                        .llmCall(
                            LlmRequest.builder(GenAiOperationName.CHAT, "ollama")
                                .setRequestModel("llama3.2")
                                .setTemperature(0.7)
                                .setStream(true)
                                .build())
                        .start();
                try (Scope current = call.makeCurrent()) {
                  for (String chunk : stream) {
                    call.onChunk(); // the first one stamps the time to first chunk
                  }
                  call.end(
                      LlmResponse.builder()
                          .setInputTokens(26L)
                          .setOutputTokens(298L)
                          .setFinishReasons(List.of("stop"))
                          .build());
                } catch (RuntimeException e) {
                  call.fail(e);
                  throw e;
                }
              }

              String memory =
                  telemetry.toolExecution("recall_memory").setCallId("c1").call(() -> recall());
            });
    // END README
  }

  private static String recall() {
    return "rye bread on monday";
  }

  private ReadmeExamples() {}
}

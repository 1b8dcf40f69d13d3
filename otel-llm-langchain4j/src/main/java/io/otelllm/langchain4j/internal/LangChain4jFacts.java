package io.otelllm.langchain4j.internal;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.LlmMessage;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.MessagePart;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Translates langchain4j's request and response types into otel-llm's facts. The only place that
 * knows both vocabularies; every path (sync, streaming, listener) uses it.
 */
final class LangChain4jFacts {

  /** langchain4j's provider enum as the semconv {@code gen_ai.provider.name} value. */
  public static String providerName(@Nullable ModelProvider provider) {
    if (provider == null) {
      return "_OTHER";
    }
    // By name, so a provider added in a later langchain4j version cannot break this switch.
    return switch (provider.name()) {
      case "OLLAMA" -> "ollama";
      case "OPEN_AI" -> "openai";
      case "ANTHROPIC" -> "anthropic";
      case "AMAZON_BEDROCK" -> "aws.bedrock";
      case "AZURE_OPEN_AI" -> "azure.ai.openai";
      case "GITHUB_MODELS", "MICROSOFT_FOUNDRY" -> "azure.ai.inference";
      case "GOOGLE_AI_GEMINI" -> "gcp.gemini";
      case "GOOGLE_VERTEX_AI_GEMINI", "GOOGLE_VERTEX_AI_ANTHROPIC" -> "gcp.vertex_ai";
      case "GOOGLE_GENAI" -> "gcp.gen_ai";
      case "MISTRAL_AI" -> "mistral_ai";
      case "WATSONX" -> "ibm.watsonx.ai";
      case "COHERE" -> "cohere";
      case "VOYAGE_AI" -> "voyage_ai";
      case "JINA" -> "jina";
      default -> "_OTHER";
    };
  }

  // EmbeddingModel.provider() came with langchain4j 1.18.0.
  private static final boolean EMBEDDING_MODELS_KNOW_THEIR_PROVIDER = embeddingModelsHaveProvider();

  /**
   * The semconv provider name of an embedding model. Before langchain4j 1.18 an embedding model
   * does not say; its provider is then read from the package of langchain4j's own model classes
   * ({@code dev.langchain4j.model.<provider>.}).
   */
  static String providerName(EmbeddingModel model) {
    if (EMBEDDING_MODELS_KNOW_THEIR_PROVIDER) {
      return providerName(model.provider());
    }
    String type = model.getClass().getName();
    String prefix = "dev.langchain4j.model.";
    if (!type.startsWith(prefix)) {
      return "_OTHER";
    }
    String pkg =
        type.substring(
            prefix.length(), Math.max(prefix.length(), type.indexOf('.', prefix.length())));
    return switch (pkg) {
      case "ollama" -> "ollama";
      case "openai" -> "openai";
      case "mistralai" -> "mistral_ai";
      case "cohere" -> "cohere";
      case "voyageai" -> "voyage_ai";
      case "jina" -> "jina";
      default -> "_OTHER";
    };
  }

  private static boolean embeddingModelsHaveProvider() {
    try {
      EmbeddingModel.class.getMethod("provider");
      return true;
    } catch (NoSuchMethodException | SecurityException e) {
      return false;
    }
  }

  /** langchain4j's finish reason as a semconv finish reason. */
  public static @Nullable String finishReason(@Nullable FinishReason reason) {
    if (reason == null) {
      return null;
    }
    return switch (reason.name()) {
      case "STOP" -> "stop";
      case "LENGTH" -> "length";
      case "TOOL_EXECUTION" -> "tool_call";
      case "CONTENT_FILTER" -> "content_filter";
      default -> "other";
    };
  }

  /**
   * The request facts of {@code request} as the model will see it: its parameters over the model's
   * defaults, exactly as {@code ChatModel.chat} merges them.
   */
  public static LlmRequest chatRequest(
      ChatRequest request,
      @Nullable ChatRequestParameters defaults,
      ModelProvider provider,
      boolean stream,
      boolean captureContent) {
    ChatRequestParameters p =
        defaults == null ? request.parameters() : defaults.overrideWith(request.parameters());
    LlmRequest.Builder b =
        LlmRequest.builder(GenAiOperationName.CHAT, providerName(provider))
            .setRequestModel(p.modelName())
            .setTemperature(p.temperature())
            .setTopP(p.topP())
            .setTopK(p.topK() == null ? null : p.topK().doubleValue())
            .setMaxTokens(p.maxOutputTokens() == null ? null : p.maxOutputTokens().longValue())
            .setStopSequences(p.stopSequences() == null ? List.of() : p.stopSequences())
            .setFrequencyPenalty(p.frequencyPenalty())
            .setPresencePenalty(p.presencePenalty())
            .setStream(stream);
    ProviderParameters.addTo(b, p);
    ResponseFormat format = p.responseFormat();
    if (format != null && format.type() == ResponseFormatType.JSON) {
      b.setOutputType("json");
    }
    List<ToolSpecification> tools = p.toolSpecifications();
    if (tools != null && !tools.isEmpty()) {
      List<String> names = new ArrayList<>(tools.size());
      for (ToolSpecification t : tools) {
        names.add(t.name());
      }
      b.setToolNames(names);
    }
    if (captureContent) {
      addMessages(b, request.messages());
    }
    return b.build();
  }

  /** The response facts of {@code response}; content only when {@code captureContent}. */
  public static LlmResponse chatResponse(@Nullable ChatResponse response, boolean captureContent) {
    if (response == null) {
      return LlmResponse.empty();
    }
    String finish = finishReason(response.finishReason());
    LlmResponse.Builder b =
        LlmResponse.builder()
            .setResponseModel(response.modelName())
            .setResponseId(response.id())
            .setFinishReasons(finish == null ? List.of() : List.of(finish));
    TokenUsage usage = response.tokenUsage();
    if (usage != null) {
      b.setInputTokens(toLong(usage.inputTokenCount()))
          .setOutputTokens(toLong(usage.outputTokenCount()));
    }
    if (captureContent && response.aiMessage() != null) {
      List<MessagePart> parts = aiParts(response.aiMessage());
      b.setOutputMessages(List.of(LlmMessage.create("assistant", parts, null, finish)));
    }
    return b.build();
  }

  private static void addMessages(LlmRequest.Builder b, List<ChatMessage> messages) {
    List<MessagePart> system = new ArrayList<>();
    List<LlmMessage> input = new ArrayList<>();
    for (ChatMessage m : messages) {
      if (m instanceof SystemMessage s) {
        system.add(MessagePart.text(s.text()));
      } else if (m instanceof UserMessage u) {
        input.add(LlmMessage.create("user", contentParts(u.contents()), u.name(), null));
      } else if (m instanceof AiMessage a) {
        input.add(LlmMessage.create("assistant", aiParts(a), null, null));
      } else if (m instanceof ToolExecutionResultMessage t) {
        input.add(LlmMessage.of("tool", MessagePart.toolCallResponse(t.id(), t.text())));
      }
    }
    b.setSystemInstructions(system).setInputMessages(input);
  }

  private static List<MessagePart> contentParts(List<Content> contents) {
    List<MessagePart> parts = new ArrayList<>();
    for (Content c : contents) {
      if (c instanceof TextContent t) {
        parts.add(MessagePart.text(t.text()));
      } else {
        // Images, audio, PDFs: recorded by kind only, never their bytes.
        parts.add(
            MessagePart.create(
                c.type().name().toLowerCase(java.util.Locale.ROOT), null, null, null, null));
      }
    }
    return parts;
  }

  private static List<MessagePart> aiParts(AiMessage a) {
    List<MessagePart> parts = new ArrayList<>();
    if (a.thinking() != null && !a.thinking().isEmpty()) {
      parts.add(MessagePart.reasoning(a.thinking()));
    }
    if (a.text() != null && !a.text().isEmpty()) {
      parts.add(MessagePart.text(a.text()));
    }
    if (a.toolExecutionRequests() != null) {
      for (ToolExecutionRequest t : a.toolExecutionRequests()) {
        parts.add(MessagePart.toolCall(t.id(), t.name(), t.arguments()));
      }
    }
    return parts;
  }

  /** langchain4j's counts are {@code Integer}s; the core's are {@code Long}s. */
  static @Nullable Long toLong(@Nullable Integer count) {
    return count == null ? null : count.longValue();
  }

  private LangChain4jFacts() {}
}

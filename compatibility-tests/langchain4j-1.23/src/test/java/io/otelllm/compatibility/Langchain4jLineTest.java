package io.otelllm.compatibility;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.ollama.OllamaChatModel;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;

/** That this module runs what it says it runs: the adapter compiled on 1.18.1, on 1.23.0. */
class Langchain4jLineTest {

  static String jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().getPath();
  }

  @Test
  void theSuiteRunsOnLangchain4jCore123WithTheServedAiServicesAndOllamaClient() throws Exception {
    assertThat(jarOf(StreamingChatModel.class)).endsWith("/langchain4j-core-1.23.0.jar");
    assertThat(jarOf(OllamaChatModel.class)).endsWith("/langchain4j-ollama-1.18.1.jar");
    assertThat(jarOf(dev.langchain4j.service.AiServices.class)).endsWith("/langchain4j-1.19.0.jar");
    assertThat(StreamingChatModel.class.getMethod("chat", ChatRequest.class).getReturnType())
        .isEqualTo(Flow.Publisher.class);
    // The adapter's jar, as a user's build gets it (compiled against langchain4j 1.18.1).
    assertThat(jarOf(LangChain4jTelemetry.class))
        .matches(".*/otel-llm-langchain4j(-[^/]*)?(\\.jar|/classes/)?");
  }
}

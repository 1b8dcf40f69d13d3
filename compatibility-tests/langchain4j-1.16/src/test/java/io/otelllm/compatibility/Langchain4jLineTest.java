package io.otelllm.compatibility;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import org.junit.jupiter.api.Test;

/** That this module runs what it says it runs: the adapter compiled on 1.18.1, on 1.16.3. */
class Langchain4jLineTest {

  static String jarOf(Class<?> type) {
    return type.getProtectionDomain().getCodeSource().getLocation().getPath();
  }

  @Test
  void theSuiteRunsOnLangchain4j1163() {
    assertThat(jarOf(StreamingChatModel.class)).endsWith("/langchain4j-core-1.16.3.jar");
    assertThat(jarOf(OllamaChatModel.class)).endsWith("/langchain4j-ollama-1.16.3.jar");
    assertThat(jarOf(dev.langchain4j.service.AiServices.class)).endsWith("/langchain4j-1.16.3.jar");
    assertThat(jarOf(dev.langchain4j.http.client.HttpClient.class))
        .endsWith("/langchain4j-http-client-1.16.3.jar");
  }
}

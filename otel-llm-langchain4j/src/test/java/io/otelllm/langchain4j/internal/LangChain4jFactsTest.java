package io.otelllm.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import org.junit.jupiter.api.Test;

/**
 * The translation of langchain4j's types: with content capture off, no message is even converted.
 */
class LangChain4jFactsTest {

  @Test
  void withCaptureOffTheAdapterDoesNotEvenConvertMessages() {
    var request =
        ChatRequest.builder().messages(SystemMessage.from("s"), UserMessage.from("u")).build();
    var off = LangChain4jFacts.chatRequest(request, null, ModelProvider.OLLAMA, false, false);
    assertThat(off.inputMessages()).isEmpty();
    assertThat(off.systemInstructions()).isEmpty();
    var on = LangChain4jFacts.chatRequest(request, null, ModelProvider.OLLAMA, false, true);
    assertThat(on.inputMessages()).hasSize(1);
    assertThat(on.systemInstructions()).hasSize(1);
    var response =
        LangChain4jFacts.chatResponse(
            ChatResponse.builder().aiMessage(AiMessage.from("a")).build(), false);
    assertThat(response.outputMessages()).isEmpty();
  }
}

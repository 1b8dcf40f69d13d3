package io.otelllm.langchain4j;

import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.ollamawire.OllamaWireServer.JsonStyle;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Ollama suite against the wire server writing JSON as Ollama does ({@code "done":true}). */
class WireServerOllamaTest extends OllamaContractTest {

  OllamaWireServer server;

  JsonStyle jsonStyle() {
    return JsonStyle.COMPACT;
  }

  /** Models that answer like the real tiny ones, but on cue: a cold start, a tool call, JSON. */
  @BeforeAll
  void startServer() {
    server =
        OllamaWireServer.start(
            ModelScript.builder("wire-chat")
                .reply("The sky is blue because of Rayleigh scattering")
                .jsonReply("{\"intent\":\"rest\"}")
                .toolCall(TOOL, "{\"about\":\"bread\"}")
                .coldLoad(Duration.ofMillis(150))
                .firstTokenDelay(Duration.ofMillis(30))
                .chunkDelay(Duration.ofMillis(3))
                .build(),
            ModelScript.builder("wire-embed").embeddingDimensions(16).build());
    server.setJsonStyle(jsonStyle());
  }

  @AfterAll
  void stopServer() {
    server.close();
  }

  @Override
  Target target() {
    return new Target(server.baseUrl(), "wire-chat", "wire-embed");
  }
}

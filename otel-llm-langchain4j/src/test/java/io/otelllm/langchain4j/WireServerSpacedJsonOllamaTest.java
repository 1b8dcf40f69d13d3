package io.otelllm.langchain4j;

import io.otelllm.ollamawire.OllamaWireServer.JsonStyle;

/**
 * The Ollama suite against an Ollama-compatible server that writes {@code "done": true}, with
 * spaces, as Python's {@code json.dumps} does: the same JSON, so every span must be the same.
 */
class WireServerSpacedJsonOllamaTest extends WireServerOllamaTest {

  @Override
  JsonStyle jsonStyle() {
    return JsonStyle.SPACED;
  }
}

package io.otelllm.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The final-line scan reads JSON as JSON: whitespace, order and strings cannot fool it. */
class OllamaWireReaderTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"total_duration\":5}",
        "{\"model\": \"m\", \"message\": {\"role\": \"assistant\", \"content\": \"\"}, \"done\": true, \"total_duration\": 5}",
        "{\"done\":true,\"model\":\"m\"}",
        "{ \"done\"\t:\n true }",
        "{\"message\":{\"content\":\"say \\\"done\\\":false\"},\"done\" : true}",
        "{\"message\":{\"content\":\"a backslash \\\\\"},\"done\":true}",
      })
  void finalLines(String line) {
    assertThat(OllamaWireReader.isFinalLine(line)).as(line).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"x\"},\"done\":false}",
        "{\"model\": \"m\", \"done\": false}",
        "{\"message\":{\"content\":\"\\\"done\\\":true\"},\"done\":false}",
        "{\"message\":{\"content\":\"the \\\"done\\\": true marker\"},\"done\":false}",
        "{\"message\":{\"tool_calls\":[{\"function\":{\"arguments\":{\"done\":true}}}]},\"done\":false}",
        "{\"status\":\"done\",\"done\":false}",
        "{\"done\":truest}",
        "{\"done\":\"true\"}",
        "{\"error\":\"an error was encountered while running the model\"}",
        "{\"message\":{\"content\":\"unterminated \\\"done\\\":true",
        "",
      })
  void otherLines(String line) {
    assertThat(OllamaWireReader.isFinalLine(line)).as(line).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://localhost:11434/api/chat",
        "http://127.0.0.1:1/api/generate",
        "https://gpu-box.example/ollama/api/embed",
        "http://localhost:11434/api/embeddings?x=1"
      })
  void ollamasOwnEndpointsAreRead(String url) {
    assertThat(OllamaWireReader.isOllamaApi(url)).as(url).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://api.openai.com/v1/chat/completions",
        "http://localhost:11434/v1/chat/completions",
        "http://localhost:11434/api/tags",
        "https://example.com/api/chat/other",
        ""
      })
  void otherEndpointsAreNot(String url) {
    assertThat(OllamaWireReader.isOllamaApi(url)).as(url).isFalse();
  }
}

package io.otelllm.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelllm.core.spi.ServerTimings;
import org.junit.jupiter.api.Test;
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

  @Test
  void timingsAreReadFromTheTopLevelOnly() {
    ServerTimings t =
        OllamaWireReader.parseTimings(
            "{\"model\":\"m\",\"embeddings\":[[0.1,-2.5e-3],[1,2]],"
                + "\"message\":{\"content\":\"\\\"total_duration\\\": 1, [{\",\"total_duration\":9},"
                + "\"total_duration\" : 412345678 ,\"load_duration\":1.5e3,"
                + "\"prompt_eval_duration\":-1,\"eval_duration\":\"7\",\"eval_count\":99999999999999999999}");
    assertThat(t).isNotNull();
    assertThat(t.totalNanos()).isEqualTo(412345678L);
    assertThat(t.loadNanos()).isEqualTo(1500L);
    assertThat(t.promptEvalNanos()).as("negative").isNull();
    assertThat(t.evalNanos()).as("a string").isNull();
    assertThat(t.evalCount()).as("out of range").isNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"embeddings\":[[0.1,0.2]],\"total_duration\":5",
        "{\"embeddings\":[[0.1,0.2],\"total_duration\":5}",
        "{\"message\":{\"content\":\"unterminated},\"total_duration\":5}",
        "[{\"total_duration\":5}]",
        "{\"nested\":{\"total_duration\":5}}",
        "<html><body>total_duration</body></html>",
        "",
      })
  void noTimingsFromBodiesThatAreNotWholeObjectsWithThem(String body) {
    assertThat(OllamaWireReader.parseTimings(body)).as(body).isNull();
  }
}

package io.otelllm.langchain4j.heap;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.ForkedJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ~42 MB embedding answer in a 160 MB heap: where the application's call succeeds untraced, it
 * succeeds traced — otel-llm reads Ollama's timings from the body without building it a second
 * time, and nothing it does may throw an {@link OutOfMemoryError} at the application.
 */
class LargeAnswerInSmallHeapTest {
  static final int TEXTS = 850; // about 42 MB of JSON; untraced, 1 000 no longer fit
  static final int DIMENSIONS = 4096;
  static final List<String> SMALL_HEAP = List.of("-Xmx160m", "-XX:+UseSerialGC");

  @Test
  void aLargeAnswerThatFitsUntracedFitsTraced() throws Exception {
    try (OllamaWireServer server =
        OllamaWireServer.start(
            ModelScript.builder("big").embeddingDimensions(DIMENSIONS).build())) {
      String classPath = System.getProperty("java.class.path");
      ForkedJvm.Result untraced = run(server, classPath, "untraced");
      assertThat(untraced.exitCode())
          .as("the precondition: untraced, the call fits in the heap\n%s", untraced)
          .isZero();
      long bytes =
          server.exchanges().get(0).lastLine().path("embeddings").size() * (long) DIMENSIONS;
      assertThat(bytes).as("floats in the answer").isEqualTo((long) TEXTS * DIMENSIONS);

      ForkedJvm.Result traced = run(server, classPath, "traced");
      assertThat(traced.exitCode()).as("%s", traced).isZero();
      assertThat(traced.printed("vectors")).isEqualTo(String.valueOf(TEXTS));
      assertThat(traced.printed("dimensions")).isEqualTo(String.valueOf(DIMENSIONS));
      assertThat(traced.printed("span")).isEqualTo("embeddings big");
      // Ollama's timings were read from that body (the wire server reports its real time).
      assertThat(Double.parseDouble(traced.printed("server total seconds"))).isPositive();
      assertThat(traced.stderr()).doesNotContain("OutOfMemoryError");
    }
  }

  static ForkedJvm.Result run(OllamaWireServer server, String classPath, String mode)
      throws Exception {
    return ForkedJvm.run(
        SMALL_HEAP,
        classPath,
        SmallHeapEmbedding.class.getName(),
        List.of(server.baseUrl(), String.valueOf(TEXTS), mode));
  }
}

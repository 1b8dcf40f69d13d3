package io.otelllm.langchain4j;

import io.otelllm.testing.internal.LocalService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.ollama.OllamaContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The Ollama suite against a real Ollama: the one at {@code OLLAMA_BASE_URL} (CI starts Ollama
 * 0.17.4 built by {@code deploy/local/ollama.sh}, with its tiny models {@code tiny-chat} and {@code
 * tiny-embed}; others via {@code OTEL_LLM_OLLAMA_CHAT_MODEL} / {@code
 * OTEL_LLM_OLLAMA_EMBEDDING_MODEL}), else {@code ollama/ollama:0.17.4} in Testcontainers when
 * Docker answers, serving the same tiny models. Otherwise the suite skips saying how to enable it —
 * or fails, when {@code OTEL_LLM_REQUIRE_OLLAMA=true} (CI).
 */
class RealOllamaTest extends OllamaContractTest {

  static final String IMAGE = "ollama/ollama:0.17.4";
  static final String HOW_TO_ENABLE =
      "no real Ollama: run `deploy/local/ollama.sh start` (builds Ollama "
          + "0.17.4 with Go and gcc the first time) and set OLLAMA_BASE_URL=$(deploy/local/ollama.sh url), "
          + "or start Docker";

  static Target real;
  static OllamaContainer container;

  @BeforeAll
  static void findOllama() throws Exception {
    real = realOllama();
    LocalService.OLLAMA.require(real != null);
  }

  /** The Ollama at OLLAMA_BASE_URL, else one in Testcontainers, else null. */
  private static @Nullable Target realOllama() throws Exception {
    String baseUrl = System.getenv("OLLAMA_BASE_URL");
    if (baseUrl != null && !baseUrl.isBlank()) {
      return new Target(
          baseUrl.replaceAll("/+$", ""),
          env("OTEL_LLM_OLLAMA_CHAT_MODEL", "tiny-chat"),
          env("OTEL_LLM_OLLAMA_EMBEDDING_MODEL", "tiny-embed"));
    }
    Optional<Path> tinyModels = tinyModels();
    if (!dockerAvailable() || tinyModels.isEmpty()) {
      return null;
    }
    container = new OllamaContainer(IMAGE);
    container.start();
    for (String model : new String[] {"tiny-chat", "tiny-embed"}) {
      for (String file : new String[] {model + ".gguf", model + ".Modelfile"}) {
        container.copyFileToContainer(
            MountableFile.forHostPath(tinyModels.get().resolve(file)), "/models/" + file);
      }
      container.execInContainer(
          "sh", "-c", "cd /models && ollama create " + model + " -f " + model + ".Modelfile");
    }
    return new Target(container.getEndpoint(), "tiny-chat", "tiny-embed");
  }

  @AfterAll
  static void stopContainer() {
    if (container != null) {
      container.stop();
    }
  }

  @Override
  Target target() {
    return real;
  }

  /** The tiny models' files as {@code deploy/local/ollama.sh build} leaves them in its cache. */
  static Optional<Path> tinyModels() {
    String home = System.getenv("OTEL_LLM_HOME");
    Path dir =
        (home != null && !home.isBlank()
                ? Path.of(home)
                : Path.of(System.getProperty("user.home"), ".cache", "otel-llm"))
            .resolve("ollama")
            .resolve("tiny-model");
    return Files.isRegularFile(dir.resolve("tiny-chat.Modelfile"))
        ? Optional.of(dir)
        : Optional.empty();
  }

  private static boolean dockerAvailable() {
    if (!LocalService.dockerEngineMayAnswer()) {
      return false; // no socket, no DOCKER_HOST: not worth Testcontainers' ERROR block
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable t) {
      return false;
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : value;
  }
}

package io.otelllm.examples.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.ollamawire.OllamaWireServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * Where the simulation's models live: a real Ollama when one answers with the chosen models, else
 * the built-in Ollama-compatible server (the same code the tests use), started in-process.
 */
final class LlmBackend implements AutoCloseable {
  final String chatBaseUrl;
  final String embeddingBaseUrl;
  final boolean builtIn;
  private final OllamaWireServer server;

  private LlmBackend(
      String chatBaseUrl, String embeddingBaseUrl, boolean builtIn, OllamaWireServer server) {
    this.chatBaseUrl = chatBaseUrl;
    this.embeddingBaseUrl = embeddingBaseUrl;
    this.builtIn = builtIn;
    this.server = server;
  }

  static LlmBackend choose(SimulationConfig config, PrintStream out) {
    Set<String> models = config.forceBuiltIn() ? Set.of() : modelsAt(config.ollamaBaseUrl());
    boolean chatReal = has(models, config.chatModel());
    boolean embedReal = has(models, config.embeddingModel());
    if (chatReal && embedReal) {
      out.println(
          "LLM: Ollama at "
              + config.ollamaBaseUrl()
              + " ("
              + config.chatModel()
              + ", "
              + config.embeddingModel()
              + ")");
      return new LlmBackend(config.ollamaBaseUrl(), config.ollamaBaseUrl(), false, null);
    }
    OllamaWireServer server =
        OllamaWireServer.start(
            0,
            config.seed(),
            BuiltInModels.scripts(
                config.chatModel(), config.embeddingModel(), config.errorRate(), config.seed()));
    if (chatReal) {
      out.println(
          "LLM: Ollama at "
              + config.ollamaBaseUrl()
              + " for "
              + config.chatModel()
              + "; built-in server for embeddings (no "
              + config.embeddingModel()
              + " there: ollama pull "
              + config.embeddingModel()
              + ")");
      return new LlmBackend(config.ollamaBaseUrl(), server.baseUrl(), false, server);
    }
    out.println(
        "LLM: built-in Ollama-compatible server at "
            + server.baseUrl()
            + " (error rate "
            + config.errorRate()
            + "); for a real model run Ollama and `ollama pull "
            + config.chatModel()
            + "`, or set OLLAMA_BASE_URL");
    return new LlmBackend(server.baseUrl(), server.baseUrl(), true, server);
  }

  private static boolean has(Set<String> models, String model) {
    return models.contains(model) || models.contains(model + ":latest");
  }

  private static Set<String> modelsAt(String baseUrl) {
    Set<String> names = new HashSet<>();
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(1))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl.replaceAll("/+$", "") + "/api/tags"))
                      .timeout(Duration.ofSeconds(2))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        for (JsonNode m : new ObjectMapper().readTree(r.body()).path("models")) {
          names.add(m.path("name").asText());
        }
      }
    } catch (Exception e) {
      // No Ollama there: the built-in server takes over.
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
    }
    return names;
  }

  @Override
  public void close() {
    if (server != null) {
      server.close();
    }
  }
}

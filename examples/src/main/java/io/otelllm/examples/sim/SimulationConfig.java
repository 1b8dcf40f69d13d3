package io.otelllm.examples.sim;

/**
 * What the simulation runs.
 *
 * @param agents how many agents (1–5)
 * @param rounds how many rounds; every agent takes one turn per round
 * @param parallelism how many agents of a round act at once
 * @param chatModel the chat model's name
 * @param embeddingModel the embedding model's name
 * @param seed makes the built-in server's answers, errors and the agents' choices repeatable
 * @param errorRate the built-in server's error rate (0–1)
 * @param ollamaBaseUrl where to look for a real Ollama
 * @param forceBuiltIn use the built-in server even if an Ollama answers
 * @param captureContent record prompts and completions
 */
public record SimulationConfig(
    int agents,
    int rounds,
    int parallelism,
    String chatModel,
    String embeddingModel,
    long seed,
    double errorRate,
    String ollamaBaseUrl,
    boolean forceBuiltIn,
    boolean captureContent) {

  public SimulationConfig {
    if (agents < 1 || agents > 5) {
      throw new IllegalArgumentException("--agents must be between 1 and 5, was " + agents);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds must be at least 1, was " + rounds);
    }
    if (parallelism < 1) {
      throw new IllegalArgumentException("--parallelism must be at least 1, was " + parallelism);
    }
    if (errorRate < 0 || errorRate > 1) {
      throw new IllegalArgumentException("--error-rate must be between 0 and 1, was " + errorRate);
    }
  }
}

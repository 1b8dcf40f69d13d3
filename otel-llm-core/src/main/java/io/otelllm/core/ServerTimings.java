package io.otelllm.core;

/**
 * Timings a model server reports about its own work on one request (Ollama's {@code
 * load_duration}, {@code prompt_eval_duration}, {@code eval_duration}, {@code total_duration}).
 * All durations in nanoseconds; {@code null} when the server did not report it.
 *
 * @param loadNanos time to load the model (large on a cold start, near zero when warm)
 * @param promptEvalNanos time to process the prompt
 * @param evalNanos time to generate the output
 * @param totalNanos the server's whole handling of the request
 * @param evalCount output tokens generated during {@code evalNanos}
 */
public record ServerTimings(
    Long loadNanos, Long promptEvalNanos, Long evalNanos, Long totalNanos, Long evalCount) {

  /** Load plus prompt evaluation: the server's time to first token, or {@code null}. */
  public Long timeToFirstTokenNanos() {
    if (loadNanos == null && promptEvalNanos == null) {
      return null;
    }
    return (loadNanos == null ? 0 : loadNanos) + (promptEvalNanos == null ? 0 : promptEvalNanos);
  }

  /** Generation time per output token, in nanoseconds, or {@code null}. */
  public Double timePerOutputTokenNanos() {
    if (evalNanos == null || evalCount == null || evalCount <= 0) {
      return null;
    }
    return (double) evalNanos / evalCount;
  }
}

package io.otelllm.core.spi;

import com.google.auto.value.AutoValue;
import org.jspecify.annotations.Nullable;

/**
 * Timings a model server reports about its own work on one request (Ollama's {@code load_duration},
 * {@code prompt_eval_duration}, {@code eval_duration}, {@code total_duration}). All durations in
 * nanoseconds; {@code null} when the server did not report it.
 */
@AutoValue
public abstract class ServerTimings {

  ServerTimings() {}

  /** A builder with nothing set. */
  public static Builder builder() {
    return new AutoValue_ServerTimings.Builder();
  }

  /** Time to load the model: large on a cold start, near zero when warm. */
  public abstract @Nullable Long loadNanos();

  /** Time to process the prompt. */
  public abstract @Nullable Long promptEvalNanos();

  /** Time to generate the output. */
  public abstract @Nullable Long evalNanos();

  /** The server's whole handling of the request. */
  public abstract @Nullable Long totalNanos();

  /** Output tokens generated during {@link #evalNanos()}. */
  public abstract @Nullable Long evalCount();

  /** Prompt (input) tokens the server evaluated during {@link #promptEvalNanos()}. */
  public abstract @Nullable Long promptEvalCount();

  /**
   * Time the request spent in the server waiting for a slot of the loaded model: the total less
   * load, prompt evaluation and generation, never negative; {@code null} without a total or a
   * prompt evaluation time (an embeddings answer has no prompt evaluation time, so its compute time
   * cannot be told from waiting). Ollama leaves zero durations out: a missing load or generation
   * time counts as zero. Ollama's {@code total_duration} runs from the request's arrival, its
   * {@code load_duration} until the scheduler handed over a runner (so it holds the wait for a
   * model to be loaded or swapped in), and a runner then admits {@code OLLAMA_NUM_PARALLEL}
   * requests at a time: a request waiting for one of those slots is in the total and in none of the
   * three parts.
   */
  public final @Nullable Long queueNanos() {
    Long total = totalNanos();
    Long prompt = promptEvalNanos();
    if (total == null || prompt == null) {
      return null;
    }
    Long load = loadNanos();
    Long eval = evalNanos();
    return Math.max(0, total - (load == null ? 0 : load) - prompt - (eval == null ? 0 : eval));
  }

  /** Load plus prompt evaluation: the server's time to first token, or {@code null}. */
  public final @Nullable Long timeToFirstTokenNanos() {
    Long load = loadNanos();
    Long prompt = promptEvalNanos();
    if (load == null && prompt == null) {
      return null;
    }
    return (load == null ? 0 : load) + (prompt == null ? 0 : prompt);
  }

  /** Builder for {@link ServerTimings}. */
  @AutoValue.Builder
  public abstract static class Builder {

    Builder() {}

    /** Time to load the model, nanoseconds. */
    public abstract Builder setLoadNanos(@Nullable Long nanos);

    /** Time to process the prompt, nanoseconds. */
    public abstract Builder setPromptEvalNanos(@Nullable Long nanos);

    /** Time to generate the output, nanoseconds. */
    public abstract Builder setEvalNanos(@Nullable Long nanos);

    /** The server's whole handling of the request, nanoseconds. */
    public abstract Builder setTotalNanos(@Nullable Long nanos);

    /** Output tokens generated. */
    public abstract Builder setEvalCount(@Nullable Long count);

    /** Prompt (input) tokens evaluated. */
    public abstract Builder setPromptEvalCount(@Nullable Long count);

    /** The timings. */
    public abstract ServerTimings build();
  }
}

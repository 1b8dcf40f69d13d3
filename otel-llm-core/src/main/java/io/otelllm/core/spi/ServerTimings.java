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

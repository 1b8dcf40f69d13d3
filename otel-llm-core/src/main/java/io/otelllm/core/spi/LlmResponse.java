package io.otelllm.core.spi;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one LLM call after it finished. Immutable; built with {@link #builder()}.
 * Every field is optional ({@code null} or empty = not reported by the provider).
 */
@AutoValue
public abstract class LlmResponse {

  private static final LlmResponse EMPTY = builder().build();

  LlmResponse() {}

  /** A builder with nothing set. */
  public static Builder builder() {
    return new AutoValue_LlmResponse.Builder()
        .setFinishReasons(List.of())
        .setOutputMessages(List.of());
  }

  /** A builder holding what this response holds. */
  public abstract Builder toBuilder();

  /** A response about which nothing is known. */
  public static LlmResponse empty() {
    return EMPTY;
  }

  /** The model that answered. */
  public abstract @Nullable String responseModel();

  /** The provider's id of the response. */
  public abstract @Nullable String responseId();

  /**
   * Semconv finish reasons: {@code stop}, {@code length}, {@code content_filter}, {@code
   * tool_call}, {@code error}.
   */
  public abstract List<String> finishReasons();

  /** Input (prompt) tokens. */
  public abstract @Nullable Long inputTokens();

  /** Output (completion) tokens. */
  public abstract @Nullable Long outputTokens();

  /** Input tokens served from the provider's cache. */
  public abstract @Nullable Long cacheReadInputTokens();

  /** Input tokens written to the provider's cache. */
  public abstract @Nullable Long cacheCreationInputTokens();

  /** Output tokens spent on reasoning. */
  public abstract @Nullable Long reasoningOutputTokens();

  /** The dimension of the embeddings returned. */
  public abstract @Nullable Long embeddingDimensions();

  /** The messages the model returned; recorded only with content capture on. */
  public abstract List<LlmMessage> outputMessages();

  @Override
  public final String toString() {
    // Content is deliberately left out: toString() ends up in logs.
    return "LlmResponse{"
        + responseModel()
        + " "
        + finishReasons()
        + " "
        + inputTokens()
        + "->"
        + outputTokens()
        + "}";
  }

  /** Builder for {@link LlmResponse}. Not thread-safe. */
  @AutoValue.Builder
  public abstract static class Builder {

    Builder() {}

    /** The model that answered. */
    public abstract Builder setResponseModel(@Nullable String responseModel);

    /** The provider's id of the response. */
    public abstract Builder setResponseId(@Nullable String responseId);

    /** Semconv finish reasons. */
    public abstract Builder setFinishReasons(List<String> finishReasons);

    /** Input (prompt) tokens. */
    public abstract Builder setInputTokens(@Nullable Long inputTokens);

    /** Output (completion) tokens. */
    public abstract Builder setOutputTokens(@Nullable Long outputTokens);

    /** Input tokens served from the provider's cache. */
    public abstract Builder setCacheReadInputTokens(@Nullable Long tokens);

    /** Input tokens written to the provider's cache. */
    public abstract Builder setCacheCreationInputTokens(@Nullable Long tokens);

    /** Output tokens spent on reasoning. */
    public abstract Builder setReasoningOutputTokens(@Nullable Long tokens);

    /** The dimension of the embeddings returned. */
    public abstract Builder setEmbeddingDimensions(@Nullable Long dimensions);

    /** The messages the model returned (recorded only with content capture on). */
    public abstract Builder setOutputMessages(List<LlmMessage> outputMessages);

    abstract List<String> finishReasons();

    abstract List<LlmMessage> outputMessages();

    abstract LlmResponse autoBuild();

    /** The response; its lists are copied (without {@code null} elements). */
    public LlmResponse build() {
      return setFinishReasons(ValueChecks.copyOf(finishReasons()))
          .setOutputMessages(ValueChecks.copyOf(outputMessages()))
          .autoBuild();
    }
  }
}

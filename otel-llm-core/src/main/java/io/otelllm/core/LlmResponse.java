package io.otelllm.core;

import java.util.List;

/**
 * What is known about one LLM operation after it finished. Immutable; built with {@link
 * #builder()}. Every field is optional ({@code null} or empty = not reported by the provider).
 */
public final class LlmResponse {

  private static final LlmResponse EMPTY = builder().build();

  private final String responseModel;
  private final String responseId;
  private final List<String> finishReasons;
  private final Long inputTokens;
  private final Long outputTokens;
  private final Long cacheReadInputTokens;
  private final Long cacheCreationInputTokens;
  private final Long reasoningOutputTokens;
  private final Long embeddingDimensions;
  private final List<LlmMessage> outputMessages;

  private LlmResponse(Builder b) {
    this.responseModel = b.responseModel;
    this.responseId = b.responseId;
    this.finishReasons = b.finishReasons;
    this.inputTokens = b.inputTokens;
    this.outputTokens = b.outputTokens;
    this.cacheReadInputTokens = b.cacheReadInputTokens;
    this.cacheCreationInputTokens = b.cacheCreationInputTokens;
    this.reasoningOutputTokens = b.reasoningOutputTokens;
    this.embeddingDimensions = b.embeddingDimensions;
    this.outputMessages = b.outputMessages;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A response about which nothing is known. */
  public static LlmResponse empty() {
    return EMPTY;
  }

  public String responseModel() {
    return responseModel;
  }

  public String responseId() {
    return responseId;
  }

  /** Semconv finish reasons: {@code stop}, {@code length}, {@code content_filter}, {@code tool_call}, {@code error}. */
  public List<String> finishReasons() {
    return finishReasons;
  }

  public Long inputTokens() {
    return inputTokens;
  }

  public Long outputTokens() {
    return outputTokens;
  }

  public Long cacheReadInputTokens() {
    return cacheReadInputTokens;
  }

  public Long cacheCreationInputTokens() {
    return cacheCreationInputTokens;
  }

  public Long reasoningOutputTokens() {
    return reasoningOutputTokens;
  }

  /** For embeddings: the number of dimensions of each vector. */
  public Long embeddingDimensions() {
    return embeddingDimensions;
  }

  /** The model's answer; only recorded when content capture is on. */
  public List<LlmMessage> outputMessages() {
    return outputMessages;
  }

  @Override
  public String toString() {
    return "LlmResponse{" + responseModel + ", in=" + inputTokens + ", out=" + outputTokens + "}";
  }

  /** Builder for {@link LlmResponse}. Not thread-safe. */
  public static final class Builder {
    private String responseModel;
    private String responseId;
    private List<String> finishReasons = List.of();
    private Long inputTokens;
    private Long outputTokens;
    private Long cacheReadInputTokens;
    private Long cacheCreationInputTokens;
    private Long reasoningOutputTokens;
    private Long embeddingDimensions;
    private List<LlmMessage> outputMessages = List.of();

    private Builder() {}

    public Builder responseModel(String responseModel) {
      this.responseModel = LlmRequest.blankToNull(responseModel);
      return this;
    }

    public Builder responseId(String responseId) {
      this.responseId = LlmRequest.blankToNull(responseId);
      return this;
    }

    public Builder finishReasons(List<String> finishReasons) {
      this.finishReasons = LlmRequest.copyOf(finishReasons);
      return this;
    }

    public Builder inputTokens(Number inputTokens) {
      this.inputTokens = nonNegative(inputTokens);
      return this;
    }

    public Builder outputTokens(Number outputTokens) {
      this.outputTokens = nonNegative(outputTokens);
      return this;
    }

    public Builder cacheReadInputTokens(Number tokens) {
      this.cacheReadInputTokens = nonNegative(tokens);
      return this;
    }

    public Builder cacheCreationInputTokens(Number tokens) {
      this.cacheCreationInputTokens = nonNegative(tokens);
      return this;
    }

    public Builder reasoningOutputTokens(Number tokens) {
      this.reasoningOutputTokens = nonNegative(tokens);
      return this;
    }

    public Builder embeddingDimensions(Number dimensions) {
      this.embeddingDimensions = nonNegative(dimensions);
      return this;
    }

    public Builder outputMessages(List<LlmMessage> outputMessages) {
      this.outputMessages = LlmRequest.copyOf(outputMessages);
      return this;
    }

    public LlmResponse build() {
      return new LlmResponse(this);
    }

    // A negative count is a provider bug; reporting it would corrupt sums and histograms.
    private static Long nonNegative(Number n) {
      return n == null || n.longValue() < 0 ? null : n.longValue();
    }
  }
}

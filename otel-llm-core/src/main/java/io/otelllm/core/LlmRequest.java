package io.otelllm.core;

import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * What is known about one LLM operation before it runs: the facts every adapter translates its
 * client library's request into. Immutable; built with {@link #builder(String, String)}.
 *
 * <p>Every field but the operation and provider names is optional: {@code null} (or an empty list)
 * means "not set by the caller", and the corresponding attribute is simply not emitted — a
 * temperature the caller never set is never reported as {@code 0}.
 */
public final class LlmRequest {

  private final String operationName;
  private final String providerName;
  private final String requestModel;
  private final String serverAddress;
  private final Integer serverPort;
  private final Double temperature;
  private final Double topP;
  private final Double topK;
  private final Long maxTokens;
  private final List<String> stopSequences;
  private final Double frequencyPenalty;
  private final Double presencePenalty;
  private final Long seed;
  private final Long choiceCount;
  private final String outputType;
  private final boolean stream;
  private final String conversationId;
  private final List<String> toolNames;
  private final List<MessagePart> systemInstructions;
  private final List<LlmMessage> inputMessages;

  private LlmRequest(Builder b) {
    this.operationName = b.operationName;
    this.providerName = b.providerName;
    this.requestModel = b.requestModel;
    this.serverAddress = b.serverAddress;
    this.serverPort = b.serverPort;
    this.temperature = b.temperature;
    this.topP = b.topP;
    this.topK = b.topK;
    this.maxTokens = b.maxTokens;
    this.stopSequences = b.stopSequences;
    this.frequencyPenalty = b.frequencyPenalty;
    this.presencePenalty = b.presencePenalty;
    this.seed = b.seed;
    this.choiceCount = b.choiceCount;
    this.outputType = b.outputType;
    this.stream = b.stream;
    this.conversationId = b.conversationId;
    this.toolNames = b.toolNames;
    this.systemInstructions = b.systemInstructions;
    this.inputMessages = b.inputMessages;
  }

  /**
   * Starts a request for {@code operationName} (see {@link GenAiOperation}) against {@code
   * providerName} (for example {@code "ollama"}, {@code "openai"}).
   */
  public static Builder builder(String operationName, String providerName) {
    return new Builder(operationName, providerName);
  }

  public String operationName() {
    return operationName;
  }

  public String providerName() {
    return providerName;
  }

  /** The model asked for, or {@code null} when unknown or blank. */
  public String requestModel() {
    return requestModel;
  }

  public String serverAddress() {
    return serverAddress;
  }

  public Integer serverPort() {
    return serverPort;
  }

  public Double temperature() {
    return temperature;
  }

  public Double topP() {
    return topP;
  }

  public Double topK() {
    return topK;
  }

  public Long maxTokens() {
    return maxTokens;
  }

  public List<String> stopSequences() {
    return stopSequences;
  }

  public Double frequencyPenalty() {
    return frequencyPenalty;
  }

  public Double presencePenalty() {
    return presencePenalty;
  }

  public Long seed() {
    return seed;
  }

  public Long choiceCount() {
    return choiceCount;
  }

  /** {@code text}, {@code json}, {@code image} or {@code speech}, when a format was requested. */
  public String outputType() {
    return outputType;
  }

  /** Whether the response is streamed in chunks. */
  public boolean stream() {
    return stream;
  }

  /** The application's own conversation id; never invented by otel-llm. */
  public String conversationId() {
    return conversationId;
  }

  /** Names of the tools offered to the model. */
  public List<String> toolNames() {
    return toolNames;
  }

  /** System instructions; only recorded when content capture is on. */
  public List<MessagePart> systemInstructions() {
    return systemInstructions;
  }

  /** The conversation sent; only recorded when content capture is on. */
  public List<LlmMessage> inputMessages() {
    return inputMessages;
  }

  @Override
  public String toString() {
    // Content is deliberately left out: toString() ends up in logs.
    return "LlmRequest{" + operationName + " " + providerName + "/" + requestModel + "}";
  }

  /** Builder for {@link LlmRequest}. Not thread-safe. */
  public static final class Builder {
    private final String operationName;
    private final String providerName;
    private String requestModel;
    private String serverAddress;
    private Integer serverPort;
    private Double temperature;
    private Double topP;
    private Double topK;
    private Long maxTokens;
    private List<String> stopSequences = List.of();
    private Double frequencyPenalty;
    private Double presencePenalty;
    private Long seed;
    private Long choiceCount;
    private String outputType;
    private boolean stream;
    private String conversationId;
    private List<String> toolNames = List.of();
    private List<MessagePart> systemInstructions = List.of();
    private List<LlmMessage> inputMessages = List.of();

    private Builder(String operationName, String providerName) {
      this.operationName = blankToNull(operationName);
      this.providerName = blankToNull(providerName);
    }

    public Builder requestModel(String requestModel) {
      this.requestModel = blankToNull(requestModel);
      return this;
    }

    /** The server's host name or address (never with user-info) and port; port {@code <= 0} means unknown. */
    public Builder server(String address, int port) {
      this.serverAddress = blankToNull(address);
      this.serverPort = port > 0 && port <= 65535 ? port : null;
      return this;
    }

    public Builder temperature(Double temperature) {
      this.temperature = finiteOrNull(temperature);
      return this;
    }

    public Builder topP(Double topP) {
      this.topP = finiteOrNull(topP);
      return this;
    }

    public Builder topK(Number topK) {
      this.topK = topK == null ? null : finiteOrNull(topK.doubleValue());
      return this;
    }

    public Builder maxTokens(Number maxTokens) {
      this.maxTokens = maxTokens == null ? null : maxTokens.longValue();
      return this;
    }

    public Builder stopSequences(List<String> stopSequences) {
      this.stopSequences = copyOf(stopSequences);
      return this;
    }

    public Builder frequencyPenalty(Double frequencyPenalty) {
      this.frequencyPenalty = finiteOrNull(frequencyPenalty);
      return this;
    }

    public Builder presencePenalty(Double presencePenalty) {
      this.presencePenalty = finiteOrNull(presencePenalty);
      return this;
    }

    public Builder seed(Number seed) {
      this.seed = seed == null ? null : seed.longValue();
      return this;
    }

    public Builder choiceCount(Number choiceCount) {
      this.choiceCount = choiceCount == null ? null : choiceCount.longValue();
      return this;
    }

    public Builder outputType(String outputType) {
      this.outputType = blankToNull(outputType);
      return this;
    }

    public Builder stream(boolean stream) {
      this.stream = stream;
      return this;
    }

    public Builder conversationId(String conversationId) {
      this.conversationId = blankToNull(conversationId);
      return this;
    }

    public Builder toolNames(List<String> toolNames) {
      this.toolNames = copyOf(toolNames);
      return this;
    }

    public Builder systemInstructions(List<MessagePart> systemInstructions) {
      this.systemInstructions = copyOf(systemInstructions);
      return this;
    }

    public Builder inputMessages(List<LlmMessage> inputMessages) {
      this.inputMessages = copyOf(inputMessages);
      return this;
    }

    public LlmRequest build() {
      return new LlmRequest(this);
    }
  }

  static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  static Double finiteOrNull(Double d) {
    // NaN and infinities are not representable in most backends; drop them rather than fail.
    return d == null || d.isNaN() || d.isInfinite() ? null : d;
  }

  static <T> List<T> copyOf(List<T> list) {
    if (list == null || list.isEmpty()) {
      return List.of();
    }
    return Collections.unmodifiableList(
        list.stream().filter(Objects::nonNull).collect(java.util.stream.Collectors.toList()));
  }
}

package io.otelllm.core.spi;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one LLM call before it runs: the facts every adapter translates its client
 * library's request into. Immutable; built with {@link #builder(String, String)}.
 *
 * <p>Every field but the operation and provider names is optional: {@code null} (or an empty list)
 * means "not set by the caller", and the corresponding attribute is not emitted — a temperature the
 * caller never set is never reported as {@code 0}. What is recorded is checked when it is recorded:
 * blank strings, NaN and infinite numbers, negative counts and ports outside 1–65535 are left out.
 */
@AutoValue
public abstract class LlmRequest {

  LlmRequest() {}

  /**
   * Starts a request for {@code operationName} (see {@link GenAiOperationName}) against {@code
   * providerName} (for example {@code "ollama"}, {@code "openai"}).
   */
  public static Builder builder(String operationName, String providerName) {
    return new AutoValue_LlmRequest.Builder()
        .setOperationName(operationName)
        .setProviderName(providerName)
        .setStream(false)
        .setStopSequences(List.of())
        .setToolNames(List.of())
        .setSystemInstructions(List.of())
        .setInputMessages(List.of());
  }

  /** {@code gen_ai.operation.name}: {@code chat}, {@code embeddings}, … */
  public abstract String operationName();

  /** {@code gen_ai.provider.name}: {@code ollama}, {@code openai}, … */
  public abstract String providerName();

  /** The model asked for. */
  public abstract @Nullable String requestModel();

  /** The server's host name or address, when the adapter knows it before the call. */
  public abstract @Nullable String serverAddress();

  /** The server's port, with {@link #serverAddress()}. */
  public abstract @Nullable Long serverPort();

  /** Sampling temperature. */
  public abstract @Nullable Double temperature();

  /** Nucleus sampling mass. */
  public abstract @Nullable Double topP();

  /** Top-k sampling. */
  public abstract @Nullable Double topK();

  /** Maximum output tokens. */
  public abstract @Nullable Long maxTokens();

  /** Stop sequences; empty when none. */
  public abstract List<String> stopSequences();

  /** Frequency penalty. */
  public abstract @Nullable Double frequencyPenalty();

  /** Presence penalty. */
  public abstract @Nullable Double presencePenalty();

  /** Random seed. */
  public abstract @Nullable Long seed();

  /** Number of choices asked for. */
  public abstract @Nullable Long choiceCount();

  /** {@code gen_ai.output.type} when a format was requested: {@code text}, {@code json}, … */
  public abstract @Nullable String outputType();

  /** Whether the response is streamed. */
  public abstract boolean stream();

  /** The application's conversation id; otel-llm never invents one. */
  public abstract @Nullable String conversationId();

  /** Names of the tools offered to the model; empty when none. */
  public abstract List<String> toolNames();

  /** The system instructions; recorded only with content capture on. */
  public abstract List<MessagePart> systemInstructions();

  /** The conversation sent; recorded only with content capture on. */
  public abstract List<LlmMessage> inputMessages();

  @Override
  public final String toString() {
    // Content is deliberately left out: toString() ends up in logs.
    return "LlmRequest{" + operationName() + " " + providerName() + "/" + requestModel() + "}";
  }

  /** Builder for {@link LlmRequest}. Not thread-safe. */
  @AutoValue.Builder
  public abstract static class Builder {

    Builder() {}

    abstract Builder setOperationName(String operationName);

    abstract Builder setProviderName(String providerName);

    /** The model asked for. */
    public abstract Builder setRequestModel(@Nullable String requestModel);

    /** The server's host name or address (never with user-info). */
    public abstract Builder setServerAddress(@Nullable String serverAddress);

    /** The server's port (1–65535). */
    public abstract Builder setServerPort(@Nullable Long serverPort);

    /** Sampling temperature. */
    public abstract Builder setTemperature(@Nullable Double temperature);

    /** Nucleus sampling mass. */
    public abstract Builder setTopP(@Nullable Double topP);

    /** Top-k sampling. */
    public abstract Builder setTopK(@Nullable Double topK);

    /** Maximum output tokens. */
    public abstract Builder setMaxTokens(@Nullable Long maxTokens);

    /** Stop sequences ({@code null} elements are dropped). */
    public abstract Builder setStopSequences(List<String> stopSequences);

    /** Frequency penalty. */
    public abstract Builder setFrequencyPenalty(@Nullable Double frequencyPenalty);

    /** Presence penalty. */
    public abstract Builder setPresencePenalty(@Nullable Double presencePenalty);

    /** Random seed. */
    public abstract Builder setSeed(@Nullable Long seed);

    /** Number of choices asked for (recorded when not 1). */
    public abstract Builder setChoiceCount(@Nullable Long choiceCount);

    /** {@code gen_ai.output.type}: {@code text}, {@code json}, {@code image}, {@code speech}. */
    public abstract Builder setOutputType(@Nullable String outputType);

    /** Whether the response is streamed (default false). */
    public abstract Builder setStream(boolean stream);

    /** The application's own conversation id. */
    public abstract Builder setConversationId(@Nullable String conversationId);

    /** Names of the tools offered to the model. */
    public abstract Builder setToolNames(List<String> toolNames);

    /** The system instructions (recorded only with content capture on). */
    public abstract Builder setSystemInstructions(List<MessagePart> systemInstructions);

    /** The conversation sent (recorded only with content capture on). */
    public abstract Builder setInputMessages(List<LlmMessage> inputMessages);

    abstract List<String> stopSequences();

    abstract List<String> toolNames();

    abstract List<MessagePart> systemInstructions();

    abstract List<LlmMessage> inputMessages();

    abstract LlmRequest autoBuild();

    /** The request; its lists are copied (without {@code null} elements). */
    public LlmRequest build() {
      return setStopSequences(ValueChecks.copyOf(stopSequences()))
          .setToolNames(ValueChecks.copyOf(toolNames()))
          .setSystemInstructions(ValueChecks.copyOf(systemInstructions()))
          .setInputMessages(ValueChecks.copyOf(inputMessages()))
          .autoBuild();
    }
  }
}

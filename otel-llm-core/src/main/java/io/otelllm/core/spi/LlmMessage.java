package io.otelllm.core.spi;

import com.google.auto.value.AutoValue;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One message of a conversation in the GenAI semantic conventions' schema. Only serialized when
 * content capture is on.
 */
@AutoValue
public abstract class LlmMessage {

  LlmMessage() {}

  /**
   * A message.
   *
   * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
   * @param parts the message's parts ({@code null} elements are dropped)
   * @param name the participant's name, when the client library has one
   * @param finishReason for output messages: {@code stop}, {@code length}, {@code content_filter},
   *     {@code tool_call} or {@code error}
   */
  public static LlmMessage create(
      String role, List<MessagePart> parts, @Nullable String name, @Nullable String finishReason) {
    return new AutoValue_LlmMessage(role, ValueChecks.copyOf(parts), name, finishReason);
  }

  /** A message of {@code role} made of {@code parts}. */
  public static LlmMessage of(String role, MessagePart... parts) {
    return create(role, List.of(parts), null, null);
  }

  /** An assistant's output message. */
  public static LlmMessage output(String finishReason, MessagePart... parts) {
    return create("assistant", List.of(parts), null, finishReason);
  }

  /** {@code system}, {@code user}, {@code assistant} or {@code tool}. */
  public abstract String role();

  /** The message's parts. */
  public abstract List<MessagePart> parts();

  /** The participant's name, when the client library has one. */
  public abstract @Nullable String name();

  /** For output messages, why the model stopped. */
  public abstract @Nullable String finishReason();
}

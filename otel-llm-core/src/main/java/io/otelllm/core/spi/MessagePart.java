package io.otelllm.core.spi;

import com.google.auto.value.AutoValue;
import org.jspecify.annotations.Nullable;

/**
 * One part of a message, in the GenAI semantic conventions' message schema: {@code text}, {@code
 * tool_call} (the model asking for a tool), {@code tool_call_response} or {@code reasoning}. Only
 * serialized when content capture is on.
 */
@AutoValue
public abstract class MessagePart {

  MessagePart() {}

  /**
   * A part.
   *
   * @param type the part type
   * @param content text or reasoning content; the response of a tool call
   * @param id the tool call id, when the provider gives one
   * @param name the tool name, for {@code tool_call}
   * @param arguments the tool call arguments as JSON text, for {@code tool_call}
   */
  public static MessagePart create(
      String type,
      @Nullable String content,
      @Nullable String id,
      @Nullable String name,
      @Nullable String arguments) {
    return new AutoValue_MessagePart(type, content, id, name, arguments);
  }

  /** A text part. */
  public static MessagePart text(String content) {
    return create("text", content, null, null, null);
  }

  /** A reasoning (thinking) part. */
  public static MessagePart reasoning(String content) {
    return create("reasoning", content, null, null, null);
  }

  /** The model asking for a tool to be called. */
  public static MessagePart toolCall(@Nullable String id, String name, String argumentsJson) {
    return create("tool_call", null, id, name, argumentsJson);
  }

  /** What a tool call returned, sent back to the model. */
  public static MessagePart toolCallResponse(@Nullable String id, String response) {
    return create("tool_call_response", response, id, null, null);
  }

  /** {@code text}, {@code tool_call}, {@code tool_call_response} or {@code reasoning}. */
  public abstract String type();

  /** Text or reasoning content; the response of a tool call. */
  public abstract @Nullable String content();

  /** The tool call id. */
  public abstract @Nullable String id();

  /** The tool name, for {@code tool_call}. */
  public abstract @Nullable String name();

  /** The tool call arguments as JSON text, for {@code tool_call}. */
  public abstract @Nullable String arguments();

  @Override
  public final String toString() {
    return "MessagePart{" + type() + "}"; // content stays out of logs
  }
}

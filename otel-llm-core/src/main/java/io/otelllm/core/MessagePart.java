package io.otelllm.core;

/**
 * One part of a message, in the GenAI semantic conventions' message schema: {@code text}, {@code
 * tool_call}, {@code tool_call_response} or {@code reasoning}. Only serialized when content
 * capture is on.
 *
 * @param type the part type
 * @param content text or reasoning content; the response of a tool call
 * @param id the tool call id, when the provider gives one
 * @param name the tool name, for {@code tool_call}
 * @param arguments the tool call arguments as JSON text, for {@code tool_call}
 */
public record MessagePart(String type, String content, String id, String name, String arguments) {

  public static MessagePart text(String content) {
    return new MessagePart("text", content, null, null, null);
  }

  public static MessagePart reasoning(String content) {
    return new MessagePart("reasoning", content, null, null, null);
  }

  public static MessagePart toolCall(String id, String name, String argumentsJson) {
    return new MessagePart("tool_call", null, id, name, argumentsJson);
  }

  public static MessagePart toolCallResponse(String id, String response) {
    return new MessagePart("tool_call_response", response, id, null, null);
  }
}

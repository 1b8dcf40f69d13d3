package io.otelllm.core;

import java.util.List;

/**
 * One message of a conversation in the GenAI semantic conventions' schema. Only serialized when
 * content capture is on.
 *
 * @param role {@code system}, {@code user}, {@code assistant} or {@code tool}
 * @param parts the message's parts
 * @param name the participant's name, when the client library has one
 * @param finishReason for output messages: {@code stop}, {@code length}, {@code content_filter},
 *     {@code tool_call} or {@code error}
 */
public record LlmMessage(String role, List<MessagePart> parts, String name, String finishReason) {

  public LlmMessage {
    parts = LlmRequest.copyOf(parts);
  }

  public static LlmMessage of(String role, MessagePart... parts) {
    return new LlmMessage(role, List.of(parts), null, null);
  }

  public static LlmMessage output(String finishReason, MessagePart... parts) {
    return new LlmMessage("assistant", List.of(parts), null, finishReason);
  }
}

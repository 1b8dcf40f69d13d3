package io.otelllm.langchain4j.internal;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * langchain4j's reactive streaming API (1.20 and later: {@code
 * Flow.Publisher<ChatModelStreamingEvent> chat(ChatRequest)}, {@code CompleteResponse}, {@code
 * RawStreamingEvent}), reached through method handles looked up once: this adapter is compiled
 * against 1.18.1, where none of it exists, and must load on every version. On older versions the
 * handles are null, and nothing calls here: the interface has no method that would.
 */
final class ReactiveChat {

  private static final @Nullable MethodHandle CHAT;
  private static final @Nullable MethodHandle DO_CHAT;
  private static final @Nullable Class<?> COMPLETE_RESPONSE;
  private static final @Nullable MethodHandle CHAT_RESPONSE;
  private static final @Nullable Class<?> RAW_STREAMING_EVENT;

  static {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    MethodType publisherOfRequest = MethodType.methodType(Flow.Publisher.class, ChatRequest.class);
    CHAT = virtual(lookup, StreamingChatModel.class, "chat", publisherOfRequest);
    DO_CHAT = virtual(lookup, StreamingChatModel.class, "doChat", publisherOfRequest);
    COMPLETE_RESPONSE = type("dev.langchain4j.model.chat.response.CompleteResponse");
    CHAT_RESPONSE =
        COMPLETE_RESPONSE == null
            ? null
            : virtual(
                lookup,
                COMPLETE_RESPONSE,
                "chatResponse",
                MethodType.methodType(ChatResponse.class));
    RAW_STREAMING_EVENT = type("dev.langchain4j.model.chat.response.RawStreamingEvent");
  }

  private ReactiveChat() {}

  /** {@code model.chat(request)}: what it throws is thrown as is. */
  static Flow.Publisher<Object> chat(StreamingChatModel model, ChatRequest request) {
    return invoke(CHAT, model, request);
  }

  /** {@code model.doChat(request)}: what it throws is thrown as is. */
  static Flow.Publisher<Object> doChat(StreamingChatModel model, ChatRequest request) {
    return invoke(DO_CHAT, model, request);
  }

  /** The answer an event carries when it is the stream's {@code CompleteResponse}, else null. */
  static @Nullable ChatResponse completeResponse(Object event) {
    if (CHAT_RESPONSE == null
        || COMPLETE_RESPONSE == null
        || !COMPLETE_RESPONSE.isInstance(event)) {
      return null;
    }
    try {
      return (ChatResponse) CHAT_RESPONSE.invoke(event);
    } catch (Throwable t) {
      throw sneaky(t);
    }
  }

  /** Whether {@code event} is a provider's raw event (known, not a chunk). */
  static boolean isRawEvent(Object event) {
    return RAW_STREAMING_EVENT != null && RAW_STREAMING_EVENT.isInstance(event);
  }

  @SuppressWarnings("unchecked")
  private static Flow.Publisher<Object> invoke(
      @Nullable MethodHandle method, StreamingChatModel model, ChatRequest request) {
    if (method == null) {
      throw new UnsupportedOperationException(
          "reactive streaming needs langchain4j-core 1.20.0 or later on the class path");
    }
    try {
      return (Flow.Publisher<Object>) method.invoke(model, request);
    } catch (Throwable t) {
      throw sneaky(t);
    }
  }

  private static @Nullable MethodHandle virtual(
      MethodHandles.Lookup lookup, Class<?> owner, String name, MethodType type) {
    try {
      return lookup.findVirtual(owner, name, type);
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }

  private static @Nullable Class<?> type(String name) {
    try {
      return Class.forName(name, false, StreamingChatModel.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return null;
    }
  }

  // Rethrows what the model threw without wrapping it: the caller sees exactly the model's error.
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> RuntimeException sneaky(Throwable t) throws T {
    throw (T) t;
  }
}

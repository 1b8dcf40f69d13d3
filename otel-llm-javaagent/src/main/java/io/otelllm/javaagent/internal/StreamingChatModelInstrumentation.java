package io.otelllm.javaagent.internal;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.javaagent.internal.bridge.OtelLlmAgent;
import io.otelllm.langchain4j.internal.ModelCalls;
import java.util.concurrent.Flow;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every {@code StreamingChatModel}'s {@code chat(ChatRequest, handler)} and {@code
 * chat(ChatRequest, ChatRequestOptions, handler)}: the call starts there and the handler is
 * replaced by the library's tracing handler, which ends the span exactly once when the stream
 * completes, fails or is cancelled (TTFT, chunks, the first-token event). On langchain4j 1.20+,
 * also the reactive {@code chat(ChatRequest)} / {@code doChat(ChatRequest)}: the returned publisher
 * is traced per subscription by the library's tracing publisher.
 */
public final class StreamingChatModelInstrumentation implements TypeInstrumentation {

  static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.chat.StreamingChatModel";
  static final String HANDLER = "dev.langchain4j.model.chat.response.StreamingChatResponseHandler";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(STREAMING_CHAT_MODEL);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named(STREAMING_CHAT_MODEL));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("chat")
            .and(not(isAbstract()))
            .and(takesArguments(2))
            .and(takesArgument(0, named(ChatModelInstrumentation.CHAT_REQUEST)))
            .and(takesArgument(1, named(HANDLER))),
        StreamingChatModelInstrumentation.class.getName() + "$ChatAdvice");
    transformer.applyAdviceToMethod(
        named("chat")
            .and(not(isAbstract()))
            .and(takesArguments(3))
            .and(takesArgument(0, named(ChatModelInstrumentation.CHAT_REQUEST)))
            .and(takesArgument(1, named("dev.langchain4j.model.chat.request.ChatRequestOptions")))
            .and(takesArgument(2, named(HANDLER))),
        StreamingChatModelInstrumentation.class.getName() + "$ChatWithOptionsAdvice");
    // langchain4j 1.20+: the reactive path. chat(ChatRequest) (the interface's default, or a
    // provider's own) and a provider's doChat(ChatRequest) both return the stream; each is traced
    // per subscription, and the inner one, subscribed while the outer call is current, records
    // nothing of its own (one span per call).
    transformer.applyAdviceToMethod(
        namedOneOf("chat", "doChat")
            .and(not(isAbstract()))
            .and(takesArguments(1))
            .and(takesArgument(0, named(ChatModelInstrumentation.CHAT_REQUEST)))
            .and(returns(named("java.util.concurrent.Flow$Publisher"))),
        StreamingChatModelInstrumentation.class.getName() + "$PublisherAdvice");
  }

  /** {@code Flow.Publisher<ChatModelStreamingEvent> chat(request)} and {@code doChat(request)}. */
  @SuppressWarnings("unused")
  public static final class PublisherAdvice {
    private PublisherAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    @SuppressWarnings("unchecked")
    public static void onExit(
        @Advice.This StreamingChatModel model,
        @Advice.Argument(0) ChatRequest request,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object publisher) {
      if (publisher instanceof Flow.Publisher) {
        publisher =
            ModelCalls.tracedPublisher(
                OtelLlmAgent.telemetry(), model, request, (Flow.Publisher<Object>) publisher, true);
      }
    }
  }

  /** {@code chat(request, handler)}. */
  @SuppressWarnings("unused")
  public static final class ChatAdvice {
    private ChatAdvice() {}

    // The scope is closed on exit: an advice pair cannot use try-with-resources.
    @SuppressWarnings("MustBeClosedChecker")
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(
        @Advice.This StreamingChatModel model,
        @Advice.Argument(0) ChatRequest request,
        @Advice.Argument(value = 1, readOnly = false) StreamingChatResponseHandler handler,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      Context caller = Context.current();
      call = ModelCalls.startStreamingChat(OtelLlmAgent.telemetry(), model, request);
      handler = ModelCalls.streamingHandler(OtelLlmAgent.telemetry(), call, caller, handler, true);
      scope = call.makeCurrent();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Thrown Throwable error,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      if (scope == null) {
        return;
      }
      scope.close();
      if (error != null) {
        call.fail(error);
      }
    }
  }

  /** {@code chat(request, options, handler)}. */
  @SuppressWarnings("unused")
  public static final class ChatWithOptionsAdvice {
    private ChatWithOptionsAdvice() {}

    // The scope is closed on exit: an advice pair cannot use try-with-resources.
    @SuppressWarnings("MustBeClosedChecker")
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(
        @Advice.This StreamingChatModel model,
        @Advice.Argument(0) ChatRequest request,
        @Advice.Argument(value = 2, readOnly = false) StreamingChatResponseHandler handler,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      Context caller = Context.current();
      call = ModelCalls.startStreamingChat(OtelLlmAgent.telemetry(), model, request);
      handler = ModelCalls.streamingHandler(OtelLlmAgent.telemetry(), call, caller, handler, true);
      scope = call.makeCurrent();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Thrown Throwable error,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      if (scope == null) {
        return;
      }
      scope.close();
      if (error != null) {
        call.fail(error);
      }
    }
  }
}

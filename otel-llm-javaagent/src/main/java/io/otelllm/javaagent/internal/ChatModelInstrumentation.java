package io.otelllm.javaagent.internal;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import io.opentelemetry.context.Scope;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.javaagent.internal.bridge.OtelLlmAgent;
import io.otelllm.langchain4j.internal.ModelCalls;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every {@code ChatModel}'s {@code chat(ChatRequest)} and {@code chat(ChatRequest,
 * ChatRequestOptions)} — the interface's default methods and any provider's own — is an LLM call.
 * One call entering both (the first delegates to the second), or a model that delegates to another,
 * is one span: the core records nothing for a call started while another is in flight.
 */
public final class ChatModelInstrumentation implements TypeInstrumentation {

  static final String CHAT_MODEL = "dev.langchain4j.model.chat.ChatModel";
  static final String CHAT_REQUEST = "dev.langchain4j.model.chat.request.ChatRequest";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(CHAT_MODEL);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named(CHAT_MODEL));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("chat")
            .and(not(isAbstract()))
            .and(takesArgument(0, named(CHAT_REQUEST)))
            .and(
                takesArguments(1)
                    .or(
                        takesArguments(2)
                            .and(
                                takesArgument(
                                    1,
                                    named(
                                        "dev.langchain4j.model.chat.request.ChatRequestOptions"))))),
        ChatModelInstrumentation.class.getName() + "$ChatAdvice");
  }

  /** Starts the call, current while the model runs; ends it with the answer or the failure. */
  @SuppressWarnings("unused")
  public static final class ChatAdvice {
    private ChatAdvice() {}

    // The scope is closed on exit: an advice pair cannot use try-with-resources.
    @SuppressWarnings("MustBeClosedChecker")
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(
        @Advice.This ChatModel model,
        @Advice.Argument(0) ChatRequest request,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      call = ModelCalls.startChat(OtelLlmAgent.telemetry(), model, request);
      scope = call.makeCurrent();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Return ChatResponse response,
        @Advice.Thrown Throwable error,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      if (scope == null) {
        return;
      }
      scope.close();
      if (error != null) {
        call.fail(error);
      } else {
        ModelCalls.endChat(OtelLlmAgent.telemetry(), call, response);
      }
    }
  }
}

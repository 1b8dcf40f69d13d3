package io.otelllm.javaagent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import io.otelllm.javaagent.internal.bridge.LibraryUnderTheAgent;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The application's own otel-llm library, when it has one: with the extension tracing the models
 * themselves, the library's wrappers, HTTP layer and listener hand back what they were given, and
 * its traced AI-service builder becomes the extension's — one span per call, not two.
 */
public final class LibraryInstrumentation implements TypeInstrumentation {

  /**
   * The application's class names, assembled at run time: the extension jar relocates every
   * otel-llm class name it contains, literal strings too, and these must stay the application's.
   */
  static final String LIBRARY_PACKAGE = String.join(".", "io", "otelllm", "langchain4j");

  static final String TELEMETRY = LIBRARY_PACKAGE + ".LangChain4jTelemetry";
  static final String AI_SERVICES = LIBRARY_PACKAGE + ".TracedAiServices";

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(TELEMETRY, AI_SERVICES);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    ElementMatcher.Junction<net.bytebuddy.description.method.MethodDescription> api =
        isPublic().and(not(isStatic()));
    transformer.applyAdviceToMethod(
        api.and(named("wrap")).and(takesArguments(1)),
        LibraryInstrumentation.class.getName() + "$GiveBackAdvice");
    transformer.applyAdviceToMethod(
        api.and(named("httpClientBuilder")).and(takesArguments(1)),
        LibraryInstrumentation.class.getName() + "$GiveBackAdvice");
    transformer.applyAdviceToMethod(
        api.and(named("chatModelListener")).and(takesArguments(0)),
        LibraryInstrumentation.class.getName() + "$ListenerAdvice");
    transformer.applyAdviceToMethod(
        api.and(named("builder")).and(takesArguments(1)),
        LibraryInstrumentation.class.getName() + "$AiServicesAdvice");
    transformer.applyAdviceToMethod(
        api.and(named("builder")).and(takesArguments(2)),
        LibraryInstrumentation.class.getName() + "$NamedAiServicesAdvice");
  }

  /** {@code wrap(model)}, {@code httpClientBuilder(builder)}: the argument itself. */
  @SuppressWarnings("unused")
  public static final class GiveBackAdvice {
    private GiveBackAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.Argument(0) Object given,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
      if (given != null) {
        returned = given;
      }
    }
  }

  /** {@code chatModelListener()}: a listener that records nothing. */
  @SuppressWarnings("unused")
  public static final class ListenerAdvice {
    private ListenerAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
      returned = LibraryUnderTheAgent.listener();
    }
  }

  /** {@code aiServices().builder(type)}: the extension's traced builder. */
  @SuppressWarnings("unused")
  public static final class AiServicesAdvice {
    private AiServicesAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.Argument(0) Class<?> type,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
      if (type != null) {
        returned = LibraryUnderTheAgent.aiServices(type, null);
      }
    }
  }

  /** {@code aiServices().builder(type, agentName)}: the same, with its name. */
  @SuppressWarnings("unused")
  public static final class NamedAiServicesAdvice {
    private NamedAiServicesAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.Argument(0) Class<?> type,
        @Advice.Argument(1) String agentName,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned) {
      if (type != null) {
        returned = LibraryUnderTheAgent.aiServices(type, agentName);
      }
    }
  }
}

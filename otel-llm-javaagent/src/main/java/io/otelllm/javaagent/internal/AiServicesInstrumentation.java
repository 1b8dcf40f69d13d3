package io.otelllm.javaagent.internal;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.langchain4j.service.AiServices;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import io.otelllm.javaagent.internal.bridge.OtelLlmAgent;
import io.otelllm.langchain4j.internal.TracingAiServicesBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code AiServices.builder(Class)} — and so {@code AiServices.create(..)} — returns the library's
 * traced builder: each invocation of the service an {@code invoke_agent} span, each tool an {@code
 * execute_tool} span, with no code. The models given to it are not wrapped: the extension traces
 * them where they are.
 */
public final class AiServicesInstrumentation implements TypeInstrumentation {

  static final String AI_SERVICES = "dev.langchain4j.service.AiServices";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(AI_SERVICES);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(AI_SERVICES);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("builder")
            .and(isStatic())
            .and(takesArguments(1))
            .and(takesArgument(0, named("java.lang.Class"))),
        AiServicesInstrumentation.class.getName() + "$BuilderAdvice");
  }

  /** Replaces the builder langchain4j made with the traced one. */
  @SuppressWarnings("unused")
  public static final class BuilderAdvice {
    private BuilderAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.Argument(0) Class<?> type,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) AiServices<?> builder) {
      if (type != null && builder != null) {
        builder = TracingAiServicesBuilder.create(OtelLlmAgent.lc4j(), type, null, false);
      }
    }
  }
}

package io.otelllm.javaagent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.langchain4j.http.client.HttpClientBuilder;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import io.otelllm.langchain4j.internal.WrappingHttpClientBuilder;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The HTTP client builder langchain4j's providers load by default ({@code
 * HttpClientBuilderLoader.loadHttpClientBuilder()}) builds the library's tracing client around each
 * client: the real server address and port, the HTTP status of failures and Ollama's own timings
 * land on the LLM span in flight.
 *
 * <p>Not the builder's {@code build()}: the JDK builder narrows its return type ({@code
 * JdkHttpClient}), so the client cannot be swapped there. A builder the application passes to a
 * model itself is not wrapped.
 */
public final class HttpClientBuilderInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("dev.langchain4j.http.client.HttpClientBuilderLoader");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("loadHttpClientBuilder").and(isStatic()).and(takesArguments(0)),
        HttpClientBuilderInstrumentation.class.getName() + "$LoadAdvice");
  }

  /** Wraps the builder langchain4j loaded. */
  @SuppressWarnings("unused")
  public static final class LoadAdvice {
    private LoadAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void onExit(
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC)
            HttpClientBuilder builder) {
      if (builder != null) {
        builder = WrappingHttpClientBuilder.traced(builder);
      }
    }
  }
}

package io.otelllm.javaagent.internal;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import io.opentelemetry.context.Scope;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.javaagent.internal.bridge.OtelLlmAgent;
import io.otelllm.langchain4j.internal.ModelCalls;
import java.util.List;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every {@code EmbeddingModel}'s {@code embed(EmbeddingRequest)} — where {@code embed(String)},
 * {@code embed(TextSegment)} and {@code embedAll(List)} end up since langchain4j 1.17 — and {@code
 * embedAll(List)} — where they ended up before — is an {@code embeddings} call (once: nested, the
 * core records the outer one).
 */
public final class EmbeddingModelInstrumentation implements TypeInstrumentation {

  static final String EMBEDDING_MODEL = "dev.langchain4j.model.embedding.EmbeddingModel";

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(EMBEDDING_MODEL);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return hasSuperType(named(EMBEDDING_MODEL));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("embedAll")
            .and(not(isAbstract()))
            .and(takesArguments(1))
            .and(takesArgument(0, named("java.util.List"))),
        EmbeddingModelInstrumentation.class.getName() + "$EmbedAllAdvice");
    transformer.applyAdviceToMethod(
        named("embed")
            .and(not(isAbstract()))
            .and(takesArguments(1))
            .and(
                takesArgument(
                    0, named("dev.langchain4j.model.embedding.request.EmbeddingRequest"))),
        EmbeddingModelInstrumentation.class.getName() + "$EmbedRequestAdvice");
  }

  /** Starts the call, current while the model runs; ends it with the vectors or the failure. */
  @SuppressWarnings("unused")
  public static final class EmbedAllAdvice {
    private EmbedAllAdvice() {}

    // The scope is closed on exit: an advice pair cannot use try-with-resources.
    @SuppressWarnings("MustBeClosedChecker")
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(
        @Advice.This EmbeddingModel model,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      call = ModelCalls.startEmbeddings(OtelLlmAgent.telemetry(), model, null);
      scope = call.makeCurrent();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Return Response<List<Embedding>> response,
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
        ModelCalls.endEmbeddings(
            call,
            response == null ? null : response.content(),
            response == null ? null : response.tokenUsage(),
            null);
      }
    }
  }

  /** {@code embed(EmbeddingRequest)}: the request may name its own model. */
  @SuppressWarnings("unused")
  public static final class EmbedRequestAdvice {
    private EmbedRequestAdvice() {}

    // The scope is closed on exit: an advice pair cannot use try-with-resources.
    @SuppressWarnings("MustBeClosedChecker")
    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static void onEnter(
        @Advice.This EmbeddingModel model,
        @Advice.Argument(0) EmbeddingRequest request,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      call =
          ModelCalls.startEmbeddings(
              OtelLlmAgent.telemetry(), model, request == null ? null : request.modelName());
      scope = call.makeCurrent();
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void onExit(
        @Advice.Return EmbeddingResponse response,
        @Advice.Thrown Throwable error,
        @Advice.Local("otelLlmCall") LlmCall call,
        @Advice.Local("otelLlmScope") Scope scope) {
      if (scope == null) {
        return;
      }
      scope.close();
      if (error != null) {
        call.fail(error);
      } else if (response != null) {
        ModelCalls.endEmbeddings(
            call, response.embeddings(), response.tokenUsage(), response.modelName());
      } else {
        ModelCalls.endEmbeddings(call, null, null, null);
      }
    }
  }
}

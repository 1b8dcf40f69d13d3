package io.otelllm.langchain4j.internal;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.listener.EmbeddingModelListener;
import dev.langchain4j.model.embedding.request.EmbeddingRequest;
import dev.langchain4j.model.embedding.request.EmbeddingRequestParameters;
import dev.langchain4j.model.embedding.response.EmbeddingResponse;
import dev.langchain4j.model.output.Response;
import io.opentelemetry.context.Scope;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** An {@link EmbeddingModel} whose every embedding call is an {@code embeddings {model}} span. */
public final class TracingEmbeddingModel implements EmbeddingModel {
  private final EmbeddingModel delegate;
  private final LlmTelemetry telemetry;

  /** Traces {@code delegate}'s calls through {@code telemetry}. */
  public TracingEmbeddingModel(EmbeddingModel delegate, LlmTelemetry telemetry) {
    this.delegate = delegate;
    this.telemetry = telemetry;
  }

  @Override
  public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
    return traced(
        null,
        () -> delegate.embedAll(segments),
        (call, r) -> ModelCalls.endEmbeddings(call, r.content(), r.tokenUsage(), null));
  }

  @Override
  public Response<Embedding> embed(String text) {
    return traced(
        null,
        () -> delegate.embed(text),
        (call, r) -> ModelCalls.endEmbeddings(call, List.of(r.content()), r.tokenUsage(), null));
  }

  @Override
  public Response<Embedding> embed(TextSegment segment) {
    return traced(
        null,
        () -> delegate.embed(segment),
        (call, r) -> ModelCalls.endEmbeddings(call, List.of(r.content()), r.tokenUsage(), null));
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request) {
    return traced(
        request.modelName(),
        () -> delegate.embed(request),
        (call, r) -> ModelCalls.endEmbeddings(call, r.embeddings(), r.tokenUsage(), r.modelName()));
  }

  private <R> R traced(
      @Nullable String requestedModel,
      Supplier<R> embed,
      java.util.function.BiConsumer<LlmCall, R> end) {
    LlmCall call = ModelCalls.startEmbeddings(telemetry, delegate, requestedModel);
    R result;
    try (Scope ignored = call.makeCurrent()) {
      result = embed.get();
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    end.accept(call, result);
    return result;
  }

  @Override
  public int dimension() {
    return delegate.dimension();
  }

  @Override
  public String modelName() {
    return delegate.modelName();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public List<EmbeddingModelListener> listeners() {
    return delegate.listeners();
  }

  @Override
  public EmbeddingRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public String toString() {
    return "Traced" + delegate;
  }
}

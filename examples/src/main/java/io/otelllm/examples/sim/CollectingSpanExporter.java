package io.otelllm.examples.sim;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Keeps every exported span in memory, so the demo's progress line, tree and summary are computed
 * from the spans the SDK really exported — the same ones Jaeger receives.
 */
public final class CollectingSpanExporter implements SpanExporter {
  private final ConcurrentLinkedQueue<SpanData> spans = new ConcurrentLinkedQueue<>();

  @Override
  public CompletableResultCode export(Collection<SpanData> batch) {
    spans.addAll(batch);
    return CompletableResultCode.ofSuccess();
  }

  /** Every span exported so far (shutting the SDK down keeps them). */
  public List<SpanData> spans() {
    return new ArrayList<>(spans);
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}

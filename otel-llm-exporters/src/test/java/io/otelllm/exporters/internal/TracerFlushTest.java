package io.otelllm.exporters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * End a span, flush, at once again: each flush must have exported every span ended before it. A
 * bare {@code forceFlush} fails this a few times in a few hundred rounds (the batch processor hands
 * back the previous flush's result).
 */
class TracerFlushTest {

  @Test
  void everySpanEndedBeforeAFlushIsExportedByIt() {
    AtomicInteger exported = new AtomicInteger();
    SpanExporter counting =
        new SpanExporter() {
          @Override
          public CompletableResultCode export(Collection<SpanData> spans) {
            exported.addAndGet(spans.size());
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
          }

          @Override
          public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
          }
        };
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(BatchSpanProcessor.builder(counting).build())
            .build()) {
      Tracer tracer = provider.get("test");
      for (int round = 1; round <= 2_000; round++) {
        tracer.spanBuilder("call").startSpan().end();

        assertThat(TracerFlush.flush(provider, 10_000)).isTrue();
        assertThat(exported.get()).as("after flush %d", round).isEqualTo(round);
      }
    }
  }
}

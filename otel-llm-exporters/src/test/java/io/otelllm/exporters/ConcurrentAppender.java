package io.otelllm.exporters;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that appends to a call log, for the test of two processes writing one file: {@code
 * <file> <writer id> <batches> <lines per batch> <maxBytes>}. Each line's request id is {@code
 * <writer>-<batch>-<line>} and its label is padded, so lines are long and any interleaving of two
 * writers would break one.
 */
public final class ConcurrentAppender {
  private ConcurrentAppender() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    String writer = args[1];
    int batches = Integer.parseInt(args[2]);
    int lines = Integer.parseInt(args[3]);
    LlmJsonLinesExporter exporter =
        LlmJsonLinesExporter.builder()
            .setPath(file)
            .setMaxBytes(Long.parseLong(args[4]))
            .setMaxFiles(0)
            .build();
    for (int b = 0; b < batches; b++) {
      List<SpanData> batch = new ArrayList<>();
      for (int l = 0; l < lines; l++) {
        batch.add(span(writer + "-" + b + "-" + l));
      }
      if (!exporter.export(batch).join(10, java.util.concurrent.TimeUnit.SECONDS).isSuccess()) {
        throw new IllegalStateException("a batch was not written");
      }
    }
  }

  static SpanData span(String label) {
    String spanId = String.format("%016x", (long) label.hashCode() & 0xffffffffL);
    return TestSpanData.builder()
        .setSpanContext(
            SpanContext.create(
                "0123456789abcdef0123456789abcdef",
                spanId,
                TraceFlags.getSampled(),
                TraceState.getDefault()))
        .setName("chat m")
        .setKind(SpanKind.CLIENT)
        .setStartEpochNanos(1_700_000_000_000_000_000L)
        .setEndEpochNanos(1_700_000_000_250_000_000L)
        .setAttributes(
            Attributes.of(
                OtelLlmAttributes.GEN_AI_OPERATION_NAME, "chat",
                OtelLlmAttributes.GEN_AI_REQUEST_MODEL, "m",
                OtelLlmAttributes.LABEL, label + "-" + "x".repeat(200)))
        .setStatus(StatusData.unset())
        .setHasEnded(true)
        .setTotalRecordedEvents(0)
        .build();
  }
}

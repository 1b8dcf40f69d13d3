package io.otelllm.exporters.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.calllog.internal.LlmCallRecords;
import io.otelllm.calllog.internal.SpanFacts;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An exported span, as {@link SpanFacts}.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class SpanDataFacts implements SpanFacts {
  private final SpanData span;

  /** The facts of {@code span}. */
  public SpanDataFacts(SpanData span) {
    this.span = span;
  }

  @Override
  public String spanId() {
    return span.getSpanId();
  }

  @Override
  public String traceId() {
    return span.getTraceId();
  }

  @Override
  public long startEpochNanos() {
    return span.getStartEpochNanos();
  }

  @Override
  public long endEpochNanos() {
    return span.getEndEpochNanos();
  }

  @Override
  public boolean isClient() {
    return span.getKind() == SpanKind.CLIENT;
  }

  @Override
  public boolean failed() {
    return span.getStatus().getStatusCode() == StatusCode.ERROR;
  }

  @Override
  public @Nullable String statusDescription() {
    return span.getStatus().getDescription();
  }

  @Override
  public <T> @Nullable T attribute(AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  @Override
  public List<Event> events() {
    List<Event> events = new ArrayList<>(span.getEvents().size());
    for (EventData e : span.getEvents()) {
      events.add(new Event(e.getName(), e.getAttributes().get(LlmCallRecords.EXCEPTION_MESSAGE)));
    }
    return events;
  }
}

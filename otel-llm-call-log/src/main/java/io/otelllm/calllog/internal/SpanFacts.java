package io.otelllm.calllog.internal;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a span says, wherever it was read: an SDK's exported span, a trace from Jaeger's API. {@link
 * LlmCallRecords#of(SpanFacts)} turns the facts of an LLM call's span into its record, the same way
 * for every source.
 */
public interface SpanFacts {

  /** One event of the span: its name, and the exception's message when it is one. */
  record Event(String name, @Nullable String exceptionMessage) {}

  /** The span id. */
  String spanId();

  /** The trace id. */
  @Nullable String traceId();

  /** When the span started, nanoseconds since the epoch. */
  long startEpochNanos();

  /** When it ended, nanoseconds since the epoch. */
  long endEpochNanos();

  /** Whether it is a CLIENT span. */
  boolean isClient();

  /** Whether its status is ERROR. */
  boolean failed();

  /** The status description, if any. */
  @Nullable String statusDescription();

  /** The value of attribute {@code key}, if the span has it with that type. */
  <T> @Nullable T attribute(AttributeKey<T> key);

  /** The span's events, in order. */
  List<Event> events();
}

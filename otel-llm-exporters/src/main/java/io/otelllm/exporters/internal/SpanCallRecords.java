package io.otelllm.exporters.internal;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.calllog.internal.LlmCallRecords;
import java.util.Optional;

/**
 * The {@link LlmCallRecord} of an exported span: the call log's, the aggregates', the demo's.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class SpanCallRecords {

  private SpanCallRecords() {}

  /** Whether the span is an LLM call (a CLIENT span with a GenAI operation). */
  public static boolean isLlmCall(SpanData span) {
    return LlmCallRecords.isLlmCall(new SpanDataFacts(span));
  }

  /** The record of an LLM call's span, or empty for any other span. */
  public static Optional<LlmCallRecord> of(SpanData span) {
    return LlmCallRecords.of(new SpanDataFacts(span));
  }
}

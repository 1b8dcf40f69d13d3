package io.otelllm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.otelllm.core.internal.GenAiShape;
import io.otelllm.core.semconv.GenAiWorkload;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The newest shape's {@code gen_ai.client.operation.exception} log event, with OpenTelemetry told
 * to emit exceptions as logs ({@code otel.semconv.exception.signal.preview=logs/dup}, read once per
 * JVM: this class runs in a JVM of its own, see the module's build).
 */
class GenAiExceptionEventTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @Test
  void aFailedCallIsAWarnExceptionEventOnTheCallsSpanInTheNewestShape() throws Exception {
    assertThat(System.getProperty("otel.semconv.exception.signal.preview")).isEqualTo("logs/dup");
    GenAiWorkload.run(
        new LlmTelemetryBuilder(
                otel.getOpenTelemetry(),
                k -> k.equals(GenAiShape.PROPERTY) ? GenAiShape.OPT_IN : null,
                k -> null)
            .build());

    List<LogRecordData> events =
        otel.getLogRecords().stream()
            .filter(l -> "gen_ai.client.operation.exception".equals(l.getEventName()))
            .toList();
    assertThat(events).hasSize(1);
    LogRecordData event = events.get(0);
    assertThat(event.getSeverity()).isEqualTo(Severity.WARN);
    assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.type")))
        .isEqualTo("java.lang.IllegalStateException");
    assertThat(event.getAttributes().get(AttributeKey.stringKey("exception.message")))
        .isEqualTo("the model server failed");
    String failedSpan =
        otel.getSpans().stream()
            .filter(
                s ->
                    s.getName().equals("chat llama3.2")
                        && !s.getStatus()
                            .equals(io.opentelemetry.sdk.trace.data.StatusData.unset()))
            .findFirst()
            .orElseThrow()
            .getSpanId();
    assertThat(event.getSpanContext().getSpanId()).isEqualTo(failedSpan);
  }

  @Test
  void theV141ShapeEmitsNoSuchEvent() throws Exception {
    GenAiWorkload.run(LlmTelemetry.create(otel.getOpenTelemetry()));
    assertThat(otel.getLogRecords())
        .noneMatch(l -> "gen_ai.client.operation.exception".equals(l.getEventName()));
  }
}

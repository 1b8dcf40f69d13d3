package io.otelllm.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LlmTelemetrySdkTest {

  @Test
  void badEndpointFailsAtStartUpNamingTheSetting() {
    assertThatThrownBy(() -> LlmTelemetrySdk.builder().setEndpoint("localhost:4317").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.exporter.otlp.endpoint")
        .hasMessageContaining("OTEL_EXPORTER_OTLP_ENDPOINT")
        .hasMessageContaining("'localhost:4317'");
    assertThatThrownBy(
            () ->
                LlmTelemetrySdk.builder()
                    .setProperty("otel.exporter.otlp.traces.endpoint", "ftp://x")
                    .build())
        .hasMessageContaining("otel.exporter.otlp.traces.endpoint");
  }

  @Test
  void unknownProtocolFailsAtStartUpNamingTheSettingAndTheChoices() {
    assertThatThrownBy(() -> LlmTelemetrySdk.builder().setProtocol("http/json").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("otel.exporter.otlp.protocol")
        .hasMessageContaining("'http/json'")
        .hasMessageContaining("[grpc, http/protobuf]");
  }

  @Test
  void otherAutoconfigureErrorsAreReportedClearlyToo() {
    assertThatThrownBy(
            () -> LlmTelemetrySdk.builder().setProperty("otel.traces.sampler", "sometimes").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("invalid OpenTelemetry configuration:")
        .hasMessageContaining("sometimes");
  }

  @Test
  void aDeadCollectorDoesNotBlockAndCloseReturnsWithinItsTimeout() {
    // Port 9 (discard) on loopback: nothing listens; export fails in the background.
    LlmTelemetrySdk sdk =
        LlmTelemetrySdk.builder()
            .setServiceName("t")
            .setEndpoint("http://127.0.0.1:9")
            .setProtocol("grpc")
            .setShutdownTimeout(Duration.ofSeconds(2))
            .build();
    assertThat(sdk.openTelemetry()).isInstanceOf(OpenTelemetrySdk.class);
    Span span = sdk.openTelemetry().getTracer("t").spanBuilder("s").startSpan();
    span.end();
    long start = System.nanoTime();
    sdk.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }
}

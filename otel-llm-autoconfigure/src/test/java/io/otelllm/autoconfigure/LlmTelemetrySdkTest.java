package io.otelllm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

  @Test
  void closeFromTwoThreadsShutsDownOnceAndBothReturn() throws Exception {
    AtomicInteger ended = new AtomicInteger();
    AtomicInteger shutdowns = new AtomicInteger();
    SpanProcessor counting =
        new SpanProcessor() {
          @Override
          public void onStart(Context parent, ReadWriteSpan span) {}

          @Override
          public boolean isStartRequired() {
            return false;
          }

          @Override
          public void onEnd(ReadableSpan span) {
            ended.incrementAndGet();
          }

          @Override
          public boolean isEndRequired() {
            return true;
          }

          @Override
          public CompletableResultCode shutdown() {
            shutdowns.incrementAndGet();
            return CompletableResultCode.ofSuccess();
          }
        };
    LlmTelemetrySdk sdk =
        LlmTelemetrySdk.builder()
            .setProperty("otel.traces.exporter", "none")
            .setProperty("otel.metrics.exporter", "none")
            .addSpanProcessor(counting)
            .build();
    for (int i = 0; i < 100; i++) {
      sdk.openTelemetry().getTracer("t").spanBuilder("s" + i).startSpan().end();
    }
    ExecutorService closers = Executors.newFixedThreadPool(2);
    try {
      List<Future<?>> closes = List.of(closers.submit(sdk::close), closers.submit(sdk::close));
      for (Future<?> close : closes) {
        close.get(10, TimeUnit.SECONDS);
      }
    } finally {
      closers.shutdownNow();
    }
    sdk.close(); // a third time, after the fact: returns at once

    assertThat(shutdowns.get()).isEqualTo(1);
    assertThat(ended.get()).isEqualTo(100);
  }
}

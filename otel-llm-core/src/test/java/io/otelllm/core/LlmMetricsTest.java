package io.otelllm.core;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.core.spi.ServerTimings;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class LlmMetricsTest {

  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  static final List<Double> DURATION_BUCKETS =
      List.of(
          0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
  static final List<Double> TOKEN_BUCKETS =
      List.of(
          1d, 4d, 16d, 64d, 256d, 1024d, 4096d, 16384d, 65536d, 262144d, 1048576d, 4194304d,
          16777216d, 67108864d);

  private LlmTelemetry telemetry;

  // The extension resets the meter provider before each test: instruments must be made after.
  @BeforeEach
  void createTelemetry() {
    telemetry = LlmTelemetry.create(otel.getOpenTelemetry());
  }

  private MetricData metric(String name) {
    return otel.getMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name + " in " + otel.getMetrics()));
  }

  private LlmRequest.Builder request() {
    return LlmRequest.builder("chat", "ollama")
        .setRequestModel("llama3.2")
        .setServerAddress("localhost")
        .setServerPort(11434L);
  }

  @Test
  void durationAndTokenUsageUseSemconvNamesUnitsBucketsAndABoundedAttributeSet() {
    try (Scope ignored = CallLabel.makeCurrent("planning")) {
      telemetry
          .llmCall(request().setTemperature(0.5).setConversationId("c-1").build())
          .start()
          .end(
              LlmResponse.builder()
                  .setResponseModel("llama3.2:3b")
                  .setResponseId("r-9")
                  .setInputTokens(26L)
                  .setOutputTokens(298L)
                  .build());
    }

    assertThat(metric("gen_ai.client.operation.duration"))
        .hasUnit("s")
        .hasHistogramSatisfying(
            h ->
                h.hasPointsSatisfying(
                    p ->
                        p.hasCount(1)
                            .hasBucketBoundaries(
                                DURATION_BUCKETS.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .toArray())
                            .hasAttributesSatisfyingExactly(
                                equalTo(GEN_AI_OPERATION_NAME, "chat"),
                                equalTo(GEN_AI_PROVIDER_NAME, "ollama"),
                                equalTo(GEN_AI_REQUEST_MODEL, "llama3.2"),
                                equalTo(GEN_AI_RESPONSE_MODEL, "llama3.2:3b"),
                                equalTo(ServerAttributes.SERVER_ADDRESS, "localhost"),
                                equalTo(ServerAttributes.SERVER_PORT, 11434L),
                                equalTo(OtelLlmAttributes.LABEL, "planning"))));

    MetricData tokens = metric("gen_ai.client.token.usage");
    assertThat(tokens).hasUnit("{token}");
    List<HistogramPointData> points = List.copyOf(tokens.getHistogramData().getPoints());
    assertThat(points).hasSize(2);
    assertThat(points).allSatisfy(p -> assertThat(p.getBoundaries()).isEqualTo(TOKEN_BUCKETS));
    assertThat(
            points.stream()
                .collect(
                    Collectors.toMap(
                        p -> p.getAttributes().get(GEN_AI_TOKEN_TYPE), HistogramPointData::getSum)))
        .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("input", 26.0, "output", 298.0));
    assertThat(points).allSatisfy(p -> assertThat(p.getAttributes().size()).isEqualTo(8));
  }

  @Test
  void errorTypeIsOnTheDurationOfFailedCallsOnly() {
    telemetry.llmCall(request().build()).start().end(LlmResponse.empty());
    telemetry.llmCall(request().build()).start().fail(new java.net.SocketTimeoutException("slow"));

    List<HistogramPointData> points =
        List.copyOf(metric("gen_ai.client.operation.duration").getHistogramData().getPoints());
    assertThat(points).hasSize(2);
    assertThat(points)
        .extracting(p -> p.getAttributes().get(ErrorAttributes.ERROR_TYPE))
        .containsExactlyInAnyOrder(null, "java.net.SocketTimeoutException");
  }

  @Test
  void streamingRecordsTimeToFirstChunkAndTimePerOutputChunk() throws Exception {
    LlmCall call = telemetry.llmCall(request().setStream(true).build()).start();
    Thread.sleep(20);
    call.onChunk();
    for (int i = 0; i < 4; i++) {
      Thread.sleep(10);
      call.onChunk();
    }
    call.end(LlmResponse.empty());

    assertThat(metric("gen_ai.client.operation.time_to_first_chunk"))
        .hasUnit("s")
        .hasHistogramSatisfying(
            h ->
                h.hasPointsSatisfying(
                    p ->
                        p.hasCount(1)
                            .hasBucketBoundaries(
                                DURATION_BUCKETS.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .toArray())
                            .satisfies(
                                pt ->
                                    assertThat(pt.getSum())
                                        .isGreaterThanOrEqualTo(0.020)
                                        .isLessThan(2.0))));
    // One value per chunk after the first (semconv v1.41); the span keeps their mean.
    double mean =
        otel.getSpans()
            .get(0)
            .getAttributes()
            .get(OtelLlmAttributes.RESPONSE_TIME_PER_OUTPUT_CHUNK);
    assertThat(metric("gen_ai.client.operation.time_per_output_chunk"))
        .hasUnit("s")
        .hasHistogramSatisfying(
            h ->
                h.hasPointsSatisfying(
                    p ->
                        p.hasCount(4)
                            .satisfies(
                                pt -> {
                                  assertThat(pt.getSum()).isCloseTo(4 * mean, within(1e-9));
                                  assertThat(pt.getMin()).isGreaterThanOrEqualTo(0.010);
                                  assertThat(pt.getMax()).isLessThan(1.0);
                                })));
  }

  @Test
  void serverTimingsBecomeServerMetrics() {
    LlmCall call = telemetry.llmCall(request().build()).start();
    call.recordServerTimings(
        ServerTimings.builder()
            .setLoadNanos(100_000_000L)
            .setPromptEvalNanos(200_000_000L)
            .setEvalNanos(1_000_000_000L)
            .setTotalNanos(1_400_000_000L)
            .setEvalCount(50L)
            .build());
    call.end(LlmResponse.empty());

    assertThat(metric("gen_ai.server.time_to_first_token"))
        .hasUnit("s")
        .hasHistogramSatisfying(
            h ->
                h.hasPointsSatisfying(
                    p ->
                        p
                            // load 0.1 s + prompt evaluation 0.2 s, summed from the span's seconds
                            // attributes
                            .satisfies(
                                point ->
                                    assertThat(point.getSum())
                                        .isCloseTo(0.3, org.assertj.core.data.Offset.offset(1e-12)))
                            .hasBucketBoundaries(
                                0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
                                1.0, 2.5, 5.0, 7.5, 10.0)));
    assertThat(metric("gen_ai.server.time_per_output_token"))
        .hasHistogramSatisfying(
            h ->
                h.hasPointsSatisfying(
                    p ->
                        p.hasSum(0.02)
                            .hasBucketBoundaries(
                                0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0,
                                2.5)));
    assertThat(metric("gen_ai.server.request.duration"))
        .hasHistogramSatisfying(h -> h.hasPointsSatisfying(p -> p.hasSum(1.4)));
  }

  @Test
  void labelsPastTheCapAreRecordedAsOtherInMetricsButKeptOnSpans() {
    LlmTelemetry capped =
        LlmTelemetry.builder(otel.getOpenTelemetry()).setMaxDistinctLabels(2).build();
    for (String label : List.of("a", "b", "c", "a")) {
      try (Scope ignored = CallLabel.makeCurrent(label)) {
        capped.llmCall(request().build()).start().end(LlmResponse.empty());
      }
    }
    assertThat(metric("gen_ai.client.operation.duration").getHistogramData().getPoints())
        .extracting(p -> p.getAttributes().get(OtelLlmAttributes.LABEL) + "=" + p.getCount())
        .containsExactlyInAnyOrder("a=2", "b=1", "_OTHER=1");
    assertThat(otel.getSpans())
        .extracting(s -> s.getAttributes().get(OtelLlmAttributes.LABEL))
        .containsExactly("a", "b", "c", "a");
  }
}

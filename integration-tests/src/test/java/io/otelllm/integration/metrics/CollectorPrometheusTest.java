package io.otelllm.integration.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.withinPercentage;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.examples.jaeger.JaegerInstance;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.sim.SimulationConfig;
import io.otelllm.examples.sim.SimulationRun;
import io.otelllm.integration.metrics.PrometheusText.Sample;
import io.otelllm.testing.internal.LocalService;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The GenAI metrics have a home: the demo exports traces and metrics to the locally built
 * collector, whose Prometheus endpoint then shows the duration buckets, token usage and time to
 * first chunk per operation, model and label — with exactly the counts and sums the exported spans
 * imply.
 */
class CollectorPrometheusTest {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Long> INPUT = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<Double> TTFT =
      AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");

  /** The series of one operation × model × label, as the spans say they should be. */
  record Group(String operation, String model, String label) {
    static Group of(SpanData span) {
      return new Group(
          span.getAttributes().get(OPERATION),
          span.getAttributes().get(MODEL),
          span.getAttributes().get(OtelLlmAttributes.LABEL));
    }

    boolean matches(Sample sample) {
      return operation.equals(sample.label("gen_ai_operation_name"))
          && model.equals(sample.label("gen_ai_request_model"))
          && label.equals(sample.label("otel_llm_label"));
    }
  }

  @Test
  void theDemosMetricsReachPrometheusThroughTheCollector() throws Exception {
    Optional<Path> collector = JaegerLauncher.localCollectorBinary();
    Optional<JaegerInstance> jaeger = JaegerLauncher.start();
    LocalService.COLLECTOR.require(collector.isPresent() && jaeger.isPresent());
    try (JaegerInstance backend = jaeger.get();
        JaegerInstance twoHop = JaegerLauncher.startCollectorInFrontOf(backend, collector.get())) {
      LlmTelemetrySdk.Builder sdk =
          LlmTelemetrySdk.builder()
              .setServiceName("metrics-" + UUID.randomUUID().toString().substring(0, 8))
              .setEndpoint(twoHop.otlpGrpcEndpoint())
              .setProtocol("grpc")
              .setProperty("otel.metric.export.interval", "500");
      SimulationRun.Result result =
          SimulationRun.run(
              new SimulationConfig(
                  3, 3, 2, "llama3.2", "all-minilm", 5, 0.2, "http://127.0.0.1:9", true, false),
              sdk,
              new PrintStream(new ByteArrayOutputStream()));

      Map<Group, List<SpanData>> groups =
          result.spans().stream()
              .filter(s -> s.getKind() == SpanKind.CLIENT)
              .collect(Collectors.groupingBy(Group::of));
      long calls = groups.values().stream().mapToLong(List::size).sum();
      // The SDK sent its last metrics when the run closed it; the collector batches for 1 s.
      List<Sample> samples =
          awaitSamples(
              twoHop.prometheusUrl().orElseThrow(),
              s -> total(s, "gen_ai_client_operation_duration_seconds_count") == calls);

      assertThat(total(samples, "gen_ai_client_operation_duration_seconds_count")).isEqualTo(calls);
      for (Map.Entry<Group, List<SpanData>> group : groups.entrySet()) {
        Group g = group.getKey();
        List<SpanData> spans = group.getValue();
        assertThat(sum(samples, "gen_ai_client_operation_duration_seconds_count", g, Map.of()))
            .as("calls of %s", g)
            .isEqualTo(spans.size());
        // Buckets follow the semconv advice; the +Inf bucket holds every call.
        assertThat(
                samples.stream()
                    .filter(
                        s ->
                            s.name().equals("gen_ai_client_operation_duration_seconds_bucket")
                                && g.matches(s))
                    .map(s -> s.label("le"))
                    .distinct()
                    .toList())
            .containsExactlyInAnyOrder(
                "0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12",
                "10.24", "20.48", "40.96", "81.92", "+Inf");
        assertThat(
                sum(
                    samples,
                    "gen_ai_client_operation_duration_seconds_bucket",
                    g,
                    Map.of("le", "+Inf")))
            .isEqualTo(spans.size());
        long input =
            spans.stream()
                .mapToLong(
                    s -> s.getAttributes().get(INPUT) == null ? 0 : s.getAttributes().get(INPUT))
                .sum();
        long output =
            spans.stream()
                .mapToLong(
                    s -> s.getAttributes().get(OUTPUT) == null ? 0 : s.getAttributes().get(OUTPUT))
                .sum();
        assertThat(
                sum(
                    samples,
                    "gen_ai_client_token_usage_sum",
                    g,
                    Map.of("gen_ai_token_type", "input")))
            .as("input tokens of %s", g)
            .isEqualTo(input);
        assertThat(
                sum(
                    samples,
                    "gen_ai_client_token_usage_sum",
                    g,
                    Map.of("gen_ai_token_type", "output")))
            .as("output tokens of %s", g)
            .isEqualTo(output);
        List<Double> ttft =
            spans.stream().map(s -> s.getAttributes().get(TTFT)).filter(t -> t != null).toList();
        if (!ttft.isEmpty()) {
          assertThat(
                  sum(
                      samples,
                      "gen_ai_client_operation_time_to_first_chunk_seconds_count",
                      g,
                      Map.of()))
              .as("streamed calls of %s", g)
              .isEqualTo(ttft.size());
          assertThat(
                  sum(
                      samples,
                      "gen_ai_client_operation_time_to_first_chunk_seconds_sum",
                      g,
                      Map.of()))
              .isCloseTo(
                  ttft.stream().mapToDouble(Double::doubleValue).sum(), withinPercentage(1e-6));
        }
      }
      assertThat(groups.keySet()).extracting(Group::label).contains("dialogue", "planning");
      // Failed calls carry error.type on the duration, as the spans do.
      long failed =
          result.spans().stream()
              .filter(s -> s.getKind() == SpanKind.CLIENT)
              .filter(s -> s.getAttributes().get(AttributeKey.stringKey("error.type")) != null)
              .count();
      assertThat(failed).isPositive();
      assertThat(
              samples.stream()
                  .filter(
                      s ->
                          s.name().equals("gen_ai_client_operation_duration_seconds_count")
                              && s.label("error_type") != null)
                  .mapToDouble(Sample::value)
                  .sum())
          .isEqualTo(failed);
    }
  }

  static double total(List<Sample> samples, String name) {
    return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
  }

  static double sum(List<Sample> samples, String name, Group group, Map<String, String> labels) {
    return samples.stream()
        .filter(s -> s.name().equals(name) && group.matches(s))
        .filter(
            s -> labels.entrySet().stream().allMatch(l -> l.getValue().equals(s.label(l.getKey()))))
        .mapToDouble(Sample::value)
        .sum();
  }

  static List<Sample> awaitSamples(String url, java.util.function.Predicate<List<Sample>> done)
      throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    List<Sample> samples = List.of();
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      samples = PrometheusText.parse(r.body());
      if (done.test(samples)) {
        return samples;
      }
      Thread.sleep(250);
    }
    return samples;
  }
}

package io.otelllm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkIntervalsTest {

  /** Recorded through the buckets, the histogram is the one of recording every interval. */
  @Test
  void theHistogramIsTheSameAsRecordingEveryInterval() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    Meter meter = SdkMeterProvider.builder().registerMetricReader(reader).build().get("test");
    DoubleHistogram viaBuckets = histogram(meter, "via.buckets");
    DoubleHistogram direct = histogram(meter, "direct");
    Random random = new Random(42);
    for (int stream = 0; stream < 50; stream++) {
      ChunkIntervals intervals = new ChunkIntervals();
      int chunks = random.nextInt(400);
      for (int c = 0; c < chunks; c++) {
        // Log-uniform from 0.1 ms to 100 s, and now and then exactly a bucket's bound or one
        // nanosecond past it; the SDK gets the same interval as seconds, as a chunk's would be.
        long nanos;
        int pick = random.nextInt(10);
        if (pick <= 1) {
          double bound =
              LlmClientMetrics.DURATION_BUCKETS.get(
                  random.nextInt(LlmClientMetrics.DURATION_BUCKETS.size()));
          nanos = Math.round(bound * 1e9) + pick;
        } else {
          nanos = (long) (1e9 * Math.pow(10, -4 + 6 * random.nextDouble()));
        }
        intervals.add(nanos);
        direct.record(nanos / 1e9);
      }
      assertThat(intervals.count()).isEqualTo(chunks);
      intervals.recordTo(viaBuckets, Attributes.empty(), Context.root());
    }
    HistogramPointData expected = point(reader, "direct");
    HistogramPointData actual = point(reader, "via.buckets");
    assertThat(actual.getCounts()).isEqualTo(expected.getCounts());
    assertThat(actual.getCount()).isEqualTo(expected.getCount());
    assertThat(actual.getSum()).isCloseTo(expected.getSum(), within(1e-6));
    assertThat(actual.getMin()).isEqualTo(expected.getMin());
    assertThat(actual.getMax()).isEqualTo(expected.getMax());
  }

  static DoubleHistogram histogram(Meter meter, String name) {
    return meter
        .histogramBuilder(name)
        .setUnit("s")
        .setExplicitBucketBoundariesAdvice(LlmClientMetrics.DURATION_BUCKETS)
        .build();
  }

  static HistogramPointData point(InMemoryMetricReader reader, String name) {
    // Each collection reads every metric; this test collects once per name.
    for (MetricData metric : reader.collectAllMetrics()) {
      if (metric.getName().equals(name)) {
        return metric.getHistogramData().getPoints().iterator().next();
      }
    }
    throw new AssertionError("no metric " + name);
  }
}

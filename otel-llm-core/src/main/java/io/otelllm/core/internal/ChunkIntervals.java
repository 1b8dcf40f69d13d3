package io.otelllm.core.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * The times between a stream's chunks after the first, for {@code
 * gen_ai.client.operation.time_per_output_chunk}, which semconv records "for each chunk received
 * after the first one". They are recorded when the call ends, because the metric's attributes (the
 * response model) are known only then; until then a chunk costs a bucket lookup and four array
 * writes, whatever the stream's length.
 *
 * <p>Kept per bucket of the metric's advised boundaries — count, sum, min and max — and recorded as
 * the bucket's min, its max and, for the rest, the value that keeps the sum exact (it lies between
 * the two, so in the same bucket): the histogram's bucket counts, count, sum, min and max are those
 * of recording every interval, with memory and end-of-call work bounded by the buckets, not by the
 * chunks. (Under a View with other boundaries, count, sum, min and max stay exact.)
 *
 * <p>One writer: a stream's chunks arrive one at a time; the call's volatile chunk count, written
 * after each {@link #add}, publishes them to the thread that ends the call.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ChunkIntervals {
  private static final double[] BOUNDS = bounds(LlmClientMetrics.DURATION_BUCKETS);

  private final long[] counts = new long[BOUNDS.length + 1];
  private final double[] sums = new double[BOUNDS.length + 1];
  private final double[] mins = new double[BOUNDS.length + 1];
  private final double[] maxs = new double[BOUNDS.length + 1];

  /** One interval, in seconds. */
  void add(double seconds) {
    int i = bucket(seconds);
    if (counts[i] == 0) {
      mins[i] = seconds;
      maxs[i] = seconds;
    } else {
      mins[i] = Math.min(mins[i], seconds);
      maxs[i] = Math.max(maxs[i], seconds);
    }
    counts[i]++;
    sums[i] += seconds;
  }

  /** How many intervals were added. */
  long count() {
    long n = 0;
    for (long c : counts) {
      n += c;
    }
    return n;
  }

  /** Records every interval added into {@code histogram} (see the class comment). */
  void recordTo(DoubleHistogram histogram, Attributes attributes, Context context) {
    for (int i = 0; i < counts.length; i++) {
      long n = counts[i];
      if (n == 0) {
        continue;
      }
      histogram.record(mins[i], attributes, context);
      if (n == 1) {
        continue;
      }
      histogram.record(maxs[i], attributes, context);
      if (n > 2) {
        double rest = (sums[i] - mins[i] - maxs[i]) / (n - 2);
        double inBucket = Math.max(mins[i], Math.min(maxs[i], rest)); // rounding stays inside
        // Without the span's context: an exemplar is offered by the min and max above, and the
        // SDK's exemplar work per value would double the cost of each of these.
        for (long k = 0; k < n - 2; k++) {
          histogram.record(inBucket, attributes, Context.root());
        }
      }
    }
  }

  /** The bucket of {@code seconds}: the first bound it does not exceed, as the SDK counts. */
  private static int bucket(double seconds) {
    int low = 0;
    int high = BOUNDS.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (seconds <= BOUNDS[middle]) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  private static double[] bounds(List<Double> buckets) {
    double[] bounds = new double[buckets.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = buckets.get(i);
    }
    return bounds;
  }
}

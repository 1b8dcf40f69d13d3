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
  private static final long[] BOUNDS_NANOS = boundsNanos(LlmClientMetrics.DURATION_BUCKETS);

  // In nanoseconds, exact: converted to seconds once, when recorded.
  private final long[] counts = new long[BOUNDS_NANOS.length + 1];
  private final long[] sums = new long[BOUNDS_NANOS.length + 1];
  private final long[] mins = new long[BOUNDS_NANOS.length + 1];
  private final long[] maxs = new long[BOUNDS_NANOS.length + 1];
  // A stream's intervals mostly fall in one bucket: it is tried first.
  private int lastBucket;

  /** One interval, in nanoseconds. */
  void add(long nanos) {
    int i = lastBucket;
    if (!(nanos <= boundOrMax(i) && (i == 0 || nanos > BOUNDS_NANOS[i - 1]))) {
      i = bucket(nanos);
      lastBucket = i;
    }
    if (counts[i] == 0) {
      mins[i] = nanos;
      maxs[i] = nanos;
    } else if (nanos < mins[i]) {
      mins[i] = nanos;
    } else if (nanos > maxs[i]) {
      maxs[i] = nanos;
    }
    counts[i]++;
    sums[i] += nanos;
  }

  private static long boundOrMax(int i) {
    return i < BOUNDS_NANOS.length ? BOUNDS_NANOS[i] : Long.MAX_VALUE;
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
      double min = mins[i] / 1e9;
      double max = maxs[i] / 1e9;
      histogram.record(min, attributes, context);
      if (n == 1) {
        continue;
      }
      histogram.record(max, attributes, context);
      if (n > 2) {
        double rest = (sums[i] - mins[i] - maxs[i]) / 1e9 / (n - 2);
        double inBucket = Math.max(min, Math.min(max, rest)); // rounding stays inside
        // Without the span's context: an exemplar is offered by the min and max above, and the
        // SDK's exemplar work per value would double the cost of each of these.
        for (long k = 0; k < n - 2; k++) {
          histogram.record(inBucket, attributes, Context.root());
        }
      }
    }
  }

  /** The bucket of {@code nanos}: the first bound it does not exceed, as the SDK counts. */
  private static int bucket(long nanos) {
    int low = 0;
    int high = BOUNDS_NANOS.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (nanos <= BOUNDS_NANOS[middle]) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  // The advised bounds are whole milliseconds and tens of them (0.01, 0.02, … 81.92 s), exact in
  // nanoseconds: a value lands in the SDK's bucket for its seconds as here for its nanoseconds.
  private static long[] boundsNanos(List<Double> buckets) {
    long[] bounds = new long[buckets.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = Math.round(buckets.get(i) * 1e9);
    }
    return bounds;
  }
}

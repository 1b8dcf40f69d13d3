package io.otelllm.sdk.calls;

import java.util.List;

/** Exact percentiles of a sorted sample, the way the report and the demo state them. */
public final class Percentiles {
  private Percentiles() {}

  /** The nearest-rank {@code p}th percentile (0–100) of {@code sorted}; NaN when empty. */
  public static double nearestRank(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }
}

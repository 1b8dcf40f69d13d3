package io.otelllm.core.internal;

/** Unit conversions shared by extractors and metrics. */
public final class Units {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  public static double nanosToSeconds(long nanos) {
    return nanos / NANOS_PER_SECOND;
  }

  public static double nanosToSeconds(double nanos) {
    return nanos / NANOS_PER_SECOND;
  }

  private Units() {}
}

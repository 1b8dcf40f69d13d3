package io.otelllm.core.internal;

/**
 * Unit conversions shared by extractors and metrics.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class Units {
  private static final double NANOS_PER_SECOND = 1_000_000_000d;

  /** Nanoseconds as seconds. */
  public static double nanosToSeconds(long nanos) {
    return nanos / NANOS_PER_SECOND;
  }

  private Units() {}
}

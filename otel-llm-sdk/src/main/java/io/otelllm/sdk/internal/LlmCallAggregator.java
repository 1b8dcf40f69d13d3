package io.otelllm.sdk.internal;

import io.otelllm.sdk.calls.LlmCallRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.HdrHistogram.IntCountsHistogram;
import org.jspecify.annotations.Nullable;

/**
 * Aggregates LLM calls per operation × model × label over a window, in memory that does not grow
 * with the number of calls: HdrHistograms of fixed range and precision (values above an hour are
 * clamped), a bounded number of keys and of error types per key.
 */
public final class LlmCallAggregator {

  /** Significant decimal digits kept by the histograms: percentiles are within 1 %. */
  public static final int SIGNIFICANT_DIGITS = 2;

  static final long MAX_MICROS = 3_600_000_000L;
  static final int MAX_ERROR_TYPES = 20;
  static final String OTHER = "_OTHER";

  /** One key's numbers for one window. Durations in milliseconds. */
  public record Aggregate(
      Instant windowStart,
      Instant windowEnd,
      @Nullable String operation,
      @Nullable String model,
      @Nullable String label,
      long calls,
      double successRate,
      double minMs,
      double avgMs,
      double maxMs,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      @Nullable Double ttftP50Ms,
      @Nullable Double ttftP90Ms,
      long inputTokens,
      long outputTokens,
      Map<String, Long> errors) {}

  record Key(@Nullable String operation, @Nullable String model, @Nullable String label) {}

  private final int maxKeys;
  private volatile Map<Key, Stats> window = new ConcurrentHashMap<>();
  private volatile Instant windowStart = Instant.now();

  /** An aggregator keeping at most {@code maxKeys} keys per window. */
  public LlmCallAggregator(int maxKeys) {
    this.maxKeys = maxKeys;
  }

  /** Adds one call to the current window. */
  public void record(LlmCallRecord r) {
    Map<Key, Stats> current = window;
    Key key = new Key(or(r.operation()), or(r.requestModel()), or(r.label()));
    Stats stats = current.get(key);
    if (stats == null) {
      // Past the cap every new key shares one bucket: the memory bound holds whatever the labels.
      Key bounded = current.size() >= maxKeys ? new Key(key.operation(), OTHER, OTHER) : key;
      stats = current.computeIfAbsent(bounded, k -> new Stats());
    }
    stats.record(r);
  }

  /** The aggregates of the window that ends now, sorted by key; a new window starts. */
  public List<Aggregate> closeWindow() {
    Map<Key, Stats> closed = window;
    Instant start = windowStart;
    Instant end = Instant.now();
    window = new ConcurrentHashMap<>();
    windowStart = end;
    List<Aggregate> out = new ArrayList<>();
    closed.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<Key, Stats> e) -> e.getKey().operation())
                .thenComparing(e -> e.getKey().model())
                .thenComparing(e -> e.getKey().label()))
        .forEach(e -> out.add(e.getValue().aggregate(start, end, e.getKey())));
    return out;
  }

  /** Bytes held by the current window's histograms (what grows with keys, not with calls). */
  public long footprintBytes() {
    long bytes = 0;
    for (Stats s : window.values()) {
      bytes += s.footprintBytes();
    }
    return bytes;
  }

  private static String or(@Nullable String s) {
    return s == null ? "(none)" : s;
  }

  private static final class Stats {
    private final IntCountsHistogram durations =
        new IntCountsHistogram(MAX_MICROS, SIGNIFICANT_DIGITS);
    private final IntCountsHistogram ttfts = new IntCountsHistogram(MAX_MICROS, SIGNIFICANT_DIGITS);
    private final Map<String, Long> errors = new LinkedHashMap<>();
    private long calls;
    private long successes;
    private double sumMs;
    private double minMs = Double.POSITIVE_INFINITY;
    private double maxMs;
    private long inputTokens;
    private long outputTokens;

    synchronized void record(LlmCallRecord r) {
      calls++;
      if (r.success()) {
        successes++;
      } else {
        String type = r.errorType() == null ? OTHER : r.errorType();
        if (!errors.containsKey(type) && errors.size() >= MAX_ERROR_TYPES) {
          type = OTHER;
        }
        errors.merge(type, 1L, Long::sum);
      }
      sumMs += r.durationMs();
      minMs = Math.min(minMs, r.durationMs());
      maxMs = Math.max(maxMs, r.durationMs());
      durations.recordValue(micros(r.durationMs()));
      if (r.ttftMs() != null) {
        ttfts.recordValue(micros(r.ttftMs()));
      }
      inputTokens += r.promptTokens() == null ? 0 : r.promptTokens();
      outputTokens += r.completionTokens() == null ? 0 : r.completionTokens();
    }

    synchronized Aggregate aggregate(Instant start, Instant end, Key key) {
      boolean anyTtft = ttfts.getTotalCount() > 0;
      return new Aggregate(
          start,
          end,
          key.operation(),
          key.model(),
          key.label(),
          calls,
          calls == 0 ? 0 : (double) successes / calls,
          minMs,
          calls == 0 ? 0 : sumMs / calls,
          maxMs,
          clamp(ms(durations, 50)),
          clamp(ms(durations, 90)),
          clamp(ms(durations, 99)),
          anyTtft ? ms(ttfts, 50) : null,
          anyTtft ? ms(ttfts, 90) : null,
          inputTokens,
          outputTokens,
          Map.copyOf(errors));
    }

    // A bucket's upper bound can pass the largest value seen; a percentile never should.
    private double clamp(double ms) {
      return calls == 0 ? ms : Math.max(minMs, Math.min(maxMs, ms));
    }

    synchronized long footprintBytes() {
      return (long) durations.getEstimatedFootprintInBytes() + ttfts.getEstimatedFootprintInBytes();
    }

    private static long micros(double ms) {
      return Math.max(0, Math.min(MAX_MICROS, Math.round(ms * 1000)));
    }

    private static double ms(IntCountsHistogram h, double percentile) {
      return h.getValueAtPercentile(percentile) / 1000.0;
    }
  }
}

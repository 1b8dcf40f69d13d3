package io.otelllm.calllog.internal;

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
 * The one aggregation of LLM calls — by operation × model × label — that the aggregates exporter,
 * the report and the demo's summary all use: counts, errors and token sums exact; durations and
 * TTFT in HdrHistograms ({@value #SIGNIFICANT_DIGITS} significant digits: percentiles within 1 %,
 * clamped to the smallest and largest value seen). Memory grows with the keys (at most {@code
 * maxKeys}, then one {@value #OTHER} key per operation), never with the calls. Thread-safe.
 */
public final class CallAggregator {

  /** Significant decimal digits kept by the histograms: percentiles are within 1 %. */
  public static final int SIGNIFICANT_DIGITS = 2;

  /** The key (and error type) that stands for the ones past a cap. */
  public static final String OTHER = "_OTHER";

  /** What a key's label, model or operation is when the call had none. */
  public static final String NONE = "(none)";

  static final long MAX_MICROS = 3_600_000_000L;
  static final int MAX_ERROR_TYPES = 20;

  /**
   * One key's numbers. Durations in milliseconds.
   *
   * @param operation the calls' operation
   * @param model the model asked for
   * @param label the caller's label
   * @param calls how many calls
   * @param errors how many of them failed
   * @param minMs the shortest
   * @param avgMs the mean
   * @param maxMs the longest
   * @param p50Ms the median
   * @param p90Ms the 90th percentile
   * @param p99Ms the 99th percentile
   * @param ttftP50Ms the median time to first chunk, when any call streamed
   * @param ttftP90Ms its 90th percentile
   * @param inputTokens input tokens, summed
   * @param outputTokens output tokens, summed
   * @param errorTypes failures by error type (at most 20 types, then {@value #OTHER})
   */
  public record CallStats(
      String operation,
      String model,
      String label,
      long calls,
      long errors,
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
      Map<String, Long> errorTypes) {

    /** The share of calls that succeeded (0 with no calls). */
    public double successRate() {
      return calls == 0 ? 0 : (double) (calls - errors) / calls;
    }
  }

  /** One window's stats, for an exporter that writes them at intervals. */
  public record Window(Instant start, Instant end, List<CallStats> stats) {}

  private record Key(String operation, String model, String label) {}

  private final int maxKeys;
  private volatile Map<Key, Stats> keys = new ConcurrentHashMap<>();
  private volatile Instant windowStart = Instant.now();

  /** An aggregator keeping at most {@code maxKeys} keys (then {@value #OTHER}). */
  public CallAggregator(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
    }
    this.maxKeys = maxKeys;
  }

  /** Adds one call. */
  public void record(LlmCallRecord r) {
    Map<Key, Stats> current = keys;
    Key key = new Key(or(r.operation()), or(r.requestModel()), or(r.label()));
    Stats stats = current.get(key);
    if (stats == null) {
      // Past the cap every new key shares one bucket: the memory bound holds whatever the labels.
      Key bounded = current.size() >= maxKeys ? new Key(key.operation(), OTHER, OTHER) : key;
      stats = current.computeIfAbsent(bounded, k -> new Stats());
    }
    stats.record(r);
  }

  /** The stats so far, sorted by operation, model and label. */
  public List<CallStats> stats() {
    return stats(keys);
  }

  /** The stats of the window that ends now; a new, empty window starts. */
  public Window closeWindow() {
    Map<Key, Stats> closed = keys;
    Instant start = windowStart;
    Instant end = Instant.now();
    keys = new ConcurrentHashMap<>();
    windowStart = end;
    return new Window(start, end, stats(closed));
  }

  /** Bytes held by the histograms: what grows with the keys, not with the calls. */
  public long footprintBytes() {
    long bytes = 0;
    for (Stats s : keys.values()) {
      bytes += s.footprintBytes();
    }
    return bytes;
  }

  private static List<CallStats> stats(Map<Key, Stats> keys) {
    List<CallStats> out = new ArrayList<>();
    keys.entrySet().stream()
        .sorted(
            Comparator.comparing((Map.Entry<Key, Stats> e) -> e.getKey().operation())
                .thenComparing(e -> e.getKey().model())
                .thenComparing(e -> e.getKey().label()))
        .forEach(e -> out.add(e.getValue().stats(e.getKey())));
    return out;
  }

  private static String or(@Nullable String s) {
    return s == null ? NONE : s;
  }

  private static final class Stats {
    private final IntCountsHistogram durations =
        new IntCountsHistogram(MAX_MICROS, SIGNIFICANT_DIGITS);
    private final IntCountsHistogram ttfts = new IntCountsHistogram(MAX_MICROS, SIGNIFICANT_DIGITS);
    private final Map<String, Long> errorTypes = new LinkedHashMap<>();
    private long calls;
    private long errors;
    private double sumMs;
    private double minMs = Double.POSITIVE_INFINITY;
    private double maxMs;
    private long inputTokens;
    private long outputTokens;

    synchronized void record(LlmCallRecord r) {
      calls++;
      if (!r.success()) {
        errors++;
        String type = r.errorType() == null ? OTHER : r.errorType();
        if (!errorTypes.containsKey(type) && errorTypes.size() >= MAX_ERROR_TYPES) {
          type = OTHER;
        }
        errorTypes.merge(type, 1L, Long::sum);
      }
      sumMs += r.durationMs();
      minMs = Math.min(minMs, r.durationMs());
      maxMs = Math.max(maxMs, r.durationMs());
      durations.recordValue(micros(r.durationMs()));
      Double ttft = r.ttftMs();
      if (ttft != null) {
        ttfts.recordValue(micros(ttft));
      }
      inputTokens =
          LlmCallRecords.saturatedAdd(inputTokens, r.promptTokens() == null ? 0 : r.promptTokens());
      outputTokens =
          LlmCallRecords.saturatedAdd(
              outputTokens, r.completionTokens() == null ? 0 : r.completionTokens());
    }

    synchronized CallStats stats(Key key) {
      boolean anyTtft = ttfts.getTotalCount() > 0;
      return new CallStats(
          key.operation(),
          key.model(),
          key.label(),
          calls,
          errors,
          calls == 0 ? 0 : minMs,
          calls == 0 ? 0 : sumMs / calls,
          maxMs,
          clamp(ms(durations, 50)),
          clamp(ms(durations, 90)),
          clamp(ms(durations, 99)),
          anyTtft ? ms(ttfts, 50) : null,
          anyTtft ? ms(ttfts, 90) : null,
          inputTokens,
          outputTokens,
          Map.copyOf(errorTypes));
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

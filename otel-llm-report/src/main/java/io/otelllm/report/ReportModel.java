package io.otelllm.report;

import io.otelllm.sdk.calls.LlmCallRecord;
import io.otelllm.sdk.calls.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The numbers of a report, computed once from the calls; rendered as Markdown and as HTML. */
final class ReportModel {

  /** Bin upper edges (ms) of the latency and TTFT distributions; the last bin is open. */
  static final double[] BIN_EDGES_MS = {10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

  record GroupRow(
      String operation,
      String model,
      String label,
      int calls,
      int errors,
      double p50Ms,
      double p90Ms,
      double p99Ms,
      @Nullable Double ttftP50Ms,
      @Nullable Double ttftP90Ms,
      long tokensIn,
      long tokensOut) {}

  record Distribution(List<String> bins, Map<String, int[]> series) {}

  record Timeline(List<String> buckets, Map<String, int[]> series) {}

  final List<LlmCallRecord> calls;
  final List<GroupRow> groups;
  final Distribution latency;
  final Distribution ttft;
  final Map<String, long[]> tokensPerAgent;
  final Map<String, long[]> tokensPerLabel;
  final Timeline errors;
  final List<LlmCallRecord> coldStarts;
  final List<LlmCallRecord> slowest;
  final int errorCount;
  final @Nullable Instant first;
  final @Nullable Instant last;

  ReportModel(List<LlmCallRecord> calls) {
    this.calls = List.copyOf(calls);
    this.groups = groups(calls);
    this.latency =
        distribution(calls, r -> r.durationMs(), r -> r.requestModel() + " · " + name(r.label()));
    this.ttft =
        distribution(
            calls.stream().filter(r -> r.ttftMs() != null).toList(),
            LlmCallRecord::ttftMs,
            r -> name(r.requestModel()));
    this.tokensPerAgent = tokens(calls, r -> name(r.agent()));
    this.tokensPerLabel = tokens(calls, r -> name(r.label()));
    this.errors = errorTimeline(calls);
    this.coldStarts =
        calls.stream()
            .filter(LlmCallRecord::coldStart)
            .sorted(Comparator.comparing(LlmCallRecord::timestamp))
            .toList();
    this.slowest =
        calls.stream()
            .sorted(Comparator.comparingDouble(LlmCallRecord::durationMs).reversed())
            .limit(10)
            .toList();
    this.errorCount = (int) calls.stream().filter(r -> !r.success()).count();
    this.first =
        calls.stream().map(LlmCallRecord::timestamp).min(Comparator.naturalOrder()).orElse(null);
    this.last =
        calls.stream().map(LlmCallRecord::timestamp).max(Comparator.naturalOrder()).orElse(null);
  }

  static String name(@Nullable String s) {
    return s == null ? "(none)" : s;
  }

  private static List<GroupRow> groups(List<LlmCallRecord> calls) {
    Map<List<String>, List<LlmCallRecord>> byKey =
        new TreeMap<>(
            Comparator.comparing((List<String> k) -> k.get(0))
                .thenComparing(k -> k.get(1))
                .thenComparing(k -> k.get(2)));
    for (LlmCallRecord r : calls) {
      byKey
          .computeIfAbsent(
              List.of(name(r.operation()), name(r.requestModel()), name(r.label())),
              k -> new ArrayList<>())
          .add(r);
    }
    List<GroupRow> rows = new ArrayList<>();
    byKey.forEach(
        (k, rs) -> {
          List<Double> d = rs.stream().map(LlmCallRecord::durationMs).sorted().toList();
          List<Double> t =
              rs.stream().map(LlmCallRecord::ttftMs).filter(Objects::nonNull).sorted().toList();
          rows.add(
              new GroupRow(
                  k.get(0),
                  k.get(1),
                  k.get(2),
                  rs.size(),
                  (int) rs.stream().filter(r -> !r.success()).count(),
                  Percentiles.nearestRank(d, 50),
                  Percentiles.nearestRank(d, 90),
                  Percentiles.nearestRank(d, 99),
                  t.isEmpty() ? null : Percentiles.nearestRank(t, 50),
                  t.isEmpty() ? null : Percentiles.nearestRank(t, 90),
                  rs.stream().mapToLong(r -> r.promptTokens() == null ? 0 : r.promptTokens()).sum(),
                  rs.stream()
                      .mapToLong(r -> r.completionTokens() == null ? 0 : r.completionTokens())
                      .sum()));
        });
    return rows;
  }

  private static Distribution distribution(
      List<LlmCallRecord> calls,
      Function<LlmCallRecord, Double> value,
      Function<LlmCallRecord, String> series) {
    List<String> bins = new ArrayList<>();
    double lower = 0;
    for (double edge : BIN_EDGES_MS) {
      bins.add(fmt(lower) + "–" + fmt(edge) + " ms");
      lower = edge;
    }
    bins.add("> " + fmt(lower) + " ms");
    Map<String, int[]> counts = new TreeMap<>();
    for (LlmCallRecord r : calls) {
      int[] c = counts.computeIfAbsent(series.apply(r), k -> new int[BIN_EDGES_MS.length + 1]);
      c[bin(value.apply(r))]++;
    }
    return new Distribution(bins, counts);
  }

  static int bin(double ms) {
    for (int i = 0; i < BIN_EDGES_MS.length; i++) {
      if (ms < BIN_EDGES_MS[i]) {
        return i;
      }
    }
    return BIN_EDGES_MS.length;
  }

  private static Map<String, long[]> tokens(
      List<LlmCallRecord> calls, Function<LlmCallRecord, String> key) {
    Map<String, long[]> out = new TreeMap<>();
    for (LlmCallRecord r : calls) {
      long[] t = out.computeIfAbsent(key.apply(r), k -> new long[2]);
      t[0] += r.promptTokens() == null ? 0 : r.promptTokens();
      t[1] += r.completionTokens() == null ? 0 : r.completionTokens();
    }
    return out;
  }

  private static Timeline errorTimeline(List<LlmCallRecord> calls) {
    if (calls.isEmpty()) {
      return new Timeline(List.of(), Map.of());
    }
    Instant start =
        calls.stream().map(LlmCallRecord::timestamp).min(Comparator.naturalOrder()).orElseThrow();
    Instant end =
        calls.stream().map(LlmCallRecord::timestamp).max(Comparator.naturalOrder()).orElseThrow();
    long spanSeconds = Math.max(1, Duration.between(start, end).toSeconds() + 1);
    long[] steps = {1, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400};
    long step = steps[steps.length - 1];
    for (long s : steps) {
      if (spanSeconds / s <= 40) {
        step = s;
        break;
      }
    }
    long startBucket = start.getEpochSecond() / step * step;
    int n = (int) ((end.getEpochSecond() / step * step - startBucket) / step) + 1;
    List<String> buckets = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      buckets.add(Instant.ofEpochSecond(startBucket + i * step).toString());
    }
    Map<String, int[]> series = new LinkedHashMap<>();
    series.put("ok", new int[n]);
    for (LlmCallRecord r : calls) {
      int i = (int) ((r.timestamp().getEpochSecond() - startBucket) / step);
      String key = r.success() ? "ok" : name(r.errorType());
      series.computeIfAbsent(key, k -> new int[n])[i]++;
    }
    return new Timeline(buckets, series);
  }

  static String fmt(double ms) {
    return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.format("%.1f", ms);
  }

  Map<String, Long> errorTypes() {
    return calls.stream()
        .filter(r -> !r.success())
        .collect(
            Collectors.groupingBy(r -> name(r.errorType()), TreeMap::new, Collectors.counting()));
  }
}

package io.otelllm.report;

import io.otelllm.calllog.internal.CallAggregator;
import io.otelllm.calllog.internal.CallAggregator.CallStats;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.calllog.internal.LlmCallRecords;
import io.otelllm.calllog.internal.WhereTimeGoes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Everything the report shows, accumulated one call at a time in memory that does not grow with the
 * calls: the groups' numbers from the one {@link CallAggregator} (exact counts and token sums,
 * HdrHistogram percentiles), charts from fixed latency bins and from time buckets that widen as the
 * calls' span of time grows, the slowest calls as a top-10, the cold starts as the earliest {@value
 * #COLD_STARTS_KEPT} and a count. Series, agents, labels and error types are capped (then {@value
 * CallAggregator#OTHER}).
 */
final class ReportModel implements Consumer<LlmCallRecord> {

  /** Bin upper edges (ms) of the latency and TTFT distributions; the last bin is open. */
  static final double[] BIN_EDGES_MS = {10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000};

  static final int MAX_GROUPS = 500;
  static final int MAX_SERIES = 50;
  static final int SLOWEST_KEPT = 10;
  static final int COLD_STARTS_KEPT = 500;
  static final int MAX_ERROR_TYPES = 50;

  record Distribution(List<String> bins, Map<String, long[]> series) {}

  record Timeline(List<String> buckets, Map<String, long[]> series) {}

  private final CallAggregator aggregator = new CallAggregator(MAX_GROUPS);
  // Hash maps while counting (a lookup per call), sorted when shown.
  private final Map<SeriesKey, long[]> latency = new HashMap<>();
  private final Map<String, long[]> ttft = new HashMap<>();
  private final Map<String, long[]> tokensPerAgent = new HashMap<>();
  private final Map<String, long[]> tokensPerLabel = new HashMap<>();
  private final Map<String, double[]> llmMsPerAgent = new HashMap<>();
  private final Map<String, double[]> llmMsPerLabel = new HashMap<>();
  // The breakdown of a root agent's calls by the inner agent that made them: "root\u0000inner".
  private final Map<String, long[]> tokensPerInnerAgent = new HashMap<>();
  private final Map<String, double[]> llmMsPerInnerAgent = new HashMap<>();
  private final Map<String, Long> errorTypes = new TreeMap<>();
  private final ErrorTimeline timeline = new ErrorTimeline();
  // Min-heap by duration: its head is the fastest of the slowest, the one to drop.
  private final PriorityQueue<LlmCallRecord> slowest =
      new PriorityQueue<>(Comparator.comparingDouble(LlmCallRecord::durationMs));
  // Max-heap by time: its head is the latest of the earliest, the one to drop.
  private final PriorityQueue<LlmCallRecord> coldStarts =
      new PriorityQueue<>(Comparator.comparing(LlmCallRecord::timestamp).reversed());
  final WhereTimeGoes time = new WhereTimeGoes();
  long calls;
  long errorCount;
  long coldStartCount;
  @Nullable Instant first;
  @Nullable Instant last;

  @Override
  public void accept(LlmCallRecord r) {
    calls++;
    aggregator.record(r);
    time.accept(r);
    first = first == null || r.timestamp().isBefore(first) ? r.timestamp() : first;
    last = last == null || r.timestamp().isAfter(last) ? r.timestamp() : last;
    bump(
        latency,
        capped(latency, new SeriesKey(r.requestModel(), r.label()), SeriesKey.OTHER),
        r.durationMs());
    Double firstChunk = r.ttftMs();
    if (firstChunk != null) {
      bump(ttft, capped(ttft, name(r.requestModel()), CallAggregator.OTHER), firstChunk);
    }
    addTokens(tokensPerAgent, capped(tokensPerAgent, name(r.agent()), CallAggregator.OTHER), r);
    addTokens(tokensPerLabel, capped(tokensPerLabel, name(r.label()), CallAggregator.OTHER), r);
    addMs(llmMsPerAgent, capped(llmMsPerAgent, name(r.agent()), CallAggregator.OTHER), r);
    if (r.innerAgent() != null) {
      String key =
          capped(
              tokensPerInnerAgent,
              name(r.agent()) + '\u0000' + r.innerAgent(),
              CallAggregator.OTHER);
      addTokens(tokensPerInnerAgent, key, r);
      addMs(llmMsPerInnerAgent, key, r);
    }
    addMs(llmMsPerLabel, capped(llmMsPerLabel, name(r.label()), CallAggregator.OTHER), r);
    if (!r.success()) {
      errorCount++;
      String type = name(r.errorType());
      if (!errorTypes.containsKey(type) && errorTypes.size() >= MAX_ERROR_TYPES) {
        type = CallAggregator.OTHER;
      }
      errorTypes.merge(type, 1L, Long::sum);
    }
    timeline.add(r.timestamp().getEpochSecond(), r.success() ? "ok" : name(r.errorType()));
    LlmCallRecord fastestKept = slowest.peek();
    if (slowest.size() < SLOWEST_KEPT) {
      slowest.add(r);
    } else if (fastestKept != null && r.durationMs() > fastestKept.durationMs()) {
      slowest.poll();
      slowest.add(r);
    }
    if (r.coldStart()) {
      coldStartCount++;
      coldStarts.add(r);
      if (coldStarts.size() > COLD_STARTS_KEPT) {
        coldStarts.poll();
      }
    }
  }

  boolean isEmpty() {
    return calls == 0;
  }

  /** The groups, by operation, model and label. */
  List<CallStats> groups() {
    return aggregator.stats();
  }

  Distribution latency() {
    Map<String, long[]> named = new TreeMap<>();
    latency.forEach((k, bins) -> named.put(k.name(), bins));
    return new Distribution(binNames(), named);
  }

  Distribution ttft() {
    return new Distribution(binNames(), new TreeMap<>(ttft));
  }

  Map<String, long[]> tokensPerAgent() {
    return new TreeMap<>(tokensPerAgent);
  }

  Map<String, long[]> tokensPerLabel() {
    return new TreeMap<>(tokensPerLabel);
  }

  /** LLM seconds per agent. */
  Map<String, Double> llmSecondsPerAgent() {
    Map<String, Double> out = new TreeMap<>();
    llmMsPerAgent.forEach((k, v) -> out.put(k, v[0] / 1000));
    return out;
  }

  /** Tokens per root agent and inner agent ({@code root\u0000inner}). */
  Map<String, long[]> tokensPerInnerAgent() {
    return new TreeMap<>(tokensPerInnerAgent);
  }

  /** LLM seconds per root agent and inner agent ({@code root\u0000inner}). */
  Map<String, Double> llmSecondsPerInnerAgent() {
    Map<String, Double> out = new TreeMap<>();
    llmMsPerInnerAgent.forEach((k, v) -> out.put(k, v[0] / 1000));
    return out;
  }

  /** LLM seconds per label. */
  Map<String, Double> llmSecondsPerLabel() {
    Map<String, Double> out = new TreeMap<>();
    llmMsPerLabel.forEach((k, v) -> out.put(k, v[0] / 1000));
    return out;
  }

  Map<String, Long> errorTypes() {
    return errorTypes;
  }

  Timeline errors() {
    return timeline.timeline();
  }

  /** The slowest calls, slowest first. */
  List<LlmCallRecord> slowest() {
    List<LlmCallRecord> out = new ArrayList<>(slowest);
    out.sort(Comparator.comparingDouble(LlmCallRecord::durationMs).reversed());
    return out;
  }

  /** The earliest cold starts (at most {@value #COLD_STARTS_KEPT}), in time order. */
  List<LlmCallRecord> coldStarts() {
    List<LlmCallRecord> out = new ArrayList<>(coldStarts);
    out.sort(Comparator.comparing(LlmCallRecord::timestamp));
    return out;
  }

  static String name(@Nullable String s) {
    return s == null ? CallAggregator.NONE : s;
  }

  /** {@code key}, or {@code other} once the map has {@value #MAX_SERIES} keys without it. */
  private static <K> K capped(Map<K, ?> map, K key, K other) {
    return map.containsKey(key) || map.size() < MAX_SERIES ? key : other;
  }

  /** A latency series: model and label, named when shown. */
  private record SeriesKey(@Nullable String model, @Nullable String label) {
    static final SeriesKey OTHER = new SeriesKey(null, CallAggregator.OTHER);

    String name() {
      return this.equals(OTHER) ? CallAggregator.OTHER : model + " · " + ReportModel.name(label);
    }
  }

  private static <K> void bump(Map<K, long[]> series, K key, double ms) {
    series.computeIfAbsent(key, k -> new long[BIN_EDGES_MS.length + 1])[bin(ms)]++;
  }

  private static void addTokens(Map<String, long[]> tokens, String key, LlmCallRecord r) {
    long[] t = tokens.computeIfAbsent(key, k -> new long[2]);
    t[0] = LlmCallRecords.saturatedAdd(t[0], r.promptTokens() == null ? 0 : r.promptTokens());
    t[1] =
        LlmCallRecords.saturatedAdd(t[1], r.completionTokens() == null ? 0 : r.completionTokens());
  }

  private static void addMs(Map<String, double[]> ms, String key, LlmCallRecord r) {
    ms.computeIfAbsent(key, k -> new double[1])[0] += r.durationMs();
  }

  private static List<String> binNames() {
    List<String> bins = new ArrayList<>();
    double lower = 0;
    for (double edge : BIN_EDGES_MS) {
      bins.add(fmt(lower) + "–" + fmt(edge) + " ms");
      lower = edge;
    }
    bins.add("> " + fmt(lower) + " ms");
    return bins;
  }

  static int bin(double ms) {
    for (int i = 0; i < BIN_EDGES_MS.length; i++) {
      if (ms < BIN_EDGES_MS[i]) {
        return i;
      }
    }
    return BIN_EDGES_MS.length;
  }

  static String fmt(double ms) {
    return ms == Math.rint(ms) ? String.valueOf((long) ms) : String.format("%.1f", ms);
  }

  /**
   * Calls and errors over time, in buckets whose width follows the observed span of time: counted
   * at the finest width the span allows within {@value #MAX_BUCKETS} buckets (widening as calls
   * arrive, whatever their order), shown in at most {@value #SHOWN_BUCKETS}.
   */
  static final class ErrorTimeline {
    static final long[] STEPS = {1, 5, 10, 30, 60, 300, 900, 3600, 21600, 86400};
    // Past a day the width doubles: each width a multiple of the last, up to one that holds every
    // Instant (about 6.3e16 s) in a bucket, so the bucket count stays bounded whatever the dates.
    static final int LAST_STEP = STEPS.length + 40;
    static final int MAX_BUCKETS = 4000;
    static final int SHOWN_BUCKETS = 40;
    static final int MAX_SERIES = 21;

    private int step;
    private Map<Long, Map<String, long[]>> buckets = new HashMap<>();
    // Calls come mostly in time order: the bucket of the last call is usually the next one's.
    private @Nullable Map<String, long[]> lastCounts;
    private long lastStart;
    private long min = Long.MAX_VALUE;
    private long max = Long.MIN_VALUE;
    private final Map<String, Boolean> seriesSeen = new LinkedHashMap<>();

    ErrorTimeline() {
      seriesSeen.put("ok", true);
    }

    void add(long epochSecond, String series) {
      String key = series;
      if (!seriesSeen.containsKey(series)) {
        key = seriesSeen.size() < MAX_SERIES ? series : CallAggregator.OTHER;
        seriesSeen.put(key, true);
      }
      if (epochSecond < min || epochSecond > max) {
        min = Math.min(min, epochSecond);
        max = Math.max(max, epochSecond);
        while ((max - min) / width(step) + 1 > MAX_BUCKETS && step < LAST_STEP) {
          widen(step + 1);
        }
      }
      long start = Math.floorDiv(epochSecond, width(step)) * width(step);
      if (lastCounts == null || start != lastStart) {
        lastCounts = buckets.computeIfAbsent(start, b -> new HashMap<>());
        lastStart = start;
      }
      lastCounts.computeIfAbsent(key, k -> new long[1])[0]++;
    }

    static long width(int step) {
      return step < STEPS.length
          ? STEPS[step]
          : STEPS[STEPS.length - 1] << (step - STEPS.length + 1);
    }

    private void widen(int to) {
      long width = width(to);
      Map<Long, Map<String, long[]>> wider = new HashMap<>();
      buckets.forEach(
          (start, counts) -> {
            Map<String, long[]> target =
                wider.computeIfAbsent(Math.floorDiv(start, width) * width, b -> new HashMap<>());
            counts.forEach((k, v) -> target.computeIfAbsent(k, x -> new long[1])[0] += v[0]);
          });
      buckets = wider;
      lastCounts = null;
      step = to;
    }

    Timeline timeline() {
      if (buckets.isEmpty()) {
        return new Timeline(List.of(), Map.of());
      }
      int shown = step;
      while (shown < LAST_STEP && (max - min) / width(shown) + 1 > SHOWN_BUCKETS) {
        shown++;
      }
      long width = width(shown);
      long firstBucket = Math.floorDiv(min, width) * width;
      int n = (int) ((Math.floorDiv(max, width) * width - firstBucket) / width) + 1;
      List<String> names = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        // A wide bucket may start before the first Instant: named from the first one then.
        long start = Math.max(firstBucket + i * width, Instant.MIN.getEpochSecond());
        names.add(Instant.ofEpochSecond(start).toString());
      }
      Map<String, long[]> series = new LinkedHashMap<>();
      seriesSeen.keySet().forEach(k -> series.put(k, new long[n]));
      buckets.forEach(
          (start, counts) -> {
            int i = (int) ((Math.floorDiv(start, width) * width - firstBucket) / width);
            counts.forEach((k, v) -> series.computeIfAbsent(k, x -> new long[n])[i] += v[0]);
          });
      return new Timeline(names, series);
    }
  }
}

package io.otelllm.calllog.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Where the LLM time of a run went, and what to do about it: the calls' time split into waiting for
 * the server, model load, prompt evaluation, generation and the rest (network, client), and the
 * findings that follow from it, ranked by the seconds at stake. Memory does not grow with the
 * calls: sums, a heap of the calls in flight (for the peak concurrency), a few example calls, and
 * two windows of prompt sizes per label (capped).
 *
 * <p>A finding is reported only above its threshold, so nothing is claimed that the data does not
 * show: {@code server_queue} when calls waited at least {@value #MIN_SECONDS} s in all and at least
 * {@value #MIN_QUEUE_SHARE} of the server-timed LLM time; {@code model_swap} when models were
 * loaded again after their first load at least {@value #MIN_RELOADS} times; {@code context_growth}
 * when a label's prompts grew at least {@value #MIN_GROWTH}-fold and by {@value #MIN_GROWTH_TOKENS}
 * tokens between its first and its last {@value #WINDOW} calls; {@code error_burst} when at least
 * {@value #MIN_BURST} errors of one type fell within {@value #BURST_WINDOW_SECONDS} s and that is
 * at least {@value #MIN_BURST_FACTOR} times what the type's steady rate over the run would put
 * there. The report and the demo's summary use this one definition.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class WhereTimeGoes {
  /** The least waiting, in seconds, worth a {@code server_queue} finding. */
  public static final double MIN_SECONDS = 1.0;

  /** The least share of the server-timed LLM time spent waiting, for {@code server_queue}. */
  public static final double MIN_QUEUE_SHARE = 0.10;

  /** The fewest reloads (loads after a model's first) for {@code model_swap}. */
  public static final int MIN_RELOADS = 2;

  /** The least growth factor of a label's prompts for {@code context_growth}. */
  public static final double MIN_GROWTH = 2.0;

  /** The least growth of a label's prompts, in tokens, for {@code context_growth}. */
  public static final long MIN_GROWTH_TOKENS = 100;

  /** Calls in each of a label's two windows (its first and its last) for {@code context_growth}. */
  public static final int WINDOW = 20;

  /** The window in which errors of one type count as a burst, seconds. */
  public static final int BURST_WINDOW_SECONDS = 60;

  /** The fewest errors of one type in a window for {@code error_burst}. */
  public static final int MIN_BURST = 5;

  /** How many times the type's steady rate a window must hold, for {@code error_burst}. */
  public static final double MIN_BURST_FACTOR = 3.0;

  static final int MAX_ERROR_TYPES = 50;

  static final int EXAMPLES = 3;
  static final int MAX_LABELS = 50;

  /**
   * One finding: what ({@code kind}), the seconds at stake, the evidence, and the action that
   * addresses it.
   *
   * @param kind {@code server_queue}, {@code model_swap} or {@code context_growth}
   * @param seconds the LLM seconds at stake
   * @param evidence counts, shares and example trace ids, by name
   * @param action what addresses it
   */
  public record Finding(String kind, double seconds, Map<String, Object> evidence, String action) {
    /** The evidence as text: {@code name value, name value}. */
    public String evidenceText() {
      StringBuilder text = new StringBuilder();
      evidence.forEach(
          (k, v) -> text.append(text.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
      return text.toString();
    }
  }

  // Sums over the calls whose server reported its timings (the ones that can be decomposed).
  private long serverTimedCalls;
  private double serverTimedMs;
  private double queueMs;
  private double loadMs;
  private double promptEvalMs;
  private double evalMs;
  private double restMs;
  private double llmMs;
  // Streams with the server's timings: their time to first chunk, split the same way.
  private long streamsTimed;
  private double ttftMs;
  private double ttftQueueMs;
  private double ttftLoadMs;
  private double ttftPromptEvalMs;

  private final PriorityQueue<Double> inFlightEnds = new PriorityQueue<>();
  private int peakConcurrency;
  // The calls that waited longest: a min-heap, its head the one to drop.
  private final PriorityQueue<LlmCallRecord> longestWaits =
      new PriorityQueue<>(Comparator.comparingDouble(r -> nz(r.queueMs())));
  private final Map<String, Long> loadsPerModel = new TreeMap<>();
  private final Map<String, Double> reloadMsPerModel = new TreeMap<>();
  private final Map<String, Double> loadWindowEnd = new HashMap<>();
  private final Map<String, Growth> growthPerLabel = new HashMap<>();
  private final Map<String, Burst> burstsPerType = new HashMap<>();
  private double firstStartMs = Double.POSITIVE_INFINITY;
  private double lastStartMs = Double.NEGATIVE_INFINITY;

  /** Counts one call. */
  public void accept(LlmCallRecord r) {
    llmMs += r.durationMs();
    double start = startMs(r.timestamp());
    while (!inFlightEnds.isEmpty() && inFlightEnds.peek() <= start) {
      inFlightEnds.poll();
    }
    inFlightEnds.add(start + r.durationMs());
    peakConcurrency = Math.max(peakConcurrency, inFlightEnds.size());

    Double queue = r.queueMs();
    Double total = r.serverTotalMs();
    if (queue != null && total != null) {
      serverTimedCalls++;
      serverTimedMs += r.durationMs();
      queueMs += queue;
      loadMs += nz(r.loadMs());
      promptEvalMs += nz(r.promptEvalMs());
      evalMs += nz(r.evalMs());
      restMs += Math.max(0, r.durationMs() - total);
      Double ttft = r.ttftMs();
      if (ttft != null) {
        // Before the first chunk: the wait for a slot, the load, the prompt's evaluation, and
        // the rest (the first token itself, the network, the client).
        streamsTimed++;
        ttftMs += ttft;
        ttftQueueMs += queue;
        ttftLoadMs += nz(r.loadMs());
        ttftPromptEvalMs += nz(r.promptEvalMs());
      }
      longestWaits.add(r);
      if (longestWaits.size() > EXAMPLES) {
        longestWaits.poll();
      }
    }
    if (r.coldStart()) {
      // Calls that arrive while their model loads wait for that same load, and Ollama reports it
      // in each one's load_duration: one load per overlapping window, not one per call.
      String model = name(r.requestModel());
      double loadEnd = start + nz(r.loadMs());
      Double previousEnd = loadWindowEnd.get(model);
      if (previousEnd == null || start >= previousEnd) {
        long loads = loadsPerModel.merge(model, 1L, Long::sum);
        if (loads > 1) {
          reloadMsPerModel.merge(model, nz(r.loadMs()), Double::sum);
        }
      }
      loadWindowEnd.merge(model, loadEnd, Math::max);
    }
    firstStartMs = Math.min(firstStartMs, start);
    lastStartMs = Math.max(lastStartMs, start);
    if (!r.success()) {
      Burst b = bounded(burstsPerType, name(r.errorType()), MAX_ERROR_TYPES, Burst::new);
      if (b != null) {
        b.add(start, r.durationMs());
      }
    }
    Long prompt = r.promptTokens();
    if (prompt != null && r.success()) {
      Growth g = bounded(growthPerLabel, name(r.label()), MAX_LABELS, Growth::new);
      if (g != null) {
        g.add(prompt, r.promptEvalMs());
      }
    }
  }

  /**
   * The value of {@code key}, created while the map holds fewer than {@code limit}; null past the
   * limit (a hostile log's endless labels or error types cannot grow the memory).
   */
  private static <V> @Nullable V bounded(
      Map<String, V> map, String key, int limit, java.util.function.Supplier<V> create) {
    V value = map.get(key);
    if (value == null && map.size() < limit) {
      value = create.get();
      map.put(key, value);
    }
    return value;
  }

  // As a double: a hostile log's far dates would overflow toEpochMilli().
  @SuppressWarnings("JavaInstantGetSecondsGetNano") // the nanos of the second, as meant
  private static double startMs(java.time.Instant t) {
    return t.getEpochSecond() * 1000.0 + t.getNano() / 1e6;
  }

  /** The most calls seen in flight at once. */
  public int peakConcurrency() {
    return peakConcurrency;
  }

  /** The findings above their thresholds, the most seconds at stake first. */
  public List<Finding> findings() {
    List<Finding> out = new ArrayList<>();
    // At most 1: the server's clock and the client's may disagree by a little.
    double queueShare = serverTimedMs == 0 ? 0 : Math.min(1, queueMs / serverTimedMs);
    if (queueMs / 1000 >= MIN_SECONDS && queueShare >= MIN_QUEUE_SHARE) {
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("share", round(queueShare));
      evidence.put("calls", serverTimedCalls);
      evidence.put("peak_concurrency", peakConcurrency);
      evidence.put("example_trace_ids", exampleTraces());
      out.add(
          new Finding(
              "server_queue",
              queueMs / 1000,
              evidence,
              String.format(
                  "%.0f %% of the LLM time was spent waiting for the model server to take the"
                      + " call (up to %d calls in flight): let it serve them at once"
                      + " (OLLAMA_NUM_PARALLEL=%d, memory permitting), run fewer agents at once,"
                      + " or add a second server",
                  100 * queueShare, peakConcurrency, Math.max(2, peakConcurrency))));
    }
    long reloads = 0;
    double reloadMs = 0;
    TreeSet<String> swapped = new TreeSet<>();
    long loads = 0;
    for (Map.Entry<String, Long> e : loadsPerModel.entrySet()) {
      loads += e.getValue();
      if (e.getValue() > 1) {
        reloads += e.getValue() - 1;
        swapped.add(e.getKey());
      }
    }
    for (double ms : reloadMsPerModel.values()) {
      reloadMs += ms;
    }
    if (reloads >= MIN_RELOADS) {
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("loads", loads);
      evidence.put("reloads", reloads);
      evidence.put("models", List.copyOf(swapped));
      out.add(
          new Finding(
              "model_swap",
              reloadMs / 1000,
              evidence,
              String.format(
                  "%d models were loaded %d times (%d reloads after an eviction): keep them all"
                      + " loaded (OLLAMA_MAX_LOADED_MODELS=%d), keep them warm longer"
                      + " (keep_alive), or batch the calls of each model",
                  loadsPerModel.size(), loads, reloads, Math.max(2, loadsPerModel.size()))));
    }
    double runMs = Math.max(lastStartMs - firstStartMs, BURST_WINDOW_SECONDS * 1000.0);
    burstsPerType.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Finding f = e.getValue().finding(e.getKey(), runMs);
              if (f != null) {
                out.add(f);
              }
            });
    growthPerLabel.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Finding f = e.getValue().finding(e.getKey());
              if (f != null) {
                out.add(f);
              }
            });
    out.sort(Comparator.comparingDouble(Finding::seconds).reversed());
    return out;
  }

  private List<String> exampleTraces() {
    List<LlmCallRecord> calls = new ArrayList<>(longestWaits);
    calls.sort(Comparator.comparingDouble((LlmCallRecord r) -> nz(r.queueMs())).reversed());
    List<String> ids = new ArrayList<>();
    for (LlmCallRecord r : calls) {
      if (r.traceId() != null) {
        ids.add(r.traceId());
      }
    }
    return ids;
  }

  private static double nz(@Nullable Double v) {
    return v == null ? 0 : v;
  }

  /** {@code v} to three decimals. */
  public static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /**
   * The errors of one type: the busiest {@value #BURST_WINDOW_SECONDS}-second window seen (a
   * sliding one over the errors in arrival order, capped), and the total.
   */
  private static final class Burst {
    static final int MAX_IN_WINDOW = 10_000;
    final java.util.ArrayDeque<double[]> window = new java.util.ArrayDeque<>();
    double windowMs;
    long total;
    int bestCount;
    double bestStart;
    double bestEnd;
    double bestMs;

    void add(double startMs, double durationMs) {
      total++;
      window.addLast(new double[] {startMs, durationMs});
      windowMs += durationMs;
      while (!window.isEmpty()
          && (window.peekFirst()[0] < startMs - BURST_WINDOW_SECONDS * 1000.0
              || window.size() > MAX_IN_WINDOW)) {
        windowMs -= window.pollFirst()[1];
      }
      if (window.size() > bestCount) {
        bestCount = window.size();
        bestStart = window.peekFirst()[0];
        bestEnd = startMs;
        bestMs = windowMs;
      }
    }

    @Nullable Finding finding(String type, double runMs) {
      double steady = total * (BURST_WINDOW_SECONDS * 1000.0) / runMs;
      if (bestCount < MIN_BURST || bestCount < MIN_BURST_FACTOR * steady) {
        return null;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("error_type", type);
      evidence.put("count", bestCount);
      evidence.put("total", total);
      evidence.put("start", instant(bestStart));
      evidence.put("end", instant(bestEnd));
      return new Finding("error_burst", bestMs / 1000, evidence, action(type, bestCount));
    }

    private static String instant(double epochMs) {
      return java.time.Instant.ofEpochMilli((long) epochMs).toString();
    }

    private static String action(String type, int count) {
      String lower = type.toLowerCase(java.util.Locale.ROOT);
      String what;
      if (lower.contains("timeout")) {
        what =
            "calls timed out together: the server was saturated or stalled — lower the load"
                + " at that moment, or raise the client timeout";
      } else if (lower.contains("connect") || lower.contains("closed") || lower.contains("reset")) {
        what =
            "the server went away: look for a restart or a crash in its log at that time, and"
                + " retry with backoff";
      } else {
        what =
            "errors came together, not at a steady rate: look at the server's log at that time"
                + " (out of memory, a model that failed to load)";
      }
      return String.format("%d %s errors within %d s: %s", count, type, BURST_WINDOW_SECONDS, what);
    }
  }

  /** A label's first {@value #WINDOW} prompts, and its last {@value #WINDOW} (a ring). */
  private static final class Growth {
    long calls;
    long firstTokens;
    double firstEvalMs;
    int firstEvals;
    final long[] lastTokens = new long[WINDOW];
    final double[] lastEvalMs = new double[WINDOW];
    final boolean[] lastHasEval = new boolean[WINDOW];

    void add(long tokens, @Nullable Double evalMs) {
      if (calls < WINDOW) {
        firstTokens += tokens;
        if (evalMs != null) {
          firstEvalMs += evalMs;
          firstEvals++;
        }
      }
      int i = (int) (calls % WINDOW);
      lastTokens[i] = tokens;
      lastEvalMs[i] = evalMs == null ? 0 : evalMs;
      lastHasEval[i] = evalMs != null;
      calls++;
    }

    @Nullable Finding finding(String label) {
      // The two windows must not overlap: at least two windows of calls.
      if (calls < 2L * WINDOW) {
        return null;
      }
      double from = (double) firstTokens / WINDOW;
      long lastSum = 0;
      double lastEval = 0;
      int lastEvals = 0;
      for (int i = 0; i < WINDOW; i++) {
        lastSum += lastTokens[i];
        if (lastHasEval[i]) {
          lastEval += lastEvalMs[i];
          lastEvals++;
        }
      }
      double to = (double) lastSum / WINDOW;
      if (to < MIN_GROWTH * from || to - from < MIN_GROWTH_TOKENS) {
        return null;
      }
      Map<String, Object> evidence = new LinkedHashMap<>();
      evidence.put("label", label);
      evidence.put("calls", calls);
      evidence.put("from_tokens", Math.round(from));
      evidence.put("to_tokens", Math.round(to));
      double seconds = 0;
      if (firstEvals > 0 && lastEvals > 0) {
        double fromMs = firstEvalMs / firstEvals;
        double toMs = lastEval / lastEvals;
        evidence.put("from_prompt_eval_ms", round(fromMs));
        evidence.put("to_prompt_eval_ms", round(toMs));
        // What the growth costs a call now, over the calls after the first window.
        seconds = Math.max(0, toMs - fromMs) * (calls - WINDOW) / 2 / 1000;
      }
      return new Finding(
          "context_growth",
          seconds,
          evidence,
          String.format(
              "'%s' prompts grew from %d to %d tokens over the run (chat memory filling up):"
                  + " keep a smaller memory window, or summarise older turns",
              label, Math.round(from), Math.round(to)));
    }
  }

  /** All LLM time, seconds. */
  public double llmSeconds() {
    return llmMs / 1000;
  }

  /** The calls whose server reported its timings. */
  public long serverTimedCalls() {
    return serverTimedCalls;
  }

  /** Their time on the client, seconds: what {@link #parts()} divides. */
  public double serverTimedSeconds() {
    return serverTimedMs / 1000;
  }

  private static String name(@Nullable String s) {
    return s == null ? CallAggregator.NONE : s;
  }

  /** The streamed calls whose server reported its timings: what {@link #ttftParts()} splits. */
  public long streamsTimed() {
    return streamsTimed;
  }

  /** Their time to first chunk, seconds. */
  public double ttftSeconds() {
    return ttftMs / 1000;
  }

  /**
   * Their time to first chunk as seconds by part: {@code queue}, {@code load}, {@code prompt_eval}
   * and {@code rest} (the first token, the network, the client: what the server's timings leave).
   */
  public Map<String, Double> ttftParts() {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("queue", ttftQueueMs / 1000);
    parts.put("load", ttftLoadMs / 1000);
    parts.put("prompt_eval", ttftPromptEvalMs / 1000);
    parts.put("rest", Math.max(0, ttftMs - ttftQueueMs - ttftLoadMs - ttftPromptEvalMs) / 1000);
    return parts;
  }

  /** The part of {@link #ttftParts()} that took the most time, or null without streams. */
  public @Nullable String ttftDominatedBy() {
    if (streamsTimed == 0) {
      return null;
    }
    return ttftParts().entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
  }

  /** The decomposition as seconds, by part. */
  public Map<String, Double> parts() {
    Map<String, Double> parts = new LinkedHashMap<>();
    parts.put("queue", queueMs / 1000);
    parts.put("load", loadMs / 1000);
    parts.put("prompt_eval", promptEvalMs / 1000);
    parts.put("generation", evalMs / 1000);
    parts.put("rest", restMs / 1000);
    return parts;
  }
}

package io.otelllm.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The collector tier's check ({@code deploy/scale/local-tier.sh}): what the workers ended (their
 * {@code --trace-log} files, see {@link Soak}) against what Jaeger holds, trace by trace and span
 * by span, and against what Prometheus counts. Prints the figures as Markdown and exits with 1 when
 * a check fails:
 *
 * <ul>
 *   <li>every failed, slow, cold or tool-failed turn is in Jaeger whole (every span id the worker
 *       ended, no other);
 *   <li>routine turns arrive at the configured share within the tolerance (points), and none in
 *       part;
 *   <li>the GenAI metrics' call count in Prometheus equals the LLM calls the workers made;
 *   <li>with a sampler killed ({@code --killed-at}): turns that ended after it are in Jaeger whole
 *       or not at all, the lost ones are near the killed sampler's share of the ring, and the load
 *       balancers counted the spans they could not deliver.
 * </ul>
 *
 * Turns that ended within {@code --settle} before the kill are left out of the first two checks:
 * their fate depended on where the kill caught them.
 */
public final class TierCheck {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The kinds the samplers' policies keep, as the workers name them. */
  private static final List<String> KEPT_KINDS = List.of("error", "slow", "cold", "tool_error");

  private static final Map<String, String> KIND_NAMES =
      Map.of(
          "error",
          "a failed LLM call",
          "slow",
          "a slow LLM call",
          "cold",
          "a cold start (otel_llm.model_load)",
          "tool_error",
          "a failed tool");

  private TierCheck() {}

  /** One turn a worker ran: its trace, what was injected into it, when it ended. */
  record Turn(String traceId, String kind, long endMillis) {}

  /** What Jaeger holds of one trace compared with what the worker ended. */
  enum Fate {
    WHOLE,
    ABSENT,
    PARTIAL
  }

  public static void main(String[] args) throws Exception {
    Path logs = null;
    URI jaeger = null;
    List<URI> metrics = new ArrayList<>();
    Map<String, URI> telemetry = new LinkedHashMap<>();
    Map<String, Long> processes = new LinkedHashMap<>();
    List<Path> balancerLogs = new ArrayList<>();
    long killedAt = -1;
    Duration settle = Duration.ofSeconds(8);
    double routinePercent = 10;
    double tolerancePoints = 2;
    for (int i = 0; i + 1 < args.length; i += 2) {
      String value = args[i + 1];
      switch (args[i]) {
        case "--trace-logs" -> logs = Path.of(value);
        case "--jaeger" -> jaeger = URI.create(value);
        case "--metrics" -> metrics.add(URI.create(value));
        case "--telemetry" -> telemetry.put(name(value), URI.create(rest(value)));
        case "--balancer-log" -> balancerLogs.add(Path.of(value));
        case "--process" -> processes.put(name(value), Long.parseLong(rest(value)));
        case "--killed-at" -> killedAt = Long.parseLong(value);
        case "--settle" -> settle = Duration.ofMillis(Long.parseLong(value));
        case "--routine-percent" -> routinePercent = Double.parseDouble(value);
        case "--tolerance-points" -> tolerancePoints = Double.parseDouble(value);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (logs == null || jaeger == null) {
      throw new IllegalArgumentException("--trace-logs DIR and --jaeger URL are needed");
    }

    Map<String, Set<String>> spansByTrace = new HashMap<>();
    List<Turn> turns = new ArrayList<>();
    long[] llmCalls = new long[1];
    readTraceLogs(logs, spansByTrace, turns, llmCalls);
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    Map<String, Fate> fates = fates(http, jaeger, turns, spansByTrace);

    List<String> failures = new ArrayList<>();
    long windowEnd = killedAt < 0 ? Long.MAX_VALUE : killedAt - settle.toMillis();
    // Each kind apart (every kept kind must have reached its policy), and all kept kinds together.
    Map<String, Tally> beforeByKind = new LinkedHashMap<>();
    for (String kind : KEPT_KINDS) {
      beforeByKind.put(kind, new Tally());
    }
    Tally markedBefore = new Tally();
    Tally routineBefore = new Tally();
    Tally markedAfter = new Tally();
    Tally routineAfter = new Tally();
    long spansAfterKill = 0;
    for (Turn turn : turns) {
      Fate fate = fates.get(turn.traceId());
      boolean before = turn.endMillis() < windowEnd;
      boolean routine = turn.kind().equals("routine");
      if (before && !routine) {
        Tally kind = beforeByKind.get(turn.kind());
        if (kind == null) {
          throw new IllegalArgumentException("a turn of unknown kind " + turn.kind());
        }
        kind.add(fate);
      }
      Tally tally =
          before
              ? (routine ? routineBefore : markedBefore)
              : (routine ? routineAfter : markedAfter);
      tally.add(fate);
      if (killedAt >= 0 && turn.endMillis() >= killedAt) {
        spansAfterKill += spansByTrace.get(turn.traceId()).size();
      }
    }
    long spans = spansByTrace.values().stream().mapToLong(Set::size).sum();
    long first = turns.stream().mapToLong(Turn::endMillis).min().orElse(0);
    long last = turns.stream().mapToLong(Turn::endMillis).max().orElse(0);
    double seconds = Math.max(1, last - first) / 1000.0;

    System.out.printf(
        Locale.ROOT,
        "%n## Collector tier%n%n%,d turns, %,d spans, %,d LLM calls over %.0f s: %,.0f spans/s"
            + " offered%n%n",
        turns.size(),
        spans,
        llmCalls[0],
        seconds,
        spans / seconds);
    System.out.println("| turns | ended | whole in Jaeger | absent | in part | kept |");
    System.out.println("|---|---:|---:|---:|---:|---:|");
    String before = killedAt < 0 ? "" : " (before the kill)";
    beforeByKind.forEach((kind, tally) -> tally.row(KIND_NAMES.get(kind) + before));
    markedBefore.row("**all of these**" + before);
    routineBefore.row("routine" + before);
    if (killedAt >= 0) {
      markedAfter.row("failed, slow, cold, tool failed (after the kill)");
      routineAfter.row("routine (after the kill)");
    }

    if (markedBefore.whole != markedBefore.total) {
      failures.add(
          String.format(
              Locale.ROOT,
              "%d of %d failed/slow/cold/tool-failed turns are not in Jaeger whole",
              markedBefore.total - markedBefore.whole,
              markedBefore.total));
    }
    beforeByKind.forEach(
        (kind, tally) -> {
          if (tally.total == 0) {
            failures.add(
                "no " + KIND_NAMES.get(kind) + " turn to check: run longer or inject more");
          }
        });
    if (routineBefore.total == 0) {
      failures.add("no routine turn to check");
    }
    double share = 100.0 * routineBefore.whole / Math.max(1, routineBefore.total);
    if (Math.abs(share - routinePercent) > tolerancePoints) {
      failures.add(
          String.format(
              Locale.ROOT,
              "routine turns kept: %.2f %%, configured %.0f %% ± %.0f points",
              share,
              routinePercent,
              tolerancePoints));
    }
    long partial = markedBefore.partial + routineBefore.partial;
    if (partial > 0) {
      failures.add(partial + " turns reached Jaeger in part");
    }

    if (!metrics.isEmpty()) {
      double counted = 0;
      for (URI uri : metrics) {
        counted +=
            Prometheus.sum(
                get(http, uri),
                name ->
                    name.startsWith("gen_ai_client_operation_duration") && name.endsWith("_count"));
      }
      System.out.printf(
          Locale.ROOT,
          "%nGenAI metrics (not sampled): Prometheus counts %,.0f calls; the workers made %,d.%n",
          counted,
          llmCalls[0]);
      if (counted != llmCalls[0]) {
        failures.add(
            String.format(
                Locale.ROOT,
                "Prometheus counts %.0f LLM calls, the workers made %d",
                counted,
                llmCalls[0]));
      }
    }

    double undelivered = 0;
    if (!telemetry.isEmpty()) {
      System.out.println(
          "\n| collector | spans in | spans out | send failed | enqueue failed |"
              + " traces dropped undecided |");
      System.out.println("|---|---:|---:|---:|---:|---:|");
      for (Map.Entry<String, URI> collector : telemetry.entrySet()) {
        String body;
        try {
          body = get(http, collector.getValue());
        } catch (IOException e) {
          System.out.printf("| %s | (down) | | | | |%n", collector.getKey());
          continue;
        }
        double failed =
            Prometheus.sum(body, n -> n.startsWith("otelcol_exporter_send_failed_spans"));
        double refused =
            Prometheus.sum(body, n -> n.startsWith("otelcol_exporter_enqueue_failed_spans"));
        System.out.printf(
            Locale.ROOT,
            "| %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f |%n",
            collector.getKey(),
            Prometheus.sum(body, n -> n.startsWith("otelcol_receiver_accepted_spans")),
            Prometheus.sum(body, n -> n.startsWith("otelcol_exporter_sent_spans")),
            failed,
            refused,
            Prometheus.sum(
                body,
                n ->
                    n.startsWith(
                        "otelcol_processor_tail_sampling_sampling_trace_dropped_too_early")));
      }
    }

    for (Path log : balancerLogs) {
      undelivered += droppedItems(log);
    }
    if (killedAt >= 0) {
      double lost = (double) markedAfter.absent / Math.max(1, markedAfter.total);
      System.out.printf(
          Locale.ROOT,
          "%nOne sampler killed: of %d kept-kind turns that ended after the kill, %d whole, %d lost"
              + " (%.0f %%), %d in part; the load balancers logged %,.0f spans dropped after their"
              + " retries, of %,d spans ended after the kill (%.0f %%).%n",
          markedAfter.total,
          markedAfter.whole,
          markedAfter.absent,
          100 * lost,
          markedAfter.partial,
          undelivered,
          spansAfterKill,
          100 * undelivered / Math.max(1, spansAfterKill));
      if (markedAfter.total >= 20 && (lost < 0.2 || lost > 0.8)) {
        failures.add(
            String.format(
                Locale.ROOT,
                "after the kill %.0f %% of kept-kind turns were lost; one of two samplers is ~50 %%",
                100 * lost));
      }
      // The killed sampler's part of the ring: every span routed to it after the kill is
      // undeliverable, and counted once its retries run out.
      double counted = undelivered / Math.max(1, spansAfterKill);
      if (counted < 0.25 || counted > 0.75) {
        failures.add(
            String.format(
                Locale.ROOT,
                "the load balancers counted %.0f undelivered spans, %.0f %% of the %d ended after"
                    + " the kill; the killed sampler's part of the ring is near 50 %%",
                undelivered,
                100 * counted,
                spansAfterKill));
      }
    }

    if (!processes.isEmpty()) {
      System.out.println("\n| process | CPU seconds | CPU share of the run |");
      System.out.println("|---|---:|---:|");
      for (Map.Entry<String, Long> process : processes.entrySet()) {
        double cpu = cpuSeconds(process.getValue());
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %s |%n",
            process.getKey(),
            cpu < 0 ? "(gone)" : String.format(Locale.ROOT, "%.1f", cpu),
            cpu < 0 ? "" : String.format(Locale.ROOT, "%.0f %%", 100 * cpu / seconds));
      }
    }

    if (failures.isEmpty()) {
      System.out.println("\nCollector tier: every check passed.");
    } else {
      System.out.println("\nCollector tier: FAILED");
      failures.forEach(f -> System.out.println("  - " + f));
      System.exit(1);
    }
  }

  /**
   * The spans a collector's JSON log says it dropped: {@code dropped_items} of its "Exporting
   * failed. Dropping data." records. Lines that are not JSON (written before its logger starts) are
   * not records.
   */
  private static double droppedItems(Path log) throws IOException {
    double dropped = 0;
    for (String line : Files.readAllLines(log)) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode record = JSON.readTree(line);
      if (record.path("msg").asText().startsWith("Exporting failed. Dropping data.")) {
        dropped += record.path("dropped_items").asDouble();
      }
    }
    return dropped;
  }

  private static void readTraceLogs(
      Path dir, Map<String, Set<String>> spansByTrace, List<Turn> turns, long[] llmCalls)
      throws IOException {
    List<Path> files;
    try (Stream<Path> list = Files.list(dir)) {
      files = list.filter(f -> f.getFileName().toString().endsWith(".spans")).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no *.spans trace logs in " + dir);
    }
    for (Path file : files) {
      int lineNumber = 0;
      for (String line : Files.readAllLines(file)) {
        lineNumber++;
        String[] fields = line.split(" ", -1);
        if (fields.length == 4 && fields[0].equals("span")) {
          spansByTrace.computeIfAbsent(fields[1], t -> new HashSet<>()).add(fields[2]);
          if (fields[3].equals("chat") || fields[3].equals("embeddings")) {
            llmCalls[0]++;
          }
        } else if (fields.length == 4 && fields[0].equals("turn")) {
          turns.add(new Turn(fields[1], fields[2], Long.parseLong(fields[3])));
        } else {
          throw new IllegalArgumentException(
              file + ":" + lineNumber + ": neither a span nor a turn line: " + line);
        }
      }
    }
  }

  /** Each turn's trace looked up in Jaeger by id, eight at a time. */
  private static Map<String, Fate> fates(
      HttpClient http, URI jaeger, List<Turn> turns, Map<String, Set<String>> spansByTrace)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      Map<String, Future<Fate>> pending = new HashMap<>();
      for (Turn turn : turns) {
        Set<String> ended = spansByTrace.getOrDefault(turn.traceId(), Set.of());
        pending.put(turn.traceId(), pool.submit(() -> fate(http, jaeger, turn.traceId(), ended)));
      }
      Map<String, Fate> fates = new HashMap<>();
      for (Map.Entry<String, Future<Fate>> entry : pending.entrySet()) {
        fates.put(entry.getKey(), entry.getValue().get());
      }
      return fates;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Fate fate(HttpClient http, URI jaeger, String traceId, Set<String> ended)
      throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(jaeger.resolve("/api/traces/" + traceId))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() == 404) {
      return Fate.ABSENT;
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "Jaeger answered "
              + response.statusCode()
              + " for trace "
              + traceId
              + ": "
              + response.body());
    }
    Set<String> stored = new HashSet<>();
    for (JsonNode trace : JSON.readTree(response.body()).path("data")) {
      for (JsonNode span : trace.path("spans")) {
        stored.add(span.path("spanID").asText());
      }
    }
    if (stored.isEmpty()) {
      return Fate.ABSENT;
    }
    return stored.equals(ended) ? Fate.WHOLE : Fate.PARTIAL;
  }

  private static String get(HttpClient http, URI uri) throws IOException {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IOException(uri + " answered " + response.statusCode());
      }
      return response.body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  /** CPU seconds (user + system) of a live process, from /proc; -1 when it is gone. */
  private static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // Fields after the command name, which is in parentheses and may hold spaces.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", -1);
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks / 100.0; // USER_HZ, 100 on Linux
    } catch (IOException | UncheckedIOException e) {
      return -1;
    }
  }

  private static String name(String pair) {
    int eq = pair.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("expected name=value, was " + pair);
    }
    return pair.substring(0, eq);
  }

  private static String rest(String pair) {
    return pair.substring(pair.indexOf('=') + 1);
  }

  /** Turns of one kind by what Jaeger holds of them. */
  private static final class Tally {
    long total;
    long whole;
    long absent;
    long partial;

    void add(Fate fate) {
      total++;
      switch (fate) {
        case WHOLE -> whole++;
        case ABSENT -> absent++;
        case PARTIAL -> partial++;
      }
    }

    void row(String label) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %,d | %,d | %,d | %.1f %% |%n",
          label,
          total,
          whole,
          absent,
          partial,
          100.0 * whole / Math.max(1, total));
    }
  }
}

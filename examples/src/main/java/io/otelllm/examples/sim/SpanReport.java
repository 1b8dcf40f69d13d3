package io.otelllm.examples.sim;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.calllog.internal.CallAggregator;
import io.otelllm.calllog.internal.CallAggregator.CallStats;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.calllog.internal.WhereTimeGoes;
import io.otelllm.core.spi.OtelLlmAttributes;
import io.otelllm.exporters.internal.SpanCallRecords;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The demo's console report, computed from exported spans: the slowest turn's tree and a table. */
public final class SpanReport {

  // Short names for the keys this report reads; declared once, in the core.
  static final AttributeKey<String> OPERATION = OtelLlmAttributes.GEN_AI_OPERATION_NAME;
  static final AttributeKey<Long> INPUT_TOKENS = OtelLlmAttributes.GEN_AI_USAGE_INPUT_TOKENS;
  static final AttributeKey<Long> OUTPUT_TOKENS = OtelLlmAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;
  static final AttributeKey<Double> TTFT = OtelLlmAttributes.GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK;
  static final AttributeKey<String> ERROR_TYPE = OtelLlmAttributes.ERROR_TYPE;

  private SpanReport() {}

  public static boolean isLlmCall(SpanData span) {
    return SpanCallRecords.isLlmCall(span);
  }

  /** A turn of the simulation: an agent span at the root of its trace (AI services nest in it). */
  public static boolean isAgentTurn(SpanData span) {
    return "invoke_agent".equals(span.getAttributes().get(OPERATION))
        && !span.getParentSpanContext().isValid();
  }

  static double millis(SpanData span) {
    return (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6;
  }

  public static Optional<SpanData> slowestTurn(List<SpanData> spans) {
    return spans.stream()
        .filter(SpanReport::isAgentTurn)
        .max(Comparator.comparingDouble(SpanReport::millis));
  }

  /**
   * The summary rows, one per label × model (and operation), sorted by label and model: the
   * LLM-call records of the spans through the one aggregation the aggregates exporter and the
   * report use too.
   */
  public static List<CallStats> rows(List<SpanData> spans) {
    CallAggregator aggregator = new CallAggregator(500);
    for (SpanData s : spans) {
      SpanCallRecords.of(s).ifPresent(aggregator::record);
    }
    List<CallStats> rows = new ArrayList<>(aggregator.stats());
    rows.sort(Comparator.comparing(CallStats::label).thenComparing(CallStats::model));
    return rows;
  }

  public static String table(List<CallStats> rows) {
    StringBuilder out = new StringBuilder();
    String header =
        String.format(
            "%-22s %-14s %6s %6s %9s %9s %9s %9s %9s %9s %9s%n",
            "label",
            "model",
            "calls",
            "errors",
            "p50 ms",
            "p90 ms",
            "p99 ms",
            "ttft p50",
            "ttft p90",
            "tok in",
            "tok out");
    out.append(header).append("-".repeat(header.length() - 1)).append('\n');
    for (CallStats r : rows) {
      out.append(
          String.format(
              "%-22s %-14s %6d %6d %9.1f %9.1f %9.1f %9s %9s %9d %9d%n",
              r.label(),
              r.model(),
              r.calls(),
              r.errors(),
              r.p50Ms(),
              r.p90Ms(),
              r.p99Ms(),
              r.ttftP50Ms() == null ? "-" : String.format("%.1f", r.ttftP50Ms()),
              r.ttftP90Ms() == null ? "-" : String.format("%.1f", r.ttftP90Ms()),
              r.inputTokens(),
              r.outputTokens()));
    }
    return out.toString();
  }

  /**
   * The run's top three findings (waiting for the server, model swaps, growing prompts), the
   * report's own, the most seconds at stake first; one line when there is none.
   */
  public static String findings(List<SpanData> spans) {
    WhereTimeGoes time = new WhereTimeGoes();
    spans.stream()
        .map(SpanCallRecords::of)
        .flatMap(Optional::stream)
        .sorted(Comparator.comparing(LlmCallRecord::timestamp))
        .forEach(time::accept);
    List<WhereTimeGoes.Finding> findings = time.findings();
    if (findings.isEmpty()) {
      return "Findings: none above their thresholds.\n";
    }
    StringBuilder out = new StringBuilder("Findings, the most seconds at stake first:\n");
    findings.stream()
        .limit(3)
        .forEach(
            f ->
                out.append(
                    String.format("  %s (%.1f s): %s%n", f.kind(), f.seconds(), f.action())));
    return out.toString();
  }

  /** One line counting the tool executions by tool name. */
  public static String toolSummary(List<SpanData> spans) {
    Map<String, Long> tools =
        new TreeMap<>(
            spans.stream()
                .filter(s -> "execute_tool".equals(s.getAttributes().get(OPERATION)))
                .collect(
                    Collectors.groupingBy(
                        s -> s.getAttributes().get(OtelLlmAttributes.GEN_AI_TOOL_NAME),
                        Collectors.counting())));
    return "Tool calls: "
        + (tools.isEmpty()
            ? "none"
            : tools.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ")));
  }

  /** The span tree under {@code root}, one line per span, children in start order. */
  public static String tree(SpanData root, List<SpanData> spans) {
    Map<String, List<SpanData>> children =
        spans.stream()
            .filter(s -> s.getTraceId().equals(root.getTraceId()))
            .collect(Collectors.groupingBy(SpanData::getParentSpanId));
    StringBuilder out = new StringBuilder();
    appendTree(out, root, children, "", true, true);
    return out.toString();
  }

  private static void appendTree(
      StringBuilder out,
      SpanData span,
      Map<String, List<SpanData>> children,
      String indent,
      boolean last,
      boolean isRoot) {
    out.append(indent)
        .append(isRoot ? "" : last ? "└─ " : "├─ ")
        .append(describe(span))
        .append('\n');
    List<SpanData> kids =
        children.getOrDefault(span.getSpanId(), List.of()).stream()
            .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
            .toList();
    for (int i = 0; i < kids.size(); i++) {
      appendTree(
          out,
          kids.get(i),
          children,
          isRoot ? "" : indent + (last ? "   " : "│  "),
          i == kids.size() - 1,
          false);
    }
  }

  static String describe(SpanData s) {
    StringBuilder d = new StringBuilder(s.getName()).append(String.format("  %.1f ms", millis(s)));
    String label = s.getAttributes().get(OtelLlmAttributes.LABEL);
    if (label != null) {
      d.append("  [").append(label).append(']');
    }
    Long in = s.getAttributes().get(INPUT_TOKENS);
    Long out = s.getAttributes().get(OUTPUT_TOKENS);
    if (in != null || out != null) {
      d.append("  tokens ")
          .append(in == null ? "-" : in)
          .append('→')
          .append(out == null ? "-" : out);
    }
    Double ttft = s.getAttributes().get(TTFT);
    if (ttft != null) {
      d.append(String.format("  ttft %.1f ms", ttft * 1000));
    }
    Double load = s.getAttributes().get(OtelLlmAttributes.SERVER_LOAD_DURATION);
    if (s.getEvents().stream().anyMatch(e -> e.getName().equals(OtelLlmAttributes.MODEL_LOAD_EVENT))
        && load != null) {
      d.append(String.format("  COLD START (model load %.0f ms)", load * 1000));
    }
    if (s.getStatus().getStatusCode() == StatusCode.ERROR) {
      d.append("  ERROR ").append(s.getAttributes().get(ERROR_TYPE));
    }
    return d.toString();
  }
}

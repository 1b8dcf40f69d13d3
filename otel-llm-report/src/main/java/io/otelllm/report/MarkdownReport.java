package io.otelllm.report;

import io.otelllm.calllog.internal.CallAggregator.CallStats;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.calllog.internal.WhereTimeGoes;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The report as Markdown: what a terminal or a CI log shows. */
final class MarkdownReport {
  static final int COLD_STARTS_LISTED = 20;

  private MarkdownReport() {}

  static String render(
      ReportModel m, String source, List<String> problems, @Nullable String jaegerUi) {
    StringBuilder out = new StringBuilder("# LLM performance report\n\n");
    out.append("Source: ").append(md(source)).append('\n');
    if (m.isEmpty()) {
      out.append("\nNo LLM calls could be read.\n");
    } else {
      out.append(
          String.format(
              "Calls: %d · errors: %d (%.1f %%) · cold starts: %d · from %s to %s%n",
              m.calls,
              m.errorCount,
              100.0 * m.errorCount / m.calls,
              m.coldStartCount,
              m.first,
              m.last));
      findings(out, m);
      out.append("\n## Latency by operation, model and label (ms)\n\n");
      out.append(
          "| operation | model | label | calls | errors | p50 | p90 | p99 | ttft p50 | ttft p90 | tokens in | tokens out |\n");
      out.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      for (CallStats g : m.groups()) {
        out.append(
            String.format(
                "| %s | %s | %s | %d | %d | %.1f | %.1f | %.1f | %s | %s | %d | %d |%n",
                md(g.operation()),
                md(g.model()),
                md(g.label()),
                g.calls(),
                g.errors(),
                g.p50Ms(),
                g.p90Ms(),
                g.p99Ms(),
                g.ttftP50Ms() == null ? "-" : String.format("%.1f", g.ttftP50Ms()),
                g.ttftP90Ms() == null ? "-" : String.format("%.1f", g.ttftP90Ms()),
                g.inputTokens(),
                g.outputTokens()));
      }
      out.append("\n## Tokens per agent\n\n| agent | in | out |\n|---|---:|---:|\n");
      for (Map.Entry<String, long[]> e : m.tokensPerAgent().entrySet()) {
        out.append("| ")
            .append(md(e.getKey()))
            .append(" | ")
            .append(e.getValue()[0])
            .append(" | ")
            .append(e.getValue()[1])
            .append(" |\n");
      }
      out.append("\n## Errors\n\n");
      if (m.errorTypes().isEmpty()) {
        out.append("None.\n");
      } else {
        out.append("| error type | calls |\n|---|---:|\n");
        m.errorTypes()
            .forEach(
                (type, count) ->
                    out.append("| ").append(md(type)).append(" | ").append(count).append(" |\n"));
      }
      out.append("\n## Cold starts\n\n");
      if (m.coldStartCount == 0) {
        out.append("None.\n");
      } else {
        out.append("| time | model | load ms |\n|---|---|---:|\n");
        List<LlmCallRecord> cold = m.coldStarts();
        for (LlmCallRecord r : cold.subList(0, Math.min(COLD_STARTS_LISTED, cold.size()))) {
          out.append(
              String.format(
                  "| %s | %s | %s |%n",
                  r.timestamp(),
                  md(r.requestModel()),
                  r.loadMs() == null ? "-" : String.format("%.0f", r.loadMs())));
        }
      }
      if (m.coldStartCount > COLD_STARTS_LISTED) {
        out.append("| … | ")
            .append(m.coldStartCount - COLD_STARTS_LISTED)
            .append(" more (the HTML report plots the first ")
            .append(ReportModel.COLD_STARTS_KEPT)
            .append(") | |\n");
      }
      out.append(
          "\n## Slowest calls\n\n| ms | operation | model | label | agent | ok | trace |\n|---:|---|---|---|---|---|---|\n");
      for (LlmCallRecord r : m.slowest()) {
        String trace =
            jaegerUi == null || r.traceId() == null || !r.traceId().matches("[0-9a-fA-F]{1,32}")
                ? md(r.traceId())
                : "[" + r.traceId() + "](" + md(jaegerUi) + "/trace/" + r.traceId() + ")";
        out.append(
            String.format(
                "| %.1f | %s | %s | %s | %s | %s | %s |%n",
                r.durationMs(),
                md(r.operation()),
                md(r.requestModel()),
                md(ReportModel.name(r.label())),
                md(ReportModel.name(r.agent())),
                r.success() ? "yes" : "no",
                trace));
      }
    }
    if (!problems.isEmpty()) {
      out.append("\n## Input problems\n\n");
      problems.forEach(p -> out.append("- ").append(md(p)).append('\n'));
    }
    return out.toString();
  }

  /** The findings, the most seconds at stake first, and where the LLM time went. */
  private static void findings(StringBuilder out, ReportModel m) {
    out.append("\n## Findings\n\n");
    List<WhereTimeGoes.Finding> findings = m.time.findings();
    if (findings.isEmpty()) {
      out.append("None above their thresholds.\n");
    }
    int n = 1;
    for (WhereTimeGoes.Finding f : findings) {
      out.append(n++)
          .append(". **")
          .append(f.kind())
          .append("** — ")
          .append(String.format("%.1f s at stake: ", f.seconds()))
          .append(md(f.action()))
          .append(". Evidence: ");
      out.append(md(f.evidenceText())).append(".\n");
    }
    WhereTimeGoes t = m.time;
    out.append("\n## Where the LLM time went\n\n");
    if (t.serverTimedCalls() == 0) {
      out.append(
          String.format(
              "%.1f s of LLM calls; none carries the server's own timings, so it cannot be"
                  + " split.%n",
              t.llmSeconds()));
      return;
    }
    out.append(
        String.format(
            "%.1f s of LLM calls; %d of the %d calls carry the server's timings (%.1f s):%n%n",
            t.llmSeconds(), t.serverTimedCalls(), m.calls, t.serverTimedSeconds()));
    out.append("| part | seconds | share |\n|---|---:|---:|\n");
    t.parts()
        .forEach(
            (part, seconds) ->
                out.append(
                    String.format(
                        "| %s | %.1f | %.0f %% |%n",
                        part, seconds, 100 * seconds / t.serverTimedSeconds())));
    out.append(String.format("%nPeak concurrency: %d calls in flight.%n", t.peakConcurrency()));
    if (t.streamsTimed() > 0) {
      out.append(
          String.format(
              "%nTime to first chunk of the %d streams with the server's timings (%.1f s),"
                  + " dominated by **%s**:%n%n",
              t.streamsTimed(), t.ttftSeconds(), t.ttftDominatedBy()));
      out.append("| part | seconds | share |\n|---|---:|---:|\n");
      t.ttftParts()
          .forEach(
              (part, seconds) ->
                  out.append(
                      String.format(
                          "| %s | %.2f | %.0f %% |%n",
                          part, seconds, 100 * seconds / Math.max(1e-9, t.ttftSeconds()))));
    }
  }

  private static String md(@Nullable String s) {
    return PlainText.markdown(s);
  }
}

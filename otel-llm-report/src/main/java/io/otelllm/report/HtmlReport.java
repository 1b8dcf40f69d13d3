package io.otelllm.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.otelllm.calllog.internal.CallAggregator.CallStats;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.calllog.internal.WhereTimeGoes;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The report as one self-contained HTML file: Apache ECharts (from its WebJar) and the data are
 * inlined, so it opens offline, from a CI artifact or an e-mail.
 */
final class HtmlReport {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";

  private HtmlReport() {}

  static String render(
      ReportModel m, String source, List<String> problems, @Nullable String jaegerUi) {
    String meta =
        escape("Source: " + source)
            + (m.isEmpty()
                ? " · no LLM calls could be read"
                : escape(
                    String.format(
                        " · %d calls · %d errors · %d cold starts · %s – %s",
                        m.calls, m.errorCount, m.coldStartCount, m.first, m.last)));
    // The library may hold "</script" in its strings: escaped so, it cannot end its element.
    String echarts = resource(ECHARTS).replace("</script", "<\\/script");
    String errors = resource("io/otelllm/report/report-errors.js");
    String charts = resource("io/otelllm/report/report-charts.js");
    String csp =
        "default-src 'none'; script-src "
            + PageTemplate.scriptHash(errors)
            + " "
            + PageTemplate.scriptHash(echarts)
            + " "
            + PageTemplate.scriptHash(charts)
            + "; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
    return PageTemplate.fill(
        resource("io/otelllm/report/report.html"),
        Map.of(
            "csp",
            csp,
            "errors-js",
            errors,
            "echarts-js",
            echarts,
            "charts-js",
            charts,
            "meta",
            meta,
            "problems",
            problems(problems),
            "findings",
            findings(m),
            "groups",
            groups(m),
            "slowest",
            slowest(m, jaegerUi),
            "data",
            data(m)));
  }

  private static String data(ReportModel m) {
    ObjectNode d = JSON.createObjectNode();
    d.set("latency", distribution(m.latency()));
    d.set("ttft", distribution(m.ttft()));
    d.set("tokensPerAgent", tokens(m.tokensPerAgent()));
    d.set("tokensPerLabel", tokens(m.tokensPerLabel()));
    ObjectNode errors = d.putObject("errors");
    ArrayNode buckets = errors.putArray("buckets");
    ReportModel.Timeline timeline = m.errors();
    timeline
        .buckets()
        .forEach(b -> buckets.add(b.substring(0, Math.min(19, b.length())).replace('T', ' ')));
    ObjectNode series = errors.putObject("series");
    timeline
        .series()
        .forEach(
            (k, v) -> {
              ArrayNode a = series.putArray(k);
              for (long x : v) {
                a.add(x);
              }
            });
    // The run's span of time, for the cold-start axis: ECharts alone stretches a single point's
    // axis over two days.
    ArrayNode range = d.putArray("range");
    if (m.first != null && m.last != null) {
      try {
        long from = m.first.toEpochMilli();
        long to = m.last.toEpochMilli();
        long pad = Math.max(1000, Math.subtractExact(to, from) / 50);
        range.add(Math.subtractExact(from, pad)).add(Math.addExact(to, pad));
      } catch (ArithmeticException farDates) {
        range.removeAll(); // dates past what milliseconds hold: the axis finds its own range
      }
    }
    ArrayNode cold = d.putArray("coldStarts");
    for (LlmCallRecord r : m.coldStarts()) {
      cold.addArray()
          .add(r.timestamp().toEpochMilli())
          .add(r.loadMs() == null ? r.durationMs() : r.loadMs());
    }
    // Inside a <script> element: nothing in the labels or names can end it or open a comment.
    return PageTemplate.scriptSafeJson(d.toString());
  }

  private static ObjectNode distribution(ReportModel.Distribution dist) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode bins = n.putArray("bins");
    dist.bins().forEach(bins::add);
    ObjectNode series = n.putObject("series");
    dist.series()
        .forEach(
            (k, v) -> {
              ArrayNode a = series.putArray(k);
              for (long x : v) {
                a.add(x);
              }
            });
    return n;
  }

  private static ObjectNode tokens(Map<String, long[]> tokens) {
    ObjectNode n = JSON.createObjectNode();
    ArrayNode names = n.putArray("names");
    ArrayNode in = n.putArray("input");
    ArrayNode out = n.putArray("output");
    tokens.forEach(
        (k, v) -> {
          names.add(k);
          in.add(v[0]);
          out.add(v[1]);
        });
    return n;
  }

  private static String problems(List<String> problems) {
    if (problems.isEmpty()) {
      return "";
    }
    StringBuilder out =
        new StringBuilder(
            "<div class=\"problems\"><b>Input problems</b> (the report shows what could be read)<ul>");
    problems.forEach(p -> out.append("<li>").append(escape(p)).append("</li>"));
    return out.append("</ul></div>").toString();
  }

  private static String findings(ReportModel m) {
    StringBuilder out = new StringBuilder("<h2>Findings</h2>");
    List<WhereTimeGoes.Finding> findings = m.time.findings();
    if (findings.isEmpty()) {
      out.append("<p>None above their thresholds.</p>");
    } else {
      out.append("<ol class=\"findings\">");
      for (WhereTimeGoes.Finding f : findings) {
        out.append("<li><b>")
            .append(escape(f.kind()))
            .append("</b> — ")
            .append(escape(String.format("%.1f s at stake: ", f.seconds())))
            .append(escape(f.action()))
            .append(". <span class=\"evidence\">")
            .append(escape(f.evidenceText()))
            .append("</span></li>");
      }
      out.append("</ol>");
    }
    WhereTimeGoes t = m.time;
    out.append("<h2>Where the LLM time went</h2><p>");
    if (t.serverTimedCalls() == 0) {
      return out.append(
              escape(
                  String.format(
                      "%.1f s of LLM calls; none carries the server's own timings (Ollama's,"
                          + " read by the traced HTTP client), so it cannot be split.",
                      t.llmSeconds())))
          .append("</p>")
          .toString();
    }
    out.append(
            escape(
                String.format(
                    "%.1f s of LLM calls; %d of the %d calls carry the server's timings (%.1f s);"
                        + " peak concurrency %d.",
                    t.llmSeconds(),
                    t.serverTimedCalls(),
                    m.calls,
                    t.serverTimedSeconds(),
                    t.peakConcurrency())))
        .append("</p>");
    partsTable(out, t.parts(), t.serverTimedSeconds(), "%.1f");
    if (t.streamsTimed() > 0) {
      out.append("<p>")
          .append(
              escape(
                  String.format(
                      "Time to first chunk of the %d streams with the server's timings (%.1f s),"
                          + " dominated by %s:",
                      t.streamsTimed(), t.ttftSeconds(), t.ttftDominatedBy())))
          .append("</p>");
      partsTable(out, t.ttftParts(), t.ttftSeconds(), "%.2f");
    }
    return out.toString();
  }

  /** A table of seconds by part, each with its share of {@code total}. */
  private static void partsTable(
      StringBuilder out, Map<String, Double> parts, double total, String secondsFormat) {
    out.append("<table class=\"parts\"><tr><th>part</th><th>seconds</th><th>share</th></tr>");
    parts.forEach(
        (part, seconds) ->
            out.append("<tr><td>")
                .append(escape(part))
                .append(
                    String.format(
                        "</td><td>" + secondsFormat + "</td><td>%.0f %%</td></tr>",
                        seconds,
                        100 * seconds / Math.max(1e-9, total))));
    out.append("</table>");
  }

  private static String groups(ReportModel m) {
    StringBuilder out =
        new StringBuilder(
            "<table><tr><th>operation</th><th>model</th><th>label</th><th>calls</th>"
                + "<th>errors</th><th>p50 ms</th><th>p90 ms</th><th>p99 ms</th><th>ttft p50</th><th>ttft p90</th>"
                + "<th>tokens in</th><th>tokens out</th></tr>");
    for (CallStats g : m.groups()) {
      out.append("<tr><td>")
          .append(escape(g.operation()))
          .append("</td><td>")
          .append(escape(g.model()))
          .append("</td><td>")
          .append(escape(g.label()))
          .append("</td><td>")
          .append(g.calls())
          .append("</td><td>")
          .append(g.errors())
          .append(
              String.format(
                  "</td><td>%.1f</td><td>%.1f</td><td>%.1f</td><td>%s</td><td>%s</td>",
                  g.p50Ms(),
                  g.p90Ms(),
                  g.p99Ms(),
                  g.ttftP50Ms() == null ? "-" : String.format("%.1f", g.ttftP50Ms()),
                  g.ttftP90Ms() == null ? "-" : String.format("%.1f", g.ttftP90Ms())))
          .append("<td>")
          .append(g.inputTokens())
          .append("</td><td>")
          .append(g.outputTokens())
          .append("</td></tr>");
    }
    return out.append("</table>").toString();
  }

  private static String slowest(ReportModel m, @Nullable String jaegerUi) {
    StringBuilder out =
        new StringBuilder(
            "<table><tr><th>operation</th><th>model</th><th>label</th><th>ms</th>"
                + "<th>agent</th><th>ok</th><th>error</th><th>trace</th></tr>");
    for (LlmCallRecord r : m.slowest()) {
      String trace =
          r.traceId() == null
              ? ""
              : jaegerUi == null || !jaegerUi.matches("(?i)https?://.*")
                  ? escape(r.traceId())
                  : "<a href=\""
                      + escape(jaegerUi + "/trace/" + r.traceId())
                      + "\">"
                      + escape(r.traceId())
                      + "</a>";
      out.append("<tr><td>")
          .append(escape(r.operation()))
          .append("</td><td>")
          .append(escape(r.requestModel()))
          .append("</td><td>")
          .append(escape(ReportModel.name(r.label())))
          .append(String.format("</td><td>%.1f</td><td>", r.durationMs()))
          .append(escape(ReportModel.name(r.agent())))
          .append("</td><td>")
          .append(r.success() ? "yes" : "no")
          .append("</td><td>")
          .append(escape(r.errorType() == null ? "" : r.errorType()))
          .append("</td><td>")
          .append(trace)
          .append("</td></tr>");
    }
    return out.append("</table>").toString();
  }

  static String escape(@Nullable String s) {
    return s == null ? "" : PageTemplate.html(s);
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

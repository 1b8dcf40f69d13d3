package io.otelllm.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.otelllm.calllog.internal.CallAggregator.CallStats;
import io.otelllm.calllog.internal.WhereTimeGoes;
import java.util.List;
import java.util.Map;

/**
 * The report for machines ({@code --json FILE}): totals, the time's decomposition, per-group,
 * per-agent and per-label rows, and the findings with their evidence and actions — the numbers the
 * HTML and Markdown reports show, from the same model.
 */
final class JsonReport {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String render(ReportModel m, String source, List<String> problems) {
    ObjectNode root = JSON.createObjectNode();
    root.put("source", source);
    ArrayNode problemList = root.putArray("problems");
    problems.forEach(problemList::add);
    root.put("calls", m.calls);
    root.put("errors", m.errorCount);
    root.put("cold_starts", m.coldStartCount);
    root.put("from", m.first == null ? null : m.first.toString());
    root.put("to", m.last == null ? null : m.last.toString());

    WhereTimeGoes time = m.time;
    ObjectNode totals = root.putObject("totals");
    totals.put("llm_seconds", time.llmSeconds());
    totals.put("server_timed_calls", time.serverTimedCalls());
    totals.put("server_timed_seconds", time.serverTimedSeconds());
    totals.put("peak_concurrency", time.peakConcurrency());
    ObjectNode parts = totals.putObject("parts_seconds");
    time.parts().forEach(parts::put);
    if (time.streamsTimed() > 0) {
      ObjectNode ttft = totals.putObject("time_to_first_chunk");
      ttft.put("streams", time.streamsTimed());
      ttft.put("seconds", time.ttftSeconds());
      ttft.put("dominated_by", time.ttftDominatedBy());
      ObjectNode ttftParts = ttft.putObject("parts_seconds");
      time.ttftParts().forEach(ttftParts::put);
    }

    ArrayNode groups = root.putArray("groups");
    for (CallStats g : m.groups()) {
      ObjectNode row = groups.addObject();
      row.put("operation", g.operation());
      row.put("model", g.model());
      row.put("label", g.label());
      row.put("calls", g.calls());
      row.put("errors", g.errors());
      row.put("llm_seconds", g.avgMs() * g.calls() / 1000);
      row.put("p50_ms", g.p50Ms());
      row.put("p90_ms", g.p90Ms());
      row.put("p99_ms", g.p99Ms());
      row.put("ttft_p50_ms", g.ttftP50Ms());
      row.put("ttft_p90_ms", g.ttftP90Ms());
      row.put("input_tokens", g.inputTokens());
      row.put("output_tokens", g.outputTokens());
    }
    rows(root.putArray("agents"), "agent", m.tokensPerAgent(), m.llmSecondsPerAgent());
    rows(root.putArray("labels"), "label", m.tokensPerLabel(), m.llmSecondsPerLabel());
    // Each root agent's calls made by agents nested in its turns (AI services it called).
    ArrayNode breakdown = root.putArray("agent_breakdown");
    Map<String, Double> innerSeconds = m.llmSecondsPerInnerAgent();
    m.tokensPerInnerAgent()
        .forEach(
            (key, t) -> {
              String[] names = key.split("\u0000", 2);
              ObjectNode row = breakdown.addObject();
              row.put("agent", names[0]);
              row.put("inner_agent", names.length > 1 ? names[1] : names[0]);
              row.put("llm_seconds", innerSeconds.getOrDefault(key, 0.0));
              row.put("input_tokens", t[0]);
              row.put("output_tokens", t[1]);
            });

    ArrayNode findings = root.putArray("findings");
    for (WhereTimeGoes.Finding f : time.findings()) {
      ObjectNode finding = findings.addObject();
      finding.put("kind", f.kind());
      finding.put("seconds", WhereTimeGoes.round(f.seconds()));
      finding.set("evidence", JSON.valueToTree(f.evidence()));
      finding.put("action", f.action());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("the report's own tree did not serialize", e);
    }
  }

  private static void rows(
      ArrayNode out, String key, Map<String, long[]> tokens, Map<String, Double> seconds) {
    tokens.forEach(
        (name, t) -> {
          ObjectNode row = out.addObject();
          row.put(key, name);
          row.put("llm_seconds", seconds.getOrDefault(name, 0.0));
          row.put("input_tokens", t[0]);
          row.put("output_tokens", t[1]);
        });
  }
}

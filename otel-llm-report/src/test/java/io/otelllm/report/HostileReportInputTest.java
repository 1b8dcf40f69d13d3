package io.otelllm.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.otelllm.calllog.internal.LlmCallJson;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.testing.internal.LocalService;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names that are markup or template: an agent, label, model, provider, operation, error type or
 * message of a log or of a Jaeger's spans can hold script, tags that run script, the report's own
 * template markers, or characters that end a script element — and none of it runs or renders: in a
 * real Chromium the page has no script error and no policy violation, nothing injected is in its
 * DOM, every chart draws. The Markdown summary's tables keep their shape and the terminal gets no
 * control characters.
 */
class HostileReportInputTest {

  /** What an attacker (or an unlucky log) puts in names; each marks the page if it ever runs. */
  static final List<String> PAYLOADS =
      List.of(
          "<img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">",
          "</script><script>document.body.setAttribute('data-pwned','script')</script>",
          "\"><svg onload=\"document.body.setAttribute('data-pwned','svg')\">",
          "<!--slot:data--><!--slot:echarts-js-->",
          "/*DATA*/ /*ECHARTS*/ /*SLOWEST*/",
          "a\u2028b\u2029c</",
          "x | y\n# injected heading\n| z",
          "bell\u0007 esc\u001b[31m nul\u0000 del\u007f");

  @TempDir Path dir;

  @Test
  void aHostileLogRunsNothingAndRendersNothingInjected() throws Exception {
    Optional<Path> chromium = Chromium.find();
    LocalService.CHROMIUM.require(chromium.isPresent());
    List<String> lines = new ArrayList<>();
    Instant start = Instant.parse("2026-11-27T10:00:00Z");
    for (int i = 0; i < 48; i++) {
      String hostile = PAYLOADS.get(i % PAYLOADS.size());
      boolean ok = i % 5 != 0;
      lines.add(
          LlmCallJson.toLine(
              LlmCallRecord.builder()
                  .setRequestId("s" + i)
                  .setTraceId(hostile)
                  .setTimestamp(start.plusSeconds(i * 30L))
                  .setLabel(hostile)
                  .setOperation(i % 2 == 0 ? "chat" : hostile)
                  .setProvider(hostile)
                  .setRequestModel(hostile)
                  .setResponseModel(hostile)
                  .setAgent(hostile)
                  .setSuccess(ok)
                  .setErrorType(ok ? null : hostile)
                  .setErrorMessage(ok ? null : hostile)
                  .setDurationMs(100 + i * 17)
                  .setTtftMs(i % 3 == 0 ? 20.0 + i : null)
                  .setPromptTokens(10L + i)
                  .setCompletionTokens(2L + i)
                  .setTotalTokens(12L + 2 * i)
                  .setLoadMs(i % 7 == 0 ? 900.0 : 1.0)
                  .setColdStart(i % 7 == 0)
                  .build()));
    }
    Path log = Files.write(dir.resolve("hostile.log"), lines);
    Path html = dir.resolve("report.html");
    Path md = dir.resolve("report.md");
    LlmReportTest.Result r =
        LlmReportTest.run(
            log.toString(),
            "--html",
            html.toString(),
            "--markdown",
            md.toString(),
            "--jaeger-ui",
            "javascript:alert(1)//");
    assertThat(r.code()).isZero();

    assertSafePage(chromium.get(), html);
    assertThat(Files.readString(html)).doesNotContain("href=\"javascript:");
    assertSafeText(r.out());
    assertSafeMarkdown(Files.readString(md));
  }

  @Test
  void aHostileJaegerRunsNothingAndRendersNothingInjected() throws Exception {
    Optional<Path> chromium = Chromium.find();
    LocalService.CHROMIUM.require(chromium.isPresent());
    HttpServer jaeger =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    byte[] page = hostileTraces().getBytes(StandardCharsets.UTF_8);
    jaeger.createContext(
        "/api/traces",
        exchange -> {
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, page.length);
          exchange.getResponseBody().write(page);
          exchange.close();
        });
    jaeger.start();
    try {
      Path html = dir.resolve("jaeger.html");
      String url = "http://127.0.0.1:" + jaeger.getAddress().getPort();
      LlmReportTest.Result r =
          LlmReportTest.run("--jaeger", url, "--limit", "5", "--html", html.toString());
      assertThat(r.code()).as(r.out()).isZero();
      assertThat(r.out()).contains("Calls: 48 ");
      assertSafePage(chromium.get(), html);
      assertSafeText(r.out());
    } finally {
      jaeger.stop(0);
    }
  }

  /** One page of Jaeger's API whose every span's names and tags carry the payloads. */
  static String hostileTraces() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    ArrayNode data = root.putArray("data");
    ObjectNode trace = data.addObject();
    trace.put("traceID", "aaaabbbbccccdddd0000111122223333");
    ArrayNode spans = trace.putArray("spans");
    // In the report's default look-back (the last hour).
    long start = Instant.now().minusSeconds(30 * 60).toEpochMilli() * 1000;
    for (int i = 0; i < 48; i++) {
      String hostile = PAYLOADS.get(i % PAYLOADS.size());
      ObjectNode span = spans.addObject();
      span.put("traceID", "aaaabbbbccccdddd0000111122223333");
      span.put("spanID", String.format("%016x", i + 1));
      span.put("operationName", hostile);
      span.put("startTime", start + i * 30_000_000L);
      span.put("duration", 100_000 + i * 17_000);
      ArrayNode tags = span.putArray("tags");
      tag(tags, "span.kind", "client");
      tag(tags, "gen_ai.operation.name", i % 2 == 0 ? "chat" : hostile);
      tag(tags, "gen_ai.provider.name", hostile);
      tag(tags, "gen_ai.request.model", hostile);
      tag(tags, "gen_ai.response.model", hostile);
      tag(tags, "otel_llm.label", hostile);
      tag(tags, "otel_llm.agent.name", hostile);
      tags.addObject()
          .put("key", "gen_ai.usage.input_tokens")
          .put("type", "int64")
          .put("value", 10 + i);
      if (i % 3 == 0) {
        tags.addObject()
            .put("key", "gen_ai.response.time_to_first_chunk")
            .put("type", "float64")
            .put("value", 0.02);
      }
      if (i % 7 == 0) {
        tags.addObject()
            .put("key", "otel_llm.server.load_duration")
            .put("type", "float64")
            .put("value", 0.9);
        ObjectNode log = span.putArray("logs").addObject();
        log.put("timestamp", start + i * 30_000_000L);
        log.putArray("fields")
            .addObject()
            .put("key", "event")
            .put("type", "string")
            .put("value", "otel_llm.model_load");
      }
      if (i % 5 == 0) {
        tag(tags, "otel.status_code", "ERROR");
        tag(tags, "error.type", hostile);
        tag(tags, "otel.status_description", hostile);
      }
    }
    trace.putObject("processes").putObject("p1").put("serviceName", "agent-simulation");
    return root.toString();
  }

  static void tag(ArrayNode tags, String key, String value) {
    tags.addObject().put("key", key).put("type", "string").put("value", value);
  }

  /** In a real Chromium: no error, nothing injected, every chart drawn. */
  static void assertSafePage(Path chromium, Path html) throws Exception {
    String dom = Chromium.run(chromium, "--dump-dom", html, html.getParent());
    assertThat(ReportInChromiumTest.attribute(dom, "body", "data-errors"))
        .as("script errors and policy violations on the page")
        .isEqualTo("0");
    // Set on an element only if an injected script ran (as text, escaped, the payloads are shown).
    assertThat(dom).doesNotContainPattern("<[a-z]+[^<>]*\\sdata-pwned=");
    assertThat(count(dom, "<script")).as("script elements: the page's own four").isEqualTo(4);
    // The markup outside the page's scripts (the ECharts library's text mentions tags).
    String markup = dom.replaceAll("(?s)<script[^>]*>.*?</script>", "<script></script>");
    assertThat(count(markup, "<img")).isZero();
    assertThat(count(markup, "<svg")).isZero();
    assertThat(count(markup, "<iframe")).isZero();
    // Shown as text, escaped.
    assertThat(dom).contains("&lt;img src=x onerror=");
    for (String chart : ReportInChromiumTest.CHARTS) {
      Matcher m = Pattern.compile("<div id=\"" + chart + "\"[^>]*>").matcher(dom);
      assertThat(m.find()).as("chart %s", chart).isTrue();
      assertThat(m.group()).as(chart).contains("data-rendered=\"true\"");
      Matcher points = Pattern.compile("data-points=\"(\\d+)\"").matcher(m.group());
      assertThat(points.find()).isTrue();
      assertThat(Integer.parseInt(points.group(1))).as("points in %s", chart).isPositive();
    }
  }

  /** What reaches a terminal: no control character but the line breaks of the text itself. */
  static void assertSafeText(String out) {
    assertThat(out.chars().filter(c -> (c < 0x20 && c != '\n') || (c >= 0x7f && c <= 0x9f)))
        .as("control characters printed")
        .isEmpty();
  }

  /** Every table row has its table's number of cells, and no heading came from the data. */
  static void assertSafeMarkdown(String markdown) {
    assertSafeText(markdown);
    assertThat(markdown).doesNotContain("\n# injected");
    int columns = -1;
    for (String line : markdown.lines().toList()) {
      if (!line.startsWith("|")) {
        columns = -1;
        continue;
      }
      int cells = line.replace("\\|", "").split("\\|", -1).length;
      if (columns < 0) {
        columns = cells;
      }
      assertThat(cells).as("cells of %s", line).isEqualTo(columns);
    }
  }

  static int count(String text, String what) {
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}

package io.otelllm.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelllm.testing.internal.LocalService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report from the fixture log, opened in a real headless Chromium: no script or console
 * errors, and every chart drawn with data. Skips when no Chromium is installed, unless {@code
 * OTEL_LLM_REQUIRE_CHROMIUM=true} (CI installs Debian's chromium and sets it).
 */
class ReportInChromiumTest {

  static final String FIXTURE = "src/test/resources/fixture-llm_performance.log";

  static final List<String> CHARTS =
      List.of(
          "chart-latency",
          "chart-ttft",
          "chart-tokens-agent",
          "chart-tokens-label",
          "chart-errors",
          "chart-cold");

  @TempDir Path dir;

  @Test
  void everyChartIsDrawnWithDataAndThePageHasNoErrors() throws Exception {
    Optional<Path> chromium = Chromium.find();
    LocalService.CHROMIUM.require(chromium.isPresent());

    Path html = dir.resolve("report.html");
    assertThat(
            // A relative path, as a user types it: the page shows the source as given.
            LlmReportTest.run(FIXTURE, "--html", html.toString()).code())
        .isZero();

    String dom = Chromium.run(chromium.get(), "--dump-dom", html, dir);
    assertThat(attribute(dom, "body", "data-errors"))
        .as("script and console errors on the page")
        .isEqualTo("0");
    Matcher errors =
        Pattern.compile("<pre id=\"report-errors\">(.*?)</pre>", Pattern.DOTALL).matcher(dom);
    assertThat(errors.find()).isTrue();
    assertThat(errors.group(1)).isEmpty();
    for (String chart : CHARTS) {
      Matcher m = Pattern.compile("<div id=\"" + chart + "\"[^>]*>").matcher(dom);
      assertThat(m.find()).as("chart %s in the page", chart).isTrue();
      String tag = m.group();
      assertThat(tag).as(chart).contains("data-rendered=\"true\"");
      Matcher points = Pattern.compile("data-points=\"(\\d+)\"").matcher(tag);
      assertThat(points.find()).as(chart).isTrue();
      assertThat(Integer.parseInt(points.group(1)))
          .as("data points drawn in %s", chart)
          .isPositive();
      assertThat(dom)
          .as("%s drew a canvas", chart)
          .containsPattern("<div id=\"" + chart + "\"[^>]*>\\s*<div[^>]*>\\s*<canvas");
    }

    assertThat(dom)
        .as("no path of this machine on the page")
        .doesNotContain(System.getProperty("user.dir"));

    screenshot(chromium.get(), html, "report-screenshot.png");
  }

  @Test
  void aDiagnosedRunOpensWithItsFindingsAndHowTheTimeSplits() throws Exception {
    Optional<Path> chromium = Chromium.find();
    LocalService.CHROMIUM.require(chromium.isPresent());
    List<io.otelllm.calllog.internal.LlmCallRecord> calls =
        new java.util.ArrayList<>(FindingsTest.queueingRun());
    calls.addAll(FindingsTest.swappingRun());
    calls.addAll(FindingsTest.growingRun());
    // A relative path, as a user gives it: the page (and its screenshot) shows it as given.
    Path log = Path.of("target", "diagnosed-run", "llm_performance.log");
    Files.createDirectories(log.getParent());
    Files.write(log, calls.stream().map(io.otelllm.calllog.internal.LlmCallJson::toLine).toList());
    Path html = dir.resolve("diagnosed.html");
    assertThat(LlmReportTest.run(log.toString(), "--html", html.toString()).code()).isZero();
    assertThat(Files.readString(html)).doesNotContain(System.getProperty("user.dir"));

    String dom = Chromium.run(chromium.get(), "--dump-dom", html, dir);
    assertThat(attribute(dom, "body", "data-errors")).isEqualTo("0");
    assertThat(dom.indexOf("<b>server_queue</b>"))
        .isPositive()
        .isLessThan(dom.indexOf("<b>model_swap</b>"))
        .isLessThan(dom.indexOf("Latency by operation"));
    assertThat(dom).contains("<b>context_growth</b>").contains("<table class=\"parts\">");

    screenshot(chromium.get(), html, "report-findings-screenshot.png");
  }

  @Test
  void aSingleColdStartsAxisSpansTheRunNotTwoDays() throws Exception {
    Optional<Path> chromium = Chromium.find();
    LocalService.CHROMIUM.require(chromium.isPresent());
    // Ten minutes of calls, one of them a cold start.
    List<String> lines = new java.util.ArrayList<>();
    java.time.Instant t0 = java.time.Instant.parse("2026-12-01T10:00:00Z");
    for (int i = 0; i <= 10; i++) {
      lines.add(
          io.otelllm.calllog.internal.LlmCallJson.toLine(
              io.otelllm.calllog.internal.LlmCallRecord.builder()
                  .setRequestId(String.format("%016x", i))
                  .setTimestamp(t0.plusSeconds(60L * i))
                  .setRequestModel("llama3.2")
                  .setDurationMs(100)
                  .setColdStart(i == 5)
                  .setLoadMs(i == 5 ? 1500.0 : null)
                  .build()));
    }
    Path log = dir.resolve("one-cold-start.log");
    Files.write(log, lines);
    Path html = dir.resolve("one.html");
    assertThat(LlmReportTest.run(log.toString(), "--html", html.toString()).code()).isZero();

    String dom = Chromium.run(chromium.get(), "--dump-dom", html, dir);
    assertThat(attribute(dom, "body", "data-errors")).isEqualTo("0");
    Matcher span =
        Pattern.compile("id=\"chart-cold\"[^>]*data-x-span-ms=\"([0-9.]+)\"").matcher(dom);
    assertThat(span.find()).as("the cold-start chart's axis span in %s", dom.length()).isTrue();
    // The run's ten minutes and a little margin (ECharts rounds the ends to nice ticks).
    assertThat(Double.parseDouble(span.group(1))).isBetween(600_000.0, 2 * 600_000.0);
  }

  /** A screenshot of the page in target/, copied to docs/ with {@code -Ddocs.screenshots=true}. */
  void screenshot(Path chromium, Path html, String name) throws Exception {
    Path screenshot = Path.of("target", name).toAbsolutePath();
    Chromium.run(chromium, "--screenshot=" + screenshot, html, dir);
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    if (Boolean.getBoolean("docs.screenshots")) {
      Files.copy(
          screenshot,
          Path.of("..", "docs", name),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String attribute(String dom, String element, String name) {
    Matcher m = Pattern.compile("<" + element + "[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }
}

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

    Path screenshot = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Chromium.run(chromium.get(), "--screenshot=" + screenshot, html, dir);
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    if (Boolean.getBoolean("docs.screenshots")) {
      Files.copy(
          screenshot,
          Path.of("..", "docs", "report-screenshot.png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static String attribute(String dom, String element, String name) {
    Matcher m = Pattern.compile("<" + element + "[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }
}

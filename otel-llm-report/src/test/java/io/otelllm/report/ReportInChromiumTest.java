package io.otelllm.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelllm.testing.LocalService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
    Optional<Path> chromium = chromium();
    LocalService.CHROMIUM.require(chromium.isPresent());

    Path html = dir.resolve("report.html");
    assertThat(
            // A relative path, as a user types it: the page shows the source as given.
            LlmReportTest.run(FIXTURE, "--html", html.toString()).code())
        .isZero();

    String dom = chromium(chromium.get(), "--dump-dom", html);
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
    chromium(chromium.get(), "--screenshot=" + screenshot, html);
    assertThat(Files.size(screenshot)).isGreaterThan(10_000);
    if (Boolean.getBoolean("docs.screenshots")) {
      Files.copy(
          screenshot,
          Path.of("..", "docs", "report-screenshot.png"),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private String chromium(Path binary, String action, Path page)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
                "--window-size=1400,1900",
                "--virtual-time-budget=5000",
                action,
                page.toUri().toString()));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  private static String attribute(String dom, String element, String name) {
    Matcher m = Pattern.compile("<" + element + "[^>]*\\s" + name + "=\"([^\"]*)\"").matcher(dom);
    return m.find() ? m.group(1) : null;
  }

  static Optional<Path> chromium() {
    String named = System.getenv("CHROMIUM_BIN");
    for (String candidate :
        named != null
            ? List.of(named)
            : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

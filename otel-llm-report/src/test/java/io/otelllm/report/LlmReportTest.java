package io.otelllm.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LlmReportTest {

  @TempDir Path dir;

  static Path fixture() throws URISyntaxException {
    return Path.of(LlmReportTest.class.getResource("/fixture-llm_performance.log").toURI());
  }

  record Result(int code, String out) {}

  static Result run(String... args) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code = LlmReport.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
    return new Result(code, bytes.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aFixtureLogWithBadLinesGivesAReportOfWhatCouldBeReadAndSaysWhatWasSkipped()
      throws Exception {
    Path html = dir.resolve("report.html");
    Path md = dir.resolve("report.md");
    Result r =
        run(
            fixture().toString(),
            "--html",
            html.toString(),
            "--markdown",
            md.toString(),
            "--jaeger-ui",
            "http://localhost:16686");
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(":41: skipped, not JSON")
        .contains(":42: skipped, not JSON")
        .contains(":44: skipped, timestamp is not an ISO-8601 instant: yesterday")
        .doesNotContain("Exception:")
        .doesNotContain("\tat ");
    String summary = Files.readString(md);
    assertThat(summary).contains("Calls: 82 · errors: 11 (13.4 %) · cold starts: 2");
    assertThat(summary).contains("| chat | llama3.2 | dialogue | 30 | 5 |");
    assertThat(summary).contains("(http://localhost:16686/trace/");
    String page = Files.readString(html);
    assertThat(page).contains("echarts").doesNotContain("<script src=").doesNotContain("cdn");
    assertThat(page).contains("Input problems");
  }

  @Test
  void anEmptyFileOrAMissingOneIsAClearMessageAndAnEmptyReport() throws Exception {
    Path empty = Files.createFile(dir.resolve("empty.log"));
    Path html = dir.resolve("empty.html");
    Result r =
        run(empty.toString(), dir.resolve("missing.log").toString(), "--html", html.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out())
        .contains("empty.log: no LLM calls in it")
        .contains("missing.log: no such file")
        .contains("No LLM calls could be read.")
        .doesNotContain("\tat ");
    assertThat(Files.readString(html)).contains("no LLM calls could be read");
  }

  @Test
  void binaryGarbageIsReportedNotThrown() throws Exception {
    Path garbage =
        Files.write(
            dir.resolve("garbage.log"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2, '\n'});
    Result r = run(garbage.toString(), "--html", dir.resolve("g.html").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("garbage.log").doesNotContain("\tat ");
  }

  @Test
  void anUnreachableJaegerIsAClearMessage() {
    Result r = run("--jaeger", "http://127.0.0.1:9", "--html", dir.resolve("j.html").toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).contains("Jaeger http://127.0.0.1:9 unreachable").doesNotContain("\tat ");
  }

  @Test
  void usageErrorsNameWhatIsWrong() {
    assertThat(run().out()).contains("give one or more JSON-lines logs, or --jaeger URL");
    assertThat(run("--jaeger", "http://x", "--lookback", "soon").out())
        .contains("--lookback must look like 30m, 2h or 1d, was 'soon'");
  }
}

package io.otelllm.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelllm.calllog.internal.LlmCallJson;
import io.otelllm.calllog.internal.LlmCallRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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
        .contains("--lookback must look like 30s, 30m, 2h or 1d, was 'soon'");
  }

  static String line(String id, String timestamp, double ms, boolean ok) {
    return LlmCallJson.toLine(
        LlmCallRecord.builder()
            .setRequestId(id)
            .setTraceId("t" + id)
            .setTimestamp(Instant.parse(timestamp))
            .setLabel("dialogue")
            .setOperation("chat")
            .setProvider("ollama")
            .setRequestModel("llama3.2")
            .setResponseModel("llama3.2")
            .setAgent("Ada")
            .setSuccess(ok)
            .setErrorType(ok ? null : "java.net.ConnectException")
            .setErrorMessage(ok ? null : "refused")
            .setDurationMs(ms)
            .setPromptTokens(10L)
            .setCompletionTokens(2L)
            .setTotalTokens(12L)
            .setColdStart(false)
            .build());
  }

  @Test
  void severalLogsADirectoryOrAGlobAreReadOldestFirstAndNamed() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    // What the llm-jsonl exporter leaves: rolled files named by the time of the roll, the file
    // still being written without one.
    Files.writeString(
        logs.resolve("calls.2026-11-27T10-00-00.000Z.log"),
        line("a", "2026-11-27T09:00:00Z", 10, true) + "\n");
    Files.writeString(
        logs.resolve("calls.2026-11-27T09-00-00.000Z.log"),
        line("b", "2026-11-27T08:00:00Z", 20, true) + "\n");
    Files.writeString(
        logs.resolve("calls.log"),
        line("c", "2026-11-27T11:00:00Z", 30, false)
            + "\n"
            + line("d", "2026-11-27T11:00:01Z", 40, true)
            + "\n");
    Files.writeString(logs.resolve("notes.txt"), "not a log\n");

    Result fromDirectory =
        run(
            logs.toString(),
            "--markdown",
            dir.resolve("d.md").toString(),
            "--html",
            dir.resolve("d.html").toString());
    assertThat(fromDirectory.code()).isZero();
    List<String> read = fromDirectory.out().lines().filter(l -> l.startsWith("Read: ")).toList();
    assertThat(read)
        .containsExactly(
            "Read: " + logs.resolve("calls.2026-11-27T09-00-00.000Z.log") + " (1 calls)",
            "Read: " + logs.resolve("calls.2026-11-27T10-00-00.000Z.log") + " (1 calls)",
            "Read: " + logs.resolve("calls.log") + " (2 calls)");
    assertThat(Files.readString(dir.resolve("d.md")))
        .contains("Calls: 4 · errors: 1 (25.0 %)")
        .contains("from 2026-11-27T08:00:00Z to 2026-11-27T11:00:01Z");

    Result fromGlob =
        run(logs.resolve("calls.2026*.log").toString(), "--html", dir.resolve("g.html").toString());
    assertThat(fromGlob.out().lines().filter(l -> l.startsWith("Read: ")))
        .containsExactly(
            "Read: " + logs.resolve("calls.2026-11-27T09-00-00.000Z.log") + " (1 calls)",
            "Read: " + logs.resolve("calls.2026-11-27T10-00-00.000Z.log") + " (1 calls)");
    assertThat(
            run(logs.resolve("nothing*.log").toString(), "--html", dir.resolve("n.html").toString())
                .out())
        .contains("nothing*.log: no file matches");
  }

  @Test
  void aBadLineIsSkippedWithItsFileAndNumberAndTheRestIsUsed() throws Exception {
    Path log = dir.resolve("being-written.log");
    try (var out = Files.newOutputStream(log)) {
      out.write(
          (line("1", "2026-11-27T10:00:00Z", 10, true) + "\n").getBytes(StandardCharsets.UTF_8));
      out.write(new byte[] {'{', '"', (byte) 0xc3, (byte) 0x28, '"', '}', '\n'}); // not UTF-8
      out.write(
          (line("2", "2026-11-27T10:00:01Z", 20, true) + "\n").getBytes(StandardCharsets.UTF_8));
      out.write("\n".getBytes(StandardCharsets.UTF_8)); // blank: not a problem
      String last = line("3", "2026-11-27T10:00:02Z", 30, true);
      out.write(last.substring(0, last.length() / 2).getBytes(StandardCharsets.UTF_8)); // cut short
    }
    Result r =
        run(
            log.toString(),
            "--markdown",
            dir.resolve("b.md").toString(),
            "--html",
            dir.resolve("b.html").toString());
    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(log + ":2: skipped, not UTF-8 text")
        .contains(log + ":5: skipped, not JSON (the line ends inside the object)")
        .contains("Read: " + log + " (2 calls, 2 lines skipped)")
        .doesNotContain("\tat ");
    assertThat(Files.readString(dir.resolve("b.md"))).contains("Calls: 2 · errors: 0");
  }

  @Test
  void aMillionCallLogIsReportedInA256MegabyteHeap() throws Exception {
    Path log = dir.resolve("million.log");
    String[] labels = {"planning", "dialogue", "memory_consolidation", "memory_embedding"};
    Instant start = Instant.parse("2026-11-20T00:00:00Z");
    try (var out = new java.io.BufferedWriter(Files.newBufferedWriter(log), 1 << 16)) {
      for (int i = 0; i < 1_000_000; i++) {
        LlmCallRecord r =
            LlmCallRecord.builder()
                .setRequestId(Long.toHexString(i))
                .setTraceId(Long.toHexString(i * 31L))
                .setTimestamp(start.plusMillis(i * 500L))
                .setLabel(labels[i % 4])
                .setOperation("chat")
                .setProvider("ollama")
                .setRequestModel("llama3.2")
                .setResponseModel("llama3.2")
                .setAgent("agent-" + (i % 25))
                .setSuccess(i % 50 != 0)
                .setErrorType(i % 50 != 0 ? null : "java.net.ConnectException")
                .setErrorMessage(i % 50 != 0 ? null : "refused")
                .setDurationMs(100 + (i % 1000))
                .setTtftMs(i % 2 == 0 ? 40.0 + (i % 100) : null)
                .setPromptTokens(300L)
                .setCompletionTokens(40L)
                .setTotalTokens(340L)
                .setLoadMs(i % 10_000 == 0 ? 900.0 : 1.0)
                .setPromptEvalMs(20.0)
                .setEvalMs(80.0)
                .setServerTotalMs(101.0)
                .setColdStart(i % 10_000 == 0)
                .build();
        out.write(LlmCallJson.toLine(r));
        out.write('\n');
      }
    }
    Path md = dir.resolve("million.md");
    Path html = dir.resolve("million.html");
    Process report =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-cp",
                System.getProperty("java.class.path"),
                LlmReport.class.getName(),
                log.toString(),
                "--markdown",
                md.toString(),
                "--html",
                html.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("million.out").toFile())
            .start();
    assertThat(report.waitFor(5, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    assertThat(report.exitValue()).as(Files.readString(dir.resolve("million.out"))).isZero();
    String summary = Files.readString(md);
    // Totals exact: 1,000,000 calls, every 50th failed, every 10,000th a cold start.
    assertThat(summary)
        .contains("Calls: 1000000 · errors: 20000 (2.0 %) · cold starts: 100")
        .contains("| chat | llama3.2 | planning | 250000 | 10000 |")
        .contains("| chat | llama3.2 | dialogue | 250000 | 0 |")
        .contains("| 75000000 | 10000000 |");
    // The HTML stays small whatever the input: bounded bins, buckets and lists.
    assertThat(Files.size(html)).isLessThan(2_000_000);
  }
}

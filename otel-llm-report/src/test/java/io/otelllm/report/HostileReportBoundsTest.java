package io.otelllm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.otelllm.calllog.internal.LlmCallJson;
import io.otelllm.calllog.internal.LlmCallLogReader;
import io.otelllm.calllog.internal.LlmCallRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report on hostile or unlucky input: bounded whatever the dates, lines, numbers or Jaeger. */
class HostileReportBoundsTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  static LlmCallRecord call(String id, Instant at) {
    return LlmCallRecord.builder()
        .setRequestId(id)
        .setTimestamp(at)
        .setOperation("chat")
        .setRequestModel("m")
        .setDurationMs(120)
        .setPromptTokens(10L)
        .setCompletionTokens(5L)
        .build();
  }

  @Test
  void theErrorTimelineHasAtMostFortyBucketsWhateverTheDates() throws Exception {
    Instant[][] spans = {
      {Instant.parse("0001-01-01T00:00:00Z"), Instant.parse("2026-12-03T00:00:00Z")},
      {Instant.parse("1970-01-01T00:00:00Z"), Instant.parse("2026-12-03T00:00:00Z")},
      {Instant.parse("2026-12-03T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z")},
      {Instant.MIN, Instant.MAX},
    };
    for (Instant[] span : spans) {
      ReportModel model = new ReportModel();
      model.accept(call("a", span[0]));
      model.accept(call("b", span[1]));
      ReportModel.Timeline timeline = model.errors();
      assertThat(timeline.buckets()).as(Arrays.toString(span)).hasSizeBetween(2, 40);
      assertThat(timeline.series().get("ok")).as(Arrays.toString(span)).containsOnly(0, 1);
      assertThat(Arrays.stream(timeline.series().get("ok")).sum()).isEqualTo(2);
    }
    // And the whole report, written from such a log.
    Path log = dir.resolve("dates.log");
    Files.writeString(
        log,
        LlmCallJson.toLine(call("a", Instant.parse("0001-01-01T00:00:00Z")))
            + "\n"
            + LlmCallJson.toLine(call("b", Instant.parse("9999-12-31T23:59:59Z")))
            + "\n");
    LlmReportTest.Result r =
        LlmReportTest.run(log.toString(), "--html", dir.resolve("d.html").toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out()).contains("Calls: 2 ");
  }

  @Test
  void aLineLongerThanAnyCallIsReportedAsBadAndTheRestIsRead() throws Exception {
    Path log = dir.resolve("long-line.log");
    long longLine = 200L << 20;
    try (OutputStream out = Files.newOutputStream(log)) {
      out.write(
          (LlmCallJson.toLine(call("a", Instant.now())) + "\n").getBytes(StandardCharsets.UTF_8));
      byte[] chunk = new byte[1 << 20];
      Arrays.fill(chunk, (byte) 'x');
      chunk[0] = '{';
      for (long written = 0; written < longLine; written += chunk.length) {
        out.write(chunk);
        chunk[0] = 'x';
      }
      out.write('\n');
      out.write(
          (LlmCallJson.toLine(call("b", Instant.now())) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    List<String> problems = new ArrayList<>();
    List<LlmCallRecord> calls = new ArrayList<>();
    LlmCallLogReader.Result result =
        LlmCallLogReader.read(
            log, calls::add, (file, line, why) -> problems.add(line + ": " + why));
    assertThat(calls).extracting(LlmCallRecord::requestId).containsExactly("a", "b");
    assertThat(result.skippedLines()).isEqualTo(1);
    assertThat(problems)
        .containsExactly(
            "2: a line of " + longLine + " bytes, longer than any call (1048576 at most)");
  }

  @Test
  void outOfRangeNumbersAreSkippedAndSaidNeverSummedOrClamped() throws Exception {
    String ok = LlmCallJson.toLine(call("ok", Instant.parse("2026-12-03T10:00:00Z")));
    ObjectNode template = (ObjectNode) JSON.readTree(ok);
    List<String> lines = new ArrayList<>(List.of(ok));
    lines.add(template.deepCopy().put("request_id", "neg").put("prompt_tokens", -5).toString());
    lines.add(template.deepCopy().put("request_id", "huge").put("duration_ms", 1e308).toString());
    for (int i = 0; i < 2; i++) {
      lines.add(
          template
              .deepCopy()
              .put("request_id", "max" + i)
              .put("completion_tokens", Long.MAX_VALUE - 20)
              .toString());
    }
    Path log = dir.resolve("numbers.log");
    Files.write(log, lines);
    List<String> problems = new ArrayList<>();
    List<LlmCallRecord> calls = new ArrayList<>();
    LlmCallLogReader.read(log, calls::add, (file, line, why) -> problems.add(line + ": " + why));
    assertThat(calls).extracting(LlmCallRecord::requestId).containsExactly("ok");
    assertThat(problems)
        .containsExactly(
            "2: prompt_tokens out of range (-5; 0 to 1000000000000)",
            "3: duration_ms out of range (1.0E308; 0 to 31536000000)",
            "4: completion_tokens out of range (9223372036854775787; 0 to 1000000000000)",
            "5: completion_tokens out of range (9223372036854775787; 0 to 1000000000000)");

    LlmReportTest.Result r =
        LlmReportTest.run(log.toString(), "--html", dir.resolve("n.html").toString());
    assertThat(r.code()).as(r.out()).isZero();
    assertThat(r.out())
        .contains("Calls: 1 ")
        .contains("numbers.log:2: skipped, prompt_tokens out of range (-5; 0 to 1000000000000)")
        .doesNotContain("-9223372036854775");
  }

  @Test
  void aJaegerThatStallsMidBodyIsCutAtTheTimeLimitAndTheReportSaysSo() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    HttpServer jaeger =
        jaeger(
            exchange -> {
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(200, 0);
              exchange
                  .getResponseBody()
                  .write("{\"data\":[{\"traceID\":\"a\",".getBytes(StandardCharsets.UTF_8));
              exchange.getResponseBody().flush();
              try {
                release.await(); // stalls until the test is over
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              exchange.close();
            });
    try {
      LlmReportTest.Result r =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () ->
                  LlmReportTest.run(
                      "--jaeger",
                      url(jaeger),
                      "--time-limit",
                      "2s",
                      "--html",
                      dir.resolve("s.html").toString()));
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              "llm-report: Jaeger "
                  + url(jaeger)
                  + ": stopped after 2 s (--time-limit) with a request still unanswered; the"
                  + " report holds the 0 calls read by then")
          .doesNotContain("has no LLM calls");
    } finally {
      release.countDown();
      jaeger.stop(0);
    }
  }

  @Test
  void aJaegerWhosePagesAreAlwaysFullIsCutAtTheRequestCap() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    ObjectNode page = JSON.createObjectNode();
    ArrayNode data = page.putArray("data");
    for (int i = 0; i < 5; i++) {
      data.addObject().put("traceID", "t" + i).putArray("spans");
    }
    byte[] body = page.toString().getBytes(StandardCharsets.UTF_8);
    HttpServer jaeger =
        jaeger(
            exchange -> {
              requests.incrementAndGet();
              respond(exchange, 200, "application/json", body);
            });
    try {
      LlmReportTest.Result r =
          LlmReportTest.run(
              "--jaeger",
              url(jaeger),
              "--page-size",
              "5",
              "--max-requests",
              "50",
              "--html",
              dir.resolve("f.html").toString());
      assertThat(requests.get()).isEqualTo(50);
      assertThat(r.out())
          .contains("Read: Jaeger " + url(jaeger) + ": 0 traces in 50 requests")
          .contains(": stopped after 50 requests (--max-requests) with ")
          .contains(
              " windows of the lookback unread (its pages came back full: try a larger --page-size)")
          .doesNotContain("has no LLM calls");
    } finally {
      jaeger.stop(0);
    }
  }

  @Test
  void anHtmlAnswerOrAnHttp500IsSaidAsWhatHappened() throws Exception {
    byte[] html =
        "<!doctype html><html><body>Jaeger UI</body></html>".getBytes(StandardCharsets.UTF_8);
    HttpServer ui = jaeger(exchange -> respond(exchange, 200, "text/html; charset=utf-8", html));
    HttpServer broken =
        jaeger(
            exchange ->
                respond(exchange, 500, "text/plain", "oops".getBytes(StandardCharsets.UTF_8)));
    try {
      LlmReportTest.Result r =
          LlmReportTest.run("--jaeger", url(ui), "--html", dir.resolve("h.html").toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out())
          .contains(
              " answered with something that is not Jaeger's JSON (Content-Type: text/html;"
                  + " charset=utf-8): is "
                  + url(ui)
                  + " the address of Jaeger's query service (port 16686)?")
          .doesNotContain("unreachable")
          .doesNotContain("has no LLM calls");

      r = LlmReportTest.run("--jaeger", url(broken), "--html", dir.resolve("b.html").toString());
      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out()).contains(" answered HTTP 500").doesNotContain("has no LLM calls");
    } finally {
      ui.stop(0);
      broken.stop(0);
    }
  }

  static HttpServer jaeger(HttpHandler handler) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/api/traces", handler);
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    return server;
  }

  static String url(HttpServer server) {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  static void respond(HttpExchange exchange, int status, String type, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().add("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }
}

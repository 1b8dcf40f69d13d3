package io.otelllm.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.testing.internal.LogCapture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/**
 * An endpoint that does not take what the SDK sends is one line naming it, the protocol and what
 * went wrong — never the OTLP exporters' stack trace per export — and costs the exit at most a
 * second or so. The real Jaeger's two ports are checked the same way in the integration tests.
 */
class ExportFailuresTest {

  @Test
  void nothingListeningIsOneLineAndTheExitIsQuick() throws Exception {
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    List<LogRecord> said =
        run("http://127.0.0.1:" + closed, "http/protobuf", Duration.ofSeconds(3));

    assertThat(otelLlmLines(said))
        .singleElement()
        .asString()
        .contains("nothing answers at http://127.0.0.1:" + closed + " (http/protobuf)");
    assertNoExporterStack(said);
  }

  @Test
  void grpcSentToAnHttpPortSaysSo() throws Exception {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    http.start();
    try {
      List<LogRecord> said =
          run("http://127.0.0.1:" + http.getAddress().getPort(), "grpc", Duration.ofSeconds(10));
      assertThat(otelLlmLines(said))
          .singleElement()
          .asString()
          .contains(
              "(grpc): it answers HTTP/1.1, not gRPC", "OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf");
      assertNoExporterStack(said);
    } finally {
      http.stop(0);
    }
  }

  @Test
  void httpSentToAPortThatClosesWithoutAnHttpAnswerSaysItMayBeGrpc() throws Exception {
    // What a gRPC server does with an HTTP/1.1 request: reads it and closes, answering nothing.
    try (ServerSocket grpcLike = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread server =
          new Thread(
              () -> {
                while (!grpcLike.isClosed()) {
                  try (Socket s = grpcLike.accept()) {
                    s.getInputStream().read(new byte[4096]);
                    s.setSoLinger(true, 0); // a reset, as Go's HTTP/2 server gives
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      server.setDaemon(true);
      server.start();
      List<LogRecord> said =
          run(
              "http://127.0.0.1:" + grpcLike.getLocalPort(),
              "http/protobuf",
              Duration.ofSeconds(20));
      assertThat(otelLlmLines(said))
          .singleElement()
          .asString()
          .contains(
              "(http/protobuf): it closed the connection without an HTTP answer",
              "OTEL_EXPORTER_OTLP_PROTOCOL=grpc");
      assertNoExporterStack(said);
    }
  }

  /**
   * Starts the SDK on {@code endpoint}, ends a few spans, waits for an export to have failed (or
   * {@code patience}), closes it: everything logged meanwhile.
   */
  static List<LogRecord> run(String endpoint, String protocol, Duration patience)
      throws InterruptedException {
    try (LogCapture logs = LogCapture.of("", Level.ALL)) {
      LlmTelemetrySdk sdk =
          LlmTelemetrySdk.builder()
              .setEndpoint(endpoint)
              .setProtocol(protocol)
              .setProperty("otel.bsp.schedule.delay", "20")
              .setProperty("otel.metrics.exporter", "none")
              .setShutdownHook(false)
              .build();
      LlmTelemetry telemetry = LlmTelemetry.create(sdk.openTelemetry());
      long deadline = System.nanoTime() + patience.toNanos();
      do {
        telemetry.agentTurn("Ada").run(() -> {});
        Thread.sleep(50);
      } while (otelLlmLines(logs.records()).isEmpty() && System.nanoTime() < deadline);
      long start = System.nanoTime();
      sdk.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("close() on an endpoint that does not take the spans")
          .isLessThan(Duration.ofSeconds(3));
      return logs.records();
    }
  }

  static List<String> otelLlmLines(List<LogRecord> records) {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .map(LogRecord::getMessage)
        .filter(m -> m != null && m.startsWith("otel-llm: "))
        .toList();
  }

  static void assertNoExporterStack(List<LogRecord> records) {
    assertThat(records)
        .filteredOn(
            r -> r.getLoggerName() != null && r.getLoggerName().startsWith("io.opentelemetry"))
        .filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
        .extracting(r -> r.getLoggerName() + ": " + r.getMessage())
        .as("what OpenTelemetry logged")
        .isEmpty();
    assertThat(records)
        .as("what a user sees by default (INFO and up)")
        .filteredOn(r -> r.getLevel().intValue() >= Level.INFO.intValue())
        .allSatisfy(r -> assertThat(r.getThrown()).as(r.getMessage()).isNull());
  }
}

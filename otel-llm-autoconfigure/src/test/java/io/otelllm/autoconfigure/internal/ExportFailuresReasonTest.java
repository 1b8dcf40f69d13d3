package io.otelllm.autoconfigure.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/**
 * gRPC sent to an HTTP/1.1 port fails in more than one way, as the two sides race to close: each is
 * said as what it is, with one HTTP/1.1 request to settle the bare "closed".
 */
class ExportFailuresReasonTest {
  static final String HTTP1 =
      "it answers HTTP/1.1, not gRPC: an OTLP/HTTP port (4318 by convention) — send gRPC to its"
          + " gRPC port (4317), or set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf";

  @Test
  void aBareClosedConnectionIsAnHttp1PortWhenOneRequestSaysSo() {
    assertThat(ExportFailures.reason("grpc", new IOException("closed"), () -> true))
        .isEqualTo(HTTP1);
    assertThat(ExportFailures.reason("grpc", new IOException("closed"), () -> false))
        .isEqualTo("java.io.IOException: closed");
  }

  @Test
  void oneRequestTellsAnHttp1ServerFromOneThatClosesSilently() throws Exception {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(404, -1);
          exchange.close();
        });
    http.start();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread closer =
          new Thread(
              () -> {
                try (Socket s = silent.accept()) {
                  s.getInputStream().read(new byte[64]); // reads the request, answers nothing
                } catch (IOException e) {
                  // the test is over
                }
              });
      closer.start();
      assertThat(
              ExportFailures.answersHttp1("http://127.0.0.1:" + http.getAddress().getPort(), 2000))
          .isTrue();
      assertThat(ExportFailures.answersHttp1("http://127.0.0.1:" + silent.getLocalPort(), 2000))
          .isFalse();
      closer.join(5000);
    } finally {
      http.stop(0);
    }
  }
}

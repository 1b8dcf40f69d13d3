package io.otelllm.autoconfigure.internal;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * What the application hears when its OTLP endpoint does not take what otel-llm's SDK sends: one
 * line naming the endpoint, the protocol and what went wrong — nothing listening, a gRPC port
 * spoken to in HTTP or the reverse, an HTTP or gRPC status — instead of the OTLP exporters' stack
 * trace on every failed export. Said once until exports work again, which is said too; {@link
 * #failing()} lets shutdown give up quickly on an endpoint that is not answering.
 *
 * <p>The OTLP exporters' own per-export failure messages (and their start-up guess about ports) are
 * dropped by a log filter on their loggers; every other message of theirs passes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ExportFailures {
  private static final Logger logger = Logger.getLogger("io.otelllm.autoconfigure");
  // Held here: java.util.logging keeps loggers weakly, and a collected logger loses its filter.
  private static final List<Logger> EXPORTER_LOGGERS =
      List.of(
          Logger.getLogger("io.opentelemetry.exporter.otlp.internal.GrpcExporter"),
          Logger.getLogger("io.opentelemetry.exporter.otlp.internal.HttpExporter"),
          Logger.getLogger("io.opentelemetry.exporter.otlp.internal.GrpcExporterUtil"),
          Logger.getLogger("io.opentelemetry.exporter.otlp.internal.OtlpConfigUtil"),
          // Their "Exporter failed" follows every failed export: the line here says it once.
          Logger.getLogger("io.opentelemetry.sdk.metrics.export.PeriodicMetricReader"),
          Logger.getLogger("io.opentelemetry.sdk.trace.export.BatchSpanProcessor"));
  private static final AtomicBoolean filterInstalled = new AtomicBoolean();

  /**
   * What an HTTP/2 client reads as a frame length when an HTTP/1.x server answers ("HTT"); the
   * connection is then shut down, and the next exports see that instead.
   */
  private static final String HTTP1_ANSWER_TO_HTTP2 = "FRAME_SIZE_ERROR: 4740180";

  private final String endpoint;
  private final String protocol;
  private final AtomicBoolean failing = new AtomicBoolean();

  /** Reports failures of exports over {@code protocol} to {@code endpoint}. */
  public ExportFailures(String endpoint, String protocol) {
    this.endpoint = endpoint;
    this.protocol = protocol;
    installLogFilter();
  }

  /**
   * Replaces the OTLP exporters' own failure messages by this class's; before the SDK is built, so
   * that their start-up guess about ports is replaced too.
   */
  public static void installLogFilter() {
    if (filterInstalled.compareAndSet(false, true)) {
      for (Logger exporterLogger : EXPORTER_LOGGERS) {
        Filter previous = exporterLogger.getFilter();
        exporterLogger.setFilter(
            record -> !replaced(record) && (previous == null || previous.isLoggable(record)));
      }
    }
  }

  /** The messages this class says better: a failed export, a guess about the port. */
  static boolean replaced(LogRecord record) {
    String message = record.getMessage();
    return message != null
        && (message.startsWith("Failed to export ")
            || message.equals("Exporter failed")
            || message.startsWith("OTLP exporter endpoint port is likely incorrect"));
  }

  /** Whether the last export to the endpoint failed. */
  public boolean failing() {
    return failing.get();
  }

  /**
   * Whether nothing accepts connections at the endpoint now (a connect of at most {@code
   * timeoutMillis}): at exit, what the exporter would retry for seconds is known at once. Marks the
   * endpoint failing, and says so once, when nothing does.
   */
  public boolean unreachable(int timeoutMillis) {
    try {
      URI uri = URI.create(endpoint);
      int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
      }
      return false;
    } catch (IOException | RuntimeException e) {
      if (failing.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "otel-llm: nothing answers at "
                + destination()
                + " — is the collector running? What was queued is not exported");
      }
      return true;
    }
  }

  /** Whether an HTTP/1.1 server answers at {@code endpoint} (within {@code timeoutMillis}). */
  static boolean answersHttp1(String endpoint, int timeoutMillis) {
    try {
      URI uri = URI.create(endpoint);
      int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress(uri.getHost(), port), timeoutMillis);
        socket.setSoTimeout(timeoutMillis);
        socket
            .getOutputStream()
            .write(
                ("GET / HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
        byte[] start = socket.getInputStream().readNBytes(7);
        return new String(start, StandardCharsets.US_ASCII).equals("HTTP/1.");
      }
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** Where exports go, for messages: {@code http://localhost:4318 (http/protobuf)}. */
  public String destination() {
    return endpoint + " (" + protocol + ")";
  }

  /** {@code delegate}, whose failures are reported here. */
  public SpanExporter spans(SpanExporter delegate) {
    return new GuardedSpanExporter(delegate);
  }

  /** Records the outcome of one export of {@code signal} ({@code spans}, {@code metrics}). */
  public void exported(String signal, CompletableResultCode result) {
    if (result.isSuccess()) {
      if (failing.compareAndSet(true, false)) {
        logger.log(Level.INFO, "otel-llm: exporting to " + destination() + " again");
      }
    } else if (failing.compareAndSet(false, true)) {
      logger.log(
          Level.WARNING,
          "otel-llm: cannot export "
              + signal
              + " to "
              + destination()
              + ": "
              + reason(protocol, result.getFailureThrowable(), () -> answersHttp1(endpoint, 500))
              + " (said once, until exports work again)");
    }
  }

  /**
   * Why an export over {@code protocol} failed with {@code failure}, and what to do about it;
   * {@code answersHttp1} is asked when a gRPC export failed on a connection closed in a way the
   * message does not explain.
   */
  static String reason(String protocol, @Nullable Throwable failure, BooleanSupplier answersHttp1) {
    Throwable cause = failure;
    if (cause instanceof FailedExportException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    boolean grpc = protocol.toLowerCase(Locale.ROOT).equals("grpc");
    String message = String.valueOf(cause == null ? null : cause.getMessage());
    // An HTTP/1.1 server's answer to an HTTP/2 preface shows as a frame-size error, as a shut
    // connection, or — depending on which side closes first — as a bare "closed" or reset: for
    // those, one HTTP/1.1 request settles it.
    if (grpc
        && (message.contains(HTTP1_ANSWER_TO_HTTP2)
            || (cause != null
                && cause.getClass().getSimpleName().equals("ConnectionShutdownException"))
            || (cause instanceof IOException
                && !(cause instanceof ConnectException)
                && !(cause instanceof UnknownHostException)
                && answersHttp1.getAsBoolean()))) {
      return "it answers HTTP/1.1, not gRPC: an OTLP/HTTP port (4318 by convention) — send gRPC to"
          + " its gRPC port (4317), or set OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf";
    }
    if (!grpc
        && (cause instanceof EOFException
            || (cause instanceof SocketException && message.contains("reset"))
            || message.contains("unexpected end of stream"))) {
      return "it closed the connection without an HTTP answer, as an OTLP/gRPC port (4317 by"
          + " convention) does — send OTLP/HTTP to its HTTP port (4318), or set"
          + " OTEL_EXPORTER_OTLP_PROTOCOL=grpc";
    }
    if (cause instanceof ConnectException) {
      return "nothing answers there (" + message + ") — is the collector running?";
    }
    if (cause instanceof UnknownHostException) {
      return "unknown host " + message;
    }
    if (failure instanceof FailedExportException.HttpExportException http
        && http.getResponse() != null) {
      return "it answered HTTP " + http.getResponse().getStatusCode();
    }
    if (failure instanceof FailedExportException.GrpcExportException rpc
        && rpc.getResponse() != null) {
      return "it answered gRPC status " + rpc.getResponse().getStatusCode();
    }
    return cause == null ? "the export failed" : cause.toString();
  }

  /** A span exporter whose every outcome is reported. */
  private final class GuardedSpanExporter implements SpanExporter {
    private final SpanExporter delegate;

    GuardedSpanExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      CompletableResultCode result = delegate.export(spans);
      result.whenComplete(() -> exported("spans", result));
      return result;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }

    @Override
    public String toString() {
      return delegate.toString();
    }
  }
}

package io.otelllm.autoconfigure.internal;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Filter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * An OTLP metric exporter pointed at an endpoint that takes no metrics — a Jaeger, which takes
 * traces only, answers gRPC {@code UNIMPLEMENTED} or HTTP 404 — would log a failure every export
 * interval for the whole run. This wrapper turns that into one line saying what to do, and stops
 * sending metrics there: the endpoint will not start taking them.
 *
 * <p>The OTLP exporters' own first message about it (which blames a collector's pipeline) is
 * dropped by a log filter on their two loggers; every other message of theirs passes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class MetricsRefusedGuard implements MetricExporter {
  private static final Logger logger = Logger.getLogger("io.otelllm.autoconfigure");
  // Held here: java.util.logging keeps loggers weakly, and a collected logger loses its filter.
  private static final List<Logger> EXPORTER_LOGGERS =
      List.of(
          Logger.getLogger("io.opentelemetry.exporter.otlp.internal.GrpcExporter"),
          Logger.getLogger("io.opentelemetry.exporter.otlp.internal.HttpExporter"));
  private static final AtomicBoolean filterInstalled = new AtomicBoolean();

  private final MetricExporter delegate;
  private final String endpoint;
  private final AtomicBoolean refused = new AtomicBoolean();

  private MetricsRefusedGuard(MetricExporter delegate, String endpoint) {
    this.delegate = delegate;
    this.endpoint = endpoint;
  }

  /** Guards {@code delegate}, which sends to {@code endpoint} (for the message). */
  public static MetricExporter wrap(MetricExporter delegate, String endpoint) {
    if (filterInstalled.compareAndSet(false, true)) {
      for (Logger exporterLogger : EXPORTER_LOGGERS) {
        Filter previous = exporterLogger.getFilter();
        exporterLogger.setFilter(
            record ->
                !isRefusalMessage(record) && (previous == null || previous.isLoggable(record)));
      }
    }
    return new MetricsRefusedGuard(delegate, endpoint);
  }

  static boolean isRefusalMessage(LogRecord record) {
    String message = record.getMessage();
    return message != null
        && message.startsWith("Failed to export ") // "metrics." (gRPC), "9 metrics." (HTTP)
        && message.contains(" metrics. Server responded with ")
        && (message.contains("UNIMPLEMENTED") || message.contains("HTTP status code 404"));
  }

  /** Whether {@code failure} says the endpoint has no OTLP metrics service at all. */
  static boolean isRefusal(Throwable failure) {
    if (failure instanceof FailedExportException.GrpcExportException grpc
        && grpc.getResponse() != null) {
      return grpc.getResponse().getStatusCode() == GrpcStatusCode.UNIMPLEMENTED;
    }
    if (failure instanceof FailedExportException.HttpExportException http
        && http.getResponse() != null) {
      return http.getResponse().getStatusCode() == 404;
    }
    return false;
  }

  /** Whether metrics were refused and are no longer sent. */
  public boolean refused() {
    return refused.get();
  }

  @Override
  public CompletableResultCode export(Collection<MetricData> metrics) {
    if (refused.get()) {
      return CompletableResultCode.ofSuccess();
    }
    CompletableResultCode sent = delegate.export(metrics);
    CompletableResultCode result = new CompletableResultCode();
    sent.whenComplete(
        () -> {
          if (sent.isSuccess()) {
            result.succeed();
          } else if (isRefusal(sent.getFailureThrowable())) {
            if (refused.compareAndSet(false, true)) {
              logger.log(
                  Level.WARNING,
                  "otel-llm: "
                      + endpoint
                      + " takes no OTLP metrics (a Jaeger takes traces "
                      + "only): metrics are off for this run. Send them to an OpenTelemetry Collector (deploy/), "
                      + "or set OTEL_METRICS_EXPORTER=none.");
            }
            result.succeed(); // said once, and handled: not a failure to repeat every interval
          } else {
            result.fail();
          }
        });
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
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return delegate.getAggregationTemporality(instrumentType);
  }

  @Override
  public io.opentelemetry.sdk.metrics.Aggregation getDefaultAggregation(
      InstrumentType instrumentType) {
    return delegate.getDefaultAggregation(instrumentType);
  }

  @Override
  public io.opentelemetry.sdk.common.export.MemoryMode getMemoryMode() {
    return delegate.getMemoryMode();
  }
}

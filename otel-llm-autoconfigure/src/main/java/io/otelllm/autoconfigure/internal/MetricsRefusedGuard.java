package io.otelllm.autoconfigure.internal;

import io.opentelemetry.exporter.internal.FailedExportException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.common.export.GrpcStatusCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An OTLP metric exporter pointed at an endpoint that takes no metrics — a Jaeger, which takes
 * traces only, answers gRPC {@code UNIMPLEMENTED} or HTTP 404 — would log a failure every export
 * interval for the whole run. This wrapper turns that into one line saying what to do, and stops
 * sending metrics there: the endpoint will not start taking them.
 *
 * <p>Other failures are reported by {@link ExportFailures}, in one line, as for spans.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class MetricsRefusedGuard implements MetricExporter {
  private static final Logger logger = Logger.getLogger("io.otelllm.autoconfigure");

  private final MetricExporter delegate;
  private final ExportFailures failures;
  private final AtomicBoolean refused = new AtomicBoolean();

  private MetricsRefusedGuard(MetricExporter delegate, ExportFailures failures) {
    this.delegate = delegate;
    this.failures = failures;
  }

  /** Guards {@code delegate}, whose other failures {@code failures} reports. */
  public static MetricExporter wrap(MetricExporter delegate, ExportFailures failures) {
    return new MetricsRefusedGuard(delegate, failures);
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
            failures.exported("metrics", sent);
            result.succeed();
          } else if (isRefusal(sent.getFailureThrowable())) {
            if (refused.compareAndSet(false, true)) {
              logger.log(
                  Level.WARNING,
                  "otel-llm: "
                      + failures.destination()
                      + " takes no OTLP metrics (a Jaeger takes traces "
                      + "only): metrics are off for this run. Send them to an OpenTelemetry Collector (deploy/), "
                      + "or set OTEL_METRICS_EXPORTER=none.");
            }
            result.succeed(); // said once, and handled: not a failure to repeat every interval
          } else {
            failures.exported("metrics", sent);
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

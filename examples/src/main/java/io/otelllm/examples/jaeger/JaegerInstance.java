package io.otelllm.examples.jaeger;

/** A running Jaeger (or a collector in front of one): where to send OTLP and where to query. */
public interface JaegerInstance extends AutoCloseable {

  /** OTLP over gRPC, e.g. {@code http://127.0.0.1:4317}. */
  String otlpGrpcEndpoint();

  /** OTLP over HTTP, e.g. {@code http://127.0.0.1:4318}. */
  String otlpHttpEndpoint();

  /** The query service: UI and {@code /api/*}, e.g. {@code http://127.0.0.1:16686}. */
  String queryUrl();

  /**
   * Where a collector in front of Jaeger exposes the metrics for Prometheus ({@code /metrics}), if
   * any.
   */
  java.util.Optional<String> prometheusUrl();

  /**
   * Whether {@link #queryUrl()} serves the real Jaeger UI (else only the API and a placeholder
   * page).
   */
  boolean servesUi();

  /**
   * What this is, for messages ("Testcontainers jaegertracing/jaeger:2.13.0", "local binary …").
   */
  String description();

  @Override
  void close();
}

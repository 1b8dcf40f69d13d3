package io.otelllm.examples.jaeger;

import java.util.Optional;

/**
 * The ports of the local services that {@code deploy/local/*.sh} and compose start — Jaeger and a
 * collector — on this machine: the standard ones, moved by {@code OTEL_LLM_PORT_OFFSET} for a
 * second set, exactly as the scripts move them (one variable for both).
 */
public final class LocalStack {

  /** The variable that moves every port of a second set of local services. */
  public static final String PORT_OFFSET_ENV = "OTEL_LLM_PORT_OFFSET";

  private final int offset;

  private LocalStack(int offset) {
    this.offset = offset;
  }

  /** The set this environment points at ({@value #PORT_OFFSET_ENV}, default 0). */
  public static LocalStack fromEnvironment() {
    String value = System.getenv(PORT_OFFSET_ENV);
    if (value == null || value.isBlank()) {
      return new LocalStack(0);
    }
    try {
      int offset = Integer.parseInt(value.strip());
      if (offset < 0 || offset > 40000) {
        throw new NumberFormatException();
      }
      return new LocalStack(offset);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          PORT_OFFSET_ENV + " must be a whole number from 0 to 40000, was '" + value + "'", e);
    }
  }

  /** Jaeger's OTLP over HTTP: {@code http://localhost:4318} plus the offset. */
  public String jaegerOtlpHttp() {
    return "http://localhost:" + (4318 + offset);
  }

  /** Jaeger's UI and query API: {@code http://localhost:16686} plus the offset. */
  public String jaegerQuery() {
    return "http://localhost:" + (16686 + offset);
  }

  /** A collector's (or compose's) OTLP over HTTP, on the standard port 4318 plus the offset. */
  public String otlpHttp() {
    return jaegerOtlpHttp();
  }

  /**
   * The Jaeger already running here (started by {@code deploy/local/jaeger.sh} or compose), if its
   * query API and its OTLP/HTTP port answer.
   */
  public Optional<JaegerInstance> runningJaeger() {
    if (!LocalProcess.httpOk(jaegerQuery() + "/api/services")
        || !LocalProcess.tcpOpen(4318 + offset)) {
      return Optional.empty();
    }
    String query = jaegerQuery();
    String otlpHttp = jaegerOtlpHttp();
    String otlpGrpc = "http://localhost:" + (4317 + offset);
    boolean ui = servesUiPage(query);
    return Optional.of(
        new JaegerInstance() {
          @Override
          public String otlpGrpcEndpoint() {
            return otlpGrpc;
          }

          @Override
          public String otlpHttpEndpoint() {
            return otlpHttp;
          }

          @Override
          public String queryUrl() {
            return query;
          }

          @Override
          public Optional<String> prometheusUrl() {
            return Optional.empty();
          }

          @Override
          public boolean servesUi() {
            return ui;
          }

          @Override
          public String description() {
            return "the Jaeger already answering at " + query + " (its traces stay there)";
          }

          @Override
          public void close() {
            // Not ours: it keeps running, with the traces.
          }
        });
  }

  /** Whether the query port serves the real UI (jaeger-ui's page), not the placeholder. */
  private static boolean servesUiPage(String query) {
    return LocalProcess.httpBody(query + "/")
        .map(page -> page.contains("id=\"jaeger-ui-root\""))
        .orElse(false);
  }
}

package io.otelllm.sdk;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.otelllm.sdk.internal.MetricsRefusedGuard;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * An OpenTelemetry SDK for applications that have none yet, configured the standard way by
 * OpenTelemetry's autoconfigure module: {@code OTEL_SERVICE_NAME}, {@code
 * OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_PROTOCOL} ({@code grpc} | {@code
 * http/protobuf}), {@code OTEL_TRACES_SAMPLER}, {@code OTEL_RESOURCE_ATTRIBUTES}, … (or the
 * matching {@code otel.*} system properties). Spans go through the batch processor, metrics through
 * a periodic reader; {@link #close()} flushes both.
 *
 * <p>otel-llm's defaults, which the environment overrides: logs exporter {@code none} (otel-llm
 * emits none) and a metric export interval of 10 s. Builder settings override the environment. Bad
 * endpoint URLs or protocols fail at {@link Builder#build()} with a message naming the setting.
 *
 * <p>An application that already has an {@link OpenTelemetry} (for example from the OpenTelemetry
 * Java agent, via {@code GlobalOpenTelemetry.get()}) passes that to {@code LlmTelemetry} instead
 * and does not need this class.
 */
public final class LlmTelemetrySdk implements AutoCloseable {

  private static final List<String> ENDPOINT_KEYS =
      List.of(
          "otel.exporter.otlp.endpoint",
          "otel.exporter.otlp.traces.endpoint",
          "otel.exporter.otlp.metrics.endpoint");
  private static final List<String> PROTOCOL_KEYS =
      List.of(
          "otel.exporter.otlp.protocol",
          "otel.exporter.otlp.traces.protocol",
          "otel.exporter.otlp.metrics.protocol");
  private static final List<String> PROTOCOLS = List.of("grpc", "http/protobuf");

  private final OpenTelemetrySdk sdk;
  private final Duration shutdownTimeout;

  private LlmTelemetrySdk(OpenTelemetrySdk sdk, Duration shutdownTimeout) {
    this.sdk = sdk;
    this.shutdownTimeout = shutdownTimeout;
  }

  /** An SDK from the environment alone. */
  public static LlmTelemetrySdk fromEnvironment() {
    return builder().build();
  }

  /** Configures an SDK; the environment fills in what the builder leaves unset. */
  public static Builder builder() {
    return new Builder();
  }

  /** The SDK, as the {@code OpenTelemetry} to hand to {@code LlmTelemetry}. */
  public OpenTelemetry openTelemetry() {
    return sdk;
  }

  /** Exports what is queued now (waits at most the shutdown timeout). */
  public boolean flush() {
    return CompletableResultCode.ofAll(
            List.of(
                sdk.getSdkTracerProvider().forceFlush(), sdk.getSdkMeterProvider().forceFlush()))
        .join(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .isSuccess();
  }

  /**
   * Flushes and shuts the SDK down, returning within the shutdown timeout even when the collector
   * is dead: parts of the SDK's shutdown block their caller (the metric reader's last export), so
   * it runs on a daemon thread of its own and is abandoned, not awaited, past the timeout.
   */
  @Override
  public void close() {
    Thread shutdown =
        new Thread(
            () -> sdk.shutdown().join(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS),
            "otel-llm-sdk-shutdown");
    shutdown.setDaemon(true);
    shutdown.start();
    try {
      shutdown.join(Math.max(1, shutdownTimeout.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures an {@link LlmTelemetrySdk}. */
  public static final class Builder {
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final List<SpanProcessor> extraSpanProcessors = new java.util.ArrayList<>();
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private boolean global;

    private Builder() {}

    /** {@code service.name}; overrides {@code OTEL_SERVICE_NAME}. */
    public Builder setServiceName(String serviceName) {
      return setProperty("otel.service.name", serviceName);
    }

    /** The OTLP endpoint, e.g. {@code http://localhost:4317}; overrides the environment. */
    public Builder setEndpoint(String endpoint) {
      return setProperty("otel.exporter.otlp.endpoint", endpoint);
    }

    /** {@code grpc} or {@code http/protobuf}; overrides the environment. */
    public Builder setProtocol(String protocol) {
      return setProperty("otel.exporter.otlp.protocol", protocol);
    }

    /** Any autoconfigure property ({@code otel.*}), overriding the environment. */
    public Builder setProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /** Adds a span processor beside the configured exporters (e.g. an in-process consumer). */
    public Builder addSpanProcessor(SpanProcessor processor) {
      extraSpanProcessors.add(java.util.Objects.requireNonNull(processor, "processor"));
      return this;
    }

    /** How long {@link LlmTelemetrySdk#close()} may wait for the last export (default 10 s). */
    public Builder setShutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /** Whether to install the SDK as {@code GlobalOpenTelemetry} too (default false). */
    public Builder setRegisterGlobal(boolean registerGlobal) {
      this.global = registerGlobal;
      return this;
    }

    /**
     * Builds and starts the SDK.
     *
     * @throws IllegalArgumentException naming the setting, for a bad endpoint, protocol or
     *     configuration
     */
    public LlmTelemetrySdk build() {
      if (shutdownTimeout == null || shutdownTimeout.isNegative()) {
        throw new IllegalArgumentException(
            "shutdownTimeout must be zero or positive, was " + shutdownTimeout);
      }
      var builder =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(Builder::defaults)
              .addPropertiesCustomizer(
                  config -> {
                    validate(config, overrides);
                    return overrides;
                  })
              .addMetricExporterCustomizer(
                  (exporter, config) -> MetricsRefusedGuard.wrap(exporter, metricsEndpoint(config)))
              .addTracerProviderCustomizer(
                  (tracerProvider, config) -> {
                    extraSpanProcessors.forEach(tracerProvider::addSpanProcessor);
                    return tracerProvider;
                  })
              // close() is the application's to call; a hook would race it and double shut down.
              .disableShutdownHook();
      if (global) {
        builder.setResultAsGlobal();
      }
      try {
        return new LlmTelemetrySdk(builder.build().getOpenTelemetrySdk(), shutdownTimeout);
      } catch (ConfigurationException e) {
        throw new IllegalArgumentException(
            "invalid OpenTelemetry configuration: " + e.getMessage(), e);
      }
    }

    private static String metricsEndpoint(ConfigProperties config) {
      String endpoint = config.getString("otel.exporter.otlp.metrics.endpoint");
      if (endpoint == null) {
        endpoint = config.getString("otel.exporter.otlp.endpoint");
      }
      if (endpoint == null) {
        String protocol =
            config.getString(
                "otel.exporter.otlp.metrics.protocol",
                config.getString("otel.exporter.otlp.protocol", "grpc"));
        endpoint = protocol.equals("grpc") ? "http://localhost:4317" : "http://localhost:4318";
      }
      return "the OTLP endpoint " + endpoint;
    }

    private static Map<String, String> defaults() {
      Map<String, String> d = new HashMap<>();
      d.put("otel.logs.exporter", "none");
      d.put("otel.metric.export.interval", "10000");
      return d;
    }

    private static void validate(ConfigProperties config, Map<String, String> overrides) {
      for (String key : ENDPOINT_KEYS) {
        String value = overrides.containsKey(key) ? overrides.get(key) : config.getString(key);
        if (value != null && !validEndpoint(value)) {
          throw new IllegalArgumentException(
              "invalid OTLP endpoint "
                  + key
                  + " ("
                  + envName(key)
                  + ") = '"
                  + value
                  + "': expected an http:// or https:// URL such as http://localhost:4317");
        }
      }
      for (String key : PROTOCOL_KEYS) {
        String value = overrides.containsKey(key) ? overrides.get(key) : config.getString(key);
        if (value != null && !PROTOCOLS.contains(value)) {
          throw new IllegalArgumentException(
              "unknown OTLP protocol "
                  + key
                  + " ("
                  + envName(key)
                  + ") = '"
                  + value
                  + "': expected one of "
                  + PROTOCOLS);
        }
      }
    }

    private static boolean validEndpoint(String value) {
      try {
        URI uri = new URI(value);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
      } catch (Exception e) {
        return false;
      }
    }

    private static String envName(String key) {
      return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
  }
}

package io.otelllm.autoconfigure;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.otelllm.autoconfigure.internal.MetricsRefusedGuard;
import io.otelllm.core.internal.OpenTelemetryClassPath;
import io.otelllm.exporters.internal.TracerFlush;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

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
 * <p>What the SDK holds when the application stops — spans in the batch queue, the current
 * aggregation window, metrics not yet exported — is flushed by {@link #close()}, or, if the
 * application never gets to call it (SIGTERM from Ctrl-C, {@code docker stop} or Kubernetes; a
 * {@code System.exit}), by a JVM shutdown hook that does the same: whichever comes first does the
 * work, once, within the shutdown timeout, and the other waits for it (at most that long). A dead
 * collector costs the exit no more than the timeout. {@link Builder#setShutdownHook(boolean)} turns
 * the hook off for applications that manage shutdown themselves.
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
  private static final Logger logger = Logger.getLogger(LlmTelemetrySdk.class.getName());

  // Null when the OpenTelemetry jars on the class path do not line up: the SDK would fail to start
  // (or to record), so the application gets OpenTelemetry.noop() and one line saying why.
  private final @Nullable OpenTelemetrySdk sdk;
  private final Duration shutdownTimeout;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final @Nullable Thread shutdownHook;

  private LlmTelemetrySdk(
      @Nullable OpenTelemetrySdk sdk, Duration shutdownTimeout, boolean shutdownHook) {
    this.sdk = sdk;
    this.shutdownTimeout = shutdownTimeout;
    this.shutdownHook =
        shutdownHook && sdk != null
            ? new Thread(this::shutDown, "otel-llm-sdk-shutdown-hook")
            : null;
    if (this.shutdownHook != null) {
      Runtime.getRuntime().addShutdownHook(this.shutdownHook);
    }
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
    OpenTelemetrySdk started = sdk;
    return started == null ? OpenTelemetry.noop() : started;
  }

  /** Exports what is queued now (waits at most the shutdown timeout). */
  public boolean flush() {
    OpenTelemetrySdk sdk = this.sdk;
    if (sdk == null) {
      return true;
    }
    long deadline = System.nanoTime() + shutdownTimeout.toNanos();
    boolean traces = TracerFlush.flush(sdk.getSdkTracerProvider(), shutdownTimeout.toMillis());
    long left = Math.max(0, deadline - System.nanoTime());
    return sdk.getSdkMeterProvider().forceFlush().join(left, TimeUnit.NANOSECONDS).isSuccess()
        && traces;
  }

  /**
   * Flushes and shuts the SDK down, returning within the shutdown timeout even when the collector
   * is dead: parts of the SDK's shutdown block their caller (the metric reader's last export), so
   * it runs on a daemon thread of its own and is abandoned, not awaited, past the timeout. Called
   * again, or while the shutdown hook is at it, it waits for that one (at most the timeout).
   */
  @Override
  public void close() {
    Thread hook = shutdownHook;
    if (hook != null && Thread.currentThread() != hook) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // The JVM is already shutting down: the hook runs (or ran) too, and one of us waits.
      }
    }
    shutDown();
  }

  private void shutDown() {
    OpenTelemetrySdk sdk = this.sdk;
    if (sdk == null) {
      return;
    }
    if (!closing.compareAndSet(false, true)) {
      awaitClosed(); // the other one does the work
      return;
    }
    Thread shutdown =
        new Thread(
            () -> {
              try {
                // Flushed first, reliably (see TracerFlush): the SDK's own shutdown flush can
                // miss spans ended just before it.
                TracerFlush.flush(sdk.getSdkTracerProvider(), shutdownTimeout.toMillis());
                sdk.shutdown().join(shutdownTimeout.toMillis(), TimeUnit.MILLISECONDS);
              } catch (RuntimeException e) {
                // An exporter's own failure (the SDK runs some of their shutdowns right here).
                logger.log(Level.WARNING, "otel-llm: an exporter failed while shutting down", e);
              } finally {
                closed.countDown();
              }
            },
            "otel-llm-sdk-shutdown");
    shutdown.setDaemon(true);
    shutdown.start();
    awaitClosed();
  }

  private void awaitClosed() {
    try {
      if (!closed.await(Math.max(1, shutdownTimeout.toMillis()), TimeUnit.MILLISECONDS)) {
        logger.log(
            Level.WARNING,
            "otel-llm: the SDK did not finish exporting within the shutdown timeout of "
                + shutdownTimeout.toMillis()
                + " ms (is the collector reachable?); spans not exported by then are lost");
      }
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
    private boolean shutdownHook = true;

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

    /**
     * Whether a JVM shutdown hook flushes and shuts the SDK down when the application stops without
     * calling {@link LlmTelemetrySdk#close()} (default true).
     */
    public Builder setShutdownHook(boolean shutdownHook) {
      this.shutdownHook = shutdownHook;
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
              // Ours instead (see the class comment): autoconfigure's would race close() and skip
              // the reliable flush.
              .disableShutdownHook();
      if (global) {
        builder.setResultAsGlobal();
      }
      // Jars that do not line up would fail the SDK's start: the application gets no SDK and one
      // line saying why, and runs as it would without telemetry.
      if (OpenTelemetryClassPath.mustStepAside()) {
        return new LlmTelemetrySdk(null, shutdownTimeout, false);
      }
      try {
        return new LlmTelemetrySdk(
            builder.build().getOpenTelemetrySdk(), shutdownTimeout, shutdownHook);
      } catch (ConfigurationException e) {
        throw new IllegalArgumentException(
            "invalid OpenTelemetry configuration: " + e.getMessage(), e);
      } catch (LinkageError e) {
        OpenTelemetryClassPath.report(e);
        return new LlmTelemetrySdk(null, shutdownTimeout, false);
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

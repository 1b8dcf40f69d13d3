package io.otelllm.autoconfigure;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelllm.autoconfigure.internal.DiskBufferedSpanExporter;
import io.otelllm.autoconfigure.internal.ExportFailures;
import io.otelllm.autoconfigure.internal.MetricsRefusedGuard;
import io.otelllm.core.internal.OpenTelemetryClassPath;
import io.otelllm.exporters.internal.TracerFlush;
import java.net.URI;
import java.nio.file.Path;
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
 * OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_PROTOCOL} ({@code http/protobuf} | {@code
 * grpc}), {@code OTEL_TRACES_SAMPLER}, {@code OTEL_RESOURCE_ATTRIBUTES}, … (or the matching {@code
 * otel.*} system properties). Spans go through the batch processor, metrics through a periodic
 * reader; {@link #close()} flushes both.
 *
 * <p>otel-llm's defaults, which the environment overrides: OTLP over {@code http/protobuf} to
 * {@code http://localhost:4318} (as the OpenTelemetry Java agent), logs exporter {@code none}
 * (otel-llm emits none) and a metric export interval of 10 s. Builder settings override the
 * environment. Bad endpoint URLs or protocols fail at {@link Builder#build()} with a message naming
 * the setting. An endpoint that does not take what is sent — nothing listening, a gRPC port spoken
 * to over HTTP or the reverse — is said in one line naming it and the protocol, not a stack trace
 * per export; at exit, such an endpoint is waited for one second at most.
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
  private static final String DEFAULT_PROTOCOL = "http/protobuf";
  private static final Duration FAILING_ENDPOINT_WAIT = Duration.ofSeconds(1);
  private static final Logger logger = Logger.getLogger(LlmTelemetrySdk.class.getName());
  private static final String CRASH_SAFE_DIRECTORY = "otel.llm.crash-safe.directory";
  private static final String BATCH_DELAY = "otel.bsp.schedule.delay";
  // Crash-safe mode's batch delay, what a kill may lose: spans reach the disk this soon.
  private static final String CRASH_SAFE_BATCH_DELAY = "200";

  // Null when the OpenTelemetry jars on the class path do not line up: the SDK would fail to start
  // (or to record), so the application gets OpenTelemetry.noop() and one line saying why.
  private final @Nullable OpenTelemetrySdk sdk;
  private final Duration shutdownTimeout;
  private final AtomicBoolean closing = new AtomicBoolean();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final @Nullable Thread shutdownHook;
  private final List<ExportFailures> endpoints;

  private LlmTelemetrySdk(
      @Nullable OpenTelemetrySdk sdk,
      Duration shutdownTimeout,
      boolean shutdownHook,
      List<ExportFailures> endpoints) {
    this.sdk = sdk;
    this.endpoints = endpoints;
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
    for (ExportFailures endpoint : endpoints) {
      endpoint.unreachable(200); // nothing listening: known now, not after the exporter's retries
    }
    awaitClosed();
  }

  private void awaitClosed() {
    // An endpoint that is not answering (said already, or found out while waiting here) does not
    // answer at exit either: waiting the whole timeout for it would only delay the exit.
    long deadline = System.nanoTime() + shutdownTimeout.toNanos();
    ExportFailures failing = null;
    try {
      while (!closed.await(50, TimeUnit.MILLISECONDS)) {
        if (failing == null) {
          failing = endpoints.stream().filter(ExportFailures::failing).findFirst().orElse(null);
          if (failing != null) {
            deadline = Math.min(deadline, System.nanoTime() + FAILING_ENDPOINT_WAIT.toNanos());
          }
        }
        if (System.nanoTime() - deadline >= 0) {
          if (failing == null) { // a failing endpoint was said already, in its own line
            logger.log(
                Level.WARNING,
                "otel-llm: the SDK did not finish exporting within the shutdown timeout of "
                    + shutdownTimeout.toMillis()
                    + " ms (is the collector reachable?); spans not exported by then are lost");
          }
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Configures an {@link LlmTelemetrySdk}. */
  public static final class Builder {
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private final List<ExportFailures> endpoints =
        new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<SpanProcessor> extraSpanProcessors = new java.util.ArrayList<>();
    private Duration shutdownTimeout = Duration.ofSeconds(10);
    private boolean global;
    private boolean shutdownHook = true;

    private Builder() {}

    /** {@code service.name}; overrides {@code OTEL_SERVICE_NAME}. */
    public Builder setServiceName(String serviceName) {
      return setProperty("otel.service.name", serviceName);
    }

    /** The OTLP endpoint, e.g. {@code http://localhost:4318}; overrides the environment. */
    public Builder setEndpoint(String endpoint) {
      return setProperty("otel.exporter.otlp.endpoint", endpoint);
    }

    /** {@code http/protobuf} (the default) or {@code grpc}; overrides the environment. */
    public Builder setProtocol(String protocol) {
      return setProperty("otel.exporter.otlp.protocol", protocol);
    }

    /** Any autoconfigure property ({@code otel.*}), overriding the environment. */
    public Builder setProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * Crash-safe mode: spans are written to files in {@code directory} before they are exported, so
     * a process killed with {@code kill -9} or by the OOM killer loses about the batch delay
     * ({@code OTEL_BSP_SCHEDULE_DELAY}, 200 ms in this mode unless set, plus the time to write the
     * batch); the next process started on the directory sends what is left. Also {@code
     * OTEL_LLM_CRASH_SAFE_DIRECTORY}. Needs {@code
     * io.opentelemetry.contrib:opentelemetry-disk-buffering} on the class path; one directory per
     * process.
     */
    public Builder setCrashSafeDirectory(Path directory) {
      return setProperty(CRASH_SAFE_DIRECTORY, directory.toString());
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
                    Map<String, String> properties = new HashMap<>(overrides);
                    if (crashSafeDirectory(config) != null
                        && config.getString(BATCH_DELAY) == null) {
                      properties.put(BATCH_DELAY, CRASH_SAFE_BATCH_DELAY);
                    }
                    return properties;
                  })
              .addSpanExporterCustomizer(
                  (exporter, config) -> {
                    if (!isOtlp(exporter)) {
                      return exporter;
                    }
                    SpanExporter guarded = failures(config, "traces").spans(exporter);
                    Path directory = crashSafeDirectory(config);
                    return directory == null
                        ? guarded
                        : DiskBufferedSpanExporter.create(directory, guarded, shutdownTimeout);
                  })
              .addMetricExporterCustomizer(
                  (exporter, config) ->
                      isOtlp(exporter)
                          ? MetricsRefusedGuard.wrap(exporter, failures(config, "metrics"))
                          : exporter)
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
      ExportFailures.installLogFilter();
      // Jars that do not line up would fail the SDK's start: the application gets no SDK and one
      // line saying why, and runs as it would without telemetry.
      if (OpenTelemetryClassPath.mustStepAside()) {
        return new LlmTelemetrySdk(null, shutdownTimeout, false, List.of());
      }
      try {
        return new LlmTelemetrySdk(
            builder.build().getOpenTelemetrySdk(),
            shutdownTimeout,
            shutdownHook,
            List.copyOf(endpoints));
      } catch (ConfigurationException e) {
        throw new IllegalArgumentException(
            "invalid OpenTelemetry configuration: " + e.getMessage(), e);
      } catch (LinkageError e) {
        OpenTelemetryClassPath.report(e);
        return new LlmTelemetrySdk(null, shutdownTimeout, false, List.of());
      }
    }

    private static boolean isOtlp(Object exporter) {
      return exporter.getClass().getName().startsWith("io.opentelemetry.exporter.otlp.");
    }

    /** The failures of OTLP exports of {@code signal} ({@code traces}, {@code metrics}). */
    private ExportFailures failures(ConfigProperties config, String signal) {
      String protocol =
          config.getString(
              "otel.exporter.otlp." + signal + ".protocol",
              config.getString("otel.exporter.otlp.protocol", DEFAULT_PROTOCOL));
      String endpoint = config.getString("otel.exporter.otlp." + signal + ".endpoint");
      if (endpoint == null) {
        endpoint = config.getString("otel.exporter.otlp.endpoint");
      }
      if (endpoint == null) {
        endpoint = protocol.equals("grpc") ? "http://localhost:4317" : "http://localhost:4318";
      }
      ExportFailures failures = new ExportFailures(endpoint, protocol);
      endpoints.add(failures);
      return failures;
    }

    /** The crash-safe directory, if one is set; refused when blank or its library is missing. */
    private static @Nullable Path crashSafeDirectory(ConfigProperties config) {
      String value = config.getString(CRASH_SAFE_DIRECTORY);
      if (value == null) {
        return null;
      }
      if (value.isBlank()) {
        throw new ConfigurationException(
            "OTEL_LLM_CRASH_SAFE_DIRECTORY (otel.llm.crash-safe.directory) must name a directory,"
                + " was '"
                + value
                + "'");
      }
      try {
        Class.forName(
            "io.opentelemetry.contrib.disk.buffering.storage.impl.FileSpanStorage",
            false,
            LlmTelemetrySdk.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new ConfigurationException(
            "OTEL_LLM_CRASH_SAFE_DIRECTORY (otel.llm.crash-safe.directory) needs"
                + " io.opentelemetry.contrib:opentelemetry-disk-buffering:1.53.0-alpha on the"
                + " class path");
      }
      return Path.of(value);
    }

    private static Map<String, String> defaults() {
      Map<String, String> d = new HashMap<>();
      d.put("otel.logs.exporter", "none");
      // The Java agent's default and the specification's: one OTLP story, on port 4318.
      d.put("otel.exporter.otlp.protocol", DEFAULT_PROTOCOL);
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
                  + "': expected an http:// or https:// URL such as http://localhost:4318");
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

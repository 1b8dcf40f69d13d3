package io.otelllm.exporters;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelllm.calllog.internal.CallAggregator;
import io.otelllm.calllog.internal.CallAggregator.CallStats;
import io.otelllm.calllog.internal.WhereTimeGoes;
import io.otelllm.exporters.internal.SpanCallRecords;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every interval (default 60 s), logs one structured line per operation × model × label: calls,
 * success rate, min / avg / max and p50 / p90 / p99 duration, TTFT p50 / p90, token totals and
 * error types with counts — as JSON after the prefix {@code otel-llm aggregate }, at INFO, through
 * the JDK's {@link System.Logger} named {@value #LOGGER_NAME} (java.util.logging unless the
 * application installs a bridge, e.g. SLF4J's {@code slf4j-jdk-platform-logging}).
 *
 * <p>Percentiles come from HdrHistograms with 2 significant digits (within 1 %); memory depends on
 * the number of keys (at most 500, then {@code _OTHER}), never on the number of calls. Use it
 * behind a {@link BatchSpanProcessor} ({@link #spanProcessor()}, or autoconfigure's {@code
 * OTEL_TRACES_EXPORTER=otlp,llm-aggregates}).
 */
public final class LlmAggregatesExporter implements SpanExporter {

  /** The {@code System.Logger} the aggregates are written to. */
  public static final String LOGGER_NAME = "io.otelllm.aggregates";

  /** What each aggregate line starts with. */
  public static final String PREFIX = "otel-llm aggregate ";

  /** What starts each line of a window's findings (the report's, for the window's calls). */
  public static final String FINDING_PREFIX = "otel-llm finding ";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final CallAggregator aggregator;
  // The window's diagnosis, from the same records: swapped out whole when a window closes.
  private WhereTimeGoes findings = new WhereTimeGoes();
  private final System.Logger logger;
  private final ScheduledExecutorService scheduler;

  private LlmAggregatesExporter(Duration interval, int maxKeys, System.Logger logger) {
    this.aggregator = new CallAggregator(maxKeys);
    this.logger = logger;
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "otel-llm-aggregates");
              t.setDaemon(true);
              return t;
            });
    long millis = interval.toMillis();
    var unused = scheduler.scheduleAtFixedRate(this::emit, millis, millis, TimeUnit.MILLISECONDS);
  }

  /** A builder with the default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** This exporter behind a batch span processor, as it should run. */
  public SpanProcessor spanProcessor() {
    return BatchSpanProcessor.builder(this).build();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    for (SpanData span : spans) {
      SpanCallRecords.of(span)
          .ifPresent(
              r -> {
                aggregator.record(r);
                synchronized (this) {
                  findings.accept(r);
                }
              });
    }
    return CompletableResultCode.ofSuccess();
  }

  /** Closes the current window now and logs it; returns the lines logged. */
  public List<String> emit() {
    List<String> lines = new ArrayList<>();
    try {
      CallAggregator.Window window = aggregator.closeWindow();
      WhereTimeGoes diagnosed;
      synchronized (this) {
        diagnosed = findings;
        findings = new WhereTimeGoes();
      }
      for (CallStats a : window.stats()) {
        String line = PREFIX + toJson(window, a);
        logger.log(System.Logger.Level.INFO, line);
        lines.add(line);
      }
      for (WhereTimeGoes.Finding f : diagnosed.findings()) {
        String line = FINDING_PREFIX + toJson(window, f);
        logger.log(System.Logger.Level.INFO, line);
        lines.add(line);
      }
    } catch (RuntimeException e) {
      logger.log(System.Logger.Level.WARNING, "otel-llm: aggregates could not be logged", e);
    }
    return lines;
  }

  /** Bytes held by the current window's histograms. */
  public long footprintBytes() {
    return aggregator.footprintBytes();
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess();
  }

  /** Logs the last window and stops. */
  @Override
  public CompletableResultCode shutdown() {
    scheduler.shutdownNow();
    emit();
    return CompletableResultCode.ofSuccess();
  }

  static String toJson(CallAggregator.Window window, WhereTimeGoes.Finding f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("window_start", window.start().toString());
    n.put("window_end", window.end().toString());
    n.put("kind", f.kind());
    n.put("seconds", WhereTimeGoes.round(f.seconds()));
    n.set("evidence", JSON.valueToTree(f.evidence()));
    n.put("action", f.action());
    return n.toString();
  }

  static String toJson(CallAggregator.Window window, CallStats a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("window_start", window.start().toString());
    n.put("window_end", window.end().toString());
    n.put("operation", a.operation());
    n.put("model", a.model());
    n.put("label", a.label());
    n.put("calls", a.calls());
    n.put("success_rate", round(a.successRate()));
    ObjectNode d = n.putObject("duration_ms");
    d.put("min", round(a.minMs()));
    d.put("avg", round(a.avgMs()));
    d.put("max", round(a.maxMs()));
    d.put("p50", round(a.p50Ms()));
    d.put("p90", round(a.p90Ms()));
    d.put("p99", round(a.p99Ms()));
    Double ttftP50 = a.ttftP50Ms();
    Double ttftP90 = a.ttftP90Ms();
    if (ttftP50 != null && ttftP90 != null) {
      ObjectNode t = n.putObject("ttft_ms");
      t.put("p50", round(ttftP50));
      t.put("p90", round(ttftP90));
    }
    ObjectNode tokens = n.putObject("tokens");
    tokens.put("input", a.inputTokens());
    tokens.put("output", a.outputTokens());
    ObjectNode errors = n.putObject("errors");
    a.errorTypes().entrySet().stream()
        .sorted(java.util.Map.Entry.comparingByKey())
        .forEach(e -> errors.put(e.getKey(), e.getValue()));
    return n.toString();
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  /** Configures an {@link LlmAggregatesExporter}. */
  public static final class Builder {
    private Duration interval = Duration.ofSeconds(60);
    private int maxKeys = 500;
    private System.Logger logger = System.getLogger(LOGGER_NAME);

    private Builder() {}

    /** How often aggregates are written (default 60 s). */
    public Builder setInterval(Duration interval) {
      this.interval = interval;
      return this;
    }

    /**
     * At most this many operation × model × label keys per window (default 500), then {@code
     * _OTHER}.
     */
    public Builder setMaxKeys(int maxKeys) {
      this.maxKeys = maxKeys;
      return this;
    }

    /** Where the lines go (default the {@code System.Logger} {@value #LOGGER_NAME}). */
    public Builder setLogger(System.Logger logger) {
      this.logger = logger;
      return this;
    }

    /**
     * Builds the exporter and starts its interval.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public LlmAggregatesExporter build() {
      if (interval == null || interval.toMillis() <= 0) {
        throw new IllegalArgumentException("aggregates interval must be positive, was " + interval);
      }
      if (maxKeys < 1) {
        throw new IllegalArgumentException("aggregates maxKeys must be at least 1, was " + maxKeys);
      }
      if (logger == null) {
        throw new IllegalArgumentException("aggregates logger must not be null");
      }
      return new LlmAggregatesExporter(interval, maxKeys, logger);
    }
  }
}

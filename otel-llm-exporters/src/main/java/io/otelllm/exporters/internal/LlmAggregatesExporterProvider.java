package io.otelllm.exporters.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelllm.exporters.LlmAggregatesExporter;
import java.time.Duration;

/**
 * {@code OTEL_TRACES_EXPORTER=…,llm-aggregates}; the interval is {@code
 * otel.exporter.llm.aggregates.interval} ({@code OTEL_EXPORTER_LLM_AGGREGATES_INTERVAL}, e.g.
 * {@code 30s}), default 60 s.
 */
public final class LlmAggregatesExporterProvider implements ConfigurableSpanExporterProvider {
  @Override
  public String getName() {
    return "llm-aggregates";
  }

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return LlmAggregatesExporter.builder()
        .setInterval(
            ExporterSettings.positive(
                config, "otel.exporter.llm.aggregates.interval", Duration.ofSeconds(60)))
        .build();
  }
}

package io.otelllm.exporters.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelllm.exporters.LlmJsonLinesExporter;
import java.nio.file.Path;

/**
 * {@code OTEL_TRACES_EXPORTER=…,llm-jsonl}; the file is {@code otel.exporter.llm.jsonl.path}
 * ({@code OTEL_EXPORTER_LLM_JSONL_PATH}), default {@code llm_performance.log}.
 */
public final class LlmJsonLinesExporterProvider implements ConfigurableSpanExporterProvider {
  @Override
  public String getName() {
    return "llm-jsonl";
  }

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return LlmJsonLinesExporter.builder()
        .setPath(
            Path.of(
                config.getString(
                    "otel.exporter.llm.jsonl.path", LlmJsonLinesExporter.DEFAULT_PATH)))
        .setMaxBytes(
            config.getLong(
                "otel.exporter.llm.jsonl.max.bytes", LlmJsonLinesExporter.DEFAULT_MAX_BYTES))
        .setMaxFiles(
            config.getInt(
                "otel.exporter.llm.jsonl.max.files", LlmJsonLinesExporter.DEFAULT_MAX_FILES))
        .build();
  }
}

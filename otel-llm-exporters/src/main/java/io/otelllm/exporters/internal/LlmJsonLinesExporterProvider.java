package io.otelllm.exporters.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelllm.exporters.LlmJsonLinesExporter;

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
            ExporterSettings.file(
                config, "otel.exporter.llm.jsonl.path", LlmJsonLinesExporter.DEFAULT_PATH))
        .setMaxBytes(
            ExporterSettings.nonNegative(
                config,
                "otel.exporter.llm.jsonl.max.bytes",
                LlmJsonLinesExporter.DEFAULT_MAX_BYTES,
                "never roll"))
        .setMaxFiles(
            (int)
                Math.min(
                    Integer.MAX_VALUE,
                    ExporterSettings.nonNegative(
                        config,
                        "otel.exporter.llm.jsonl.max.files",
                        LlmJsonLinesExporter.DEFAULT_MAX_FILES,
                        "keep all")))
        .build();
  }
}

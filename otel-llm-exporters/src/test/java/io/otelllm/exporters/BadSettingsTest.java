package io.otelllm.exporters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad exporter setting stops the start with a message that names it and its value. */
class BadSettingsTest {

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "llm-jsonl|otel.exporter.llm.jsonl.max.bytes|-5|"
            + "OTEL_EXPORTER_LLM_JSONL_MAX_BYTES (otel.exporter.llm.jsonl.max.bytes) must be 0"
            + " (never roll) or positive, was '-5'",
        "llm-jsonl|otel.exporter.llm.jsonl.max.files|-1|"
            + "OTEL_EXPORTER_LLM_JSONL_MAX_FILES (otel.exporter.llm.jsonl.max.files) must be 0"
            + " (keep all) or positive, was '-1'",
        "llm-aggregates|otel.exporter.llm.aggregates.interval|0s|"
            + "OTEL_EXPORTER_LLM_AGGREGATES_INTERVAL (otel.exporter.llm.aggregates.interval) must"
            + " be positive (e.g. 30s), was 'PT0S'",
        "llm-aggregates|otel.exporter.llm.aggregates.interval|-10s|"
            + "OTEL_EXPORTER_LLM_AGGREGATES_INTERVAL (otel.exporter.llm.aggregates.interval) must"
            + " be positive (e.g. 30s), was 'PT-10S'",
      })
  void theTopMessageNamesTheSettingAndTheValue(
      String exporter, String property, String value, String message) {
    assertThatThrownBy(() -> start(exporter, Map.of(property, value)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(message);
  }

  @Test
  void anEmptyOrBlankPathIsRefusedAtStartAndNothingIsCreated() throws Exception {
    Path cwd = Path.of("").toAbsolutePath();
    Path strayLock = cwd.resolveSibling(cwd.getFileName() + ".lock");
    for (String path : new String[] {"", "  "}) {
      assertThatThrownBy(() -> start("llm-jsonl", Map.of("otel.exporter.llm.jsonl.path", path)))
          .isInstanceOf(ConfigurationException.class)
          .hasMessage(
              "OTEL_EXPORTER_LLM_JSONL_PATH (otel.exporter.llm.jsonl.path) must name a file"
                  + " (unset it for llm_performance.log), was '"
                  + path
                  + "'");
    }
    assertThat(strayLock).doesNotExist();
  }

  @Test
  void aDirectoryIsNotAFile() throws Exception {
    Path directory = Files.createDirectory(dir.resolve("logs"));
    assertThatThrownBy(
            () -> start("llm-jsonl", Map.of("otel.exporter.llm.jsonl.path", directory.toString())))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage(
            "OTEL_EXPORTER_LLM_JSONL_PATH (otel.exporter.llm.jsonl.path) must name a file, not a"
                + " directory, was '"
                + directory
                + "'");
  }

  @Test
  void inCodeTheBuilderNamesTheSettingToo() {
    assertThatThrownBy(() -> LlmJsonLinesExporter.builder().setPath(Path.of("")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("path must name a file, was ''");
    assertThatThrownBy(() -> LlmJsonLinesExporter.builder().setMaxBytes(-5).build())
        .hasMessage("maxBytes must be 0 (never roll) or positive, was -5");
  }

  static void start(String exporter, Map<String, String> settings) {
    Map<String, String> properties = new HashMap<>(settings);
    properties.put("otel.traces.exporter", exporter);
    properties.put("otel.metrics.exporter", "none");
    properties.put("otel.logs.exporter", "none");
    AutoConfiguredOpenTelemetrySdk.builder()
        .addPropertiesSupplier(() -> properties)
        .disableShutdownHook()
        .build()
        .getOpenTelemetrySdk()
        .close();
  }
}

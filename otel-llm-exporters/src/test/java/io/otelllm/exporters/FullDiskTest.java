package io.otelllm.exporters;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.core.spi.LlmResponse;
import io.otelllm.testing.internal.LocalService;
import io.otelllm.testing.internal.LogCapture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The call log on a real full filesystem: a 64 KB tmpfs, mounted for the test (as root). */
class FullDiskTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final int BATCHES = 60;
  static final int CALLS_PER_BATCH = 10;

  @TempDir Path dir;
  Path disk;

  @BeforeEach
  void mountASmallDisk() throws Exception {
    disk = Files.createDirectory(dir.resolve("disk"));
    LocalService.TMPFS.require(
        run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", disk.toString()));
  }

  @AfterEach
  void unmount() throws Exception {
    run("umount", disk.toString());
  }

  @Test
  void aFullDiskLeavesWholeLinesOnlyAndTheCountersSayWhatTheFileHolds() throws Exception {
    List<SpanData> batch = llmSpans(CALLS_PER_BATCH);
    LlmJsonLinesExporter exporter = LlmJsonLinesExporter.create(disk.resolve("calls.log"));
    int failedBatches = 0;
    List<String> warnings;
    try (LogCapture logs = LogCapture.of(LlmJsonLinesExporter.class.getName(), Level.WARNING)) {
      for (int i = 0; i < BATCHES; i++) {
        CompletableResultCode result = exporter.export(batch);
        if (!result.isSuccess()) {
          failedBatches++;
        }
      }
      warnings = logs.lines();
    }
    // Said once, with the reason.
    assertThat(warnings).singleElement().asString().contains("No space left on device");
    byte[] file = Files.readAllBytes(exporter.path());
    List<String> lines = Files.readAllLines(exporter.path());
    // The disk filled part way: some batches went in whole, the rest were refused whole.
    assertThat(failedBatches).isBetween(1, BATCHES - 1);
    assertThat(exporter.writtenRecords())
        .isEqualTo((long) (BATCHES - failedBatches) * CALLS_PER_BATCH);
    assertThat(exporter.droppedRecords()).isEqualTo((long) failedBatches * CALLS_PER_BATCH);
    assertThat(file[file.length - 1]).isEqualTo((byte) '\n');
    assertThat((long) lines.size()).isEqualTo(exporter.writtenRecords());
    for (String line : lines) {
      assertThat(JSON.readTree(line).get("request_model").asText()).isEqualTo("m");
    }

    // Room again (the rolled or other files a user deletes): the next batch goes in, whole.
    Files.writeString(exporter.path(), "");
    assertThat(exporter.export(batch).isSuccess()).isTrue();
    assertThat(Files.readAllLines(exporter.path(), StandardCharsets.UTF_8))
        .hasSize(CALLS_PER_BATCH);
  }

  static List<SpanData> llmSpans(int count) {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(memory))
                    .build())
            .build()) {
      LlmTelemetry telemetry = LlmTelemetry.create(sdk);
      for (int i = 0; i < count; i++) {
        telemetry
            .llmCall(LlmRequest.builder("chat", "ollama").setRequestModel("m").build())
            .start()
            .end(LlmResponse.builder().setInputTokens(40L).setOutputTokens(30L).build());
      }
      return List.copyOf(memory.getFinishedSpanItems());
    }
  }

  static boolean run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    process.getInputStream().readAllBytes();
    return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
  }
}

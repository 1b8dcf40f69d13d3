package io.otelllm.sdk;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelllm.sdk.calls.LlmCallJson;
import io.otelllm.sdk.calls.LlmCallRecords;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Writes one JSON object per LLM call to a file (default {@value #DEFAULT_PATH}), appending:
 * request id (span id), trace id, timestamp, label, operation, provider, request and response
 * model, agent, success, error type and message (cut to 200 characters), duration, time to first
 * chunk, prompt / completion / total tokens and the server's timings. Other spans are ignored.
 *
 * <p>Use it behind a {@link BatchSpanProcessor} ({@link #spanProcessor()}, or autoconfigure's
 * {@code OTEL_TRACES_EXPORTER=otlp,llm-jsonl}), so file I/O never happens on the caller's thread. A
 * write that fails (full disk, unwritable path) is reported once as a warning, counted in {@link
 * #droppedRecords()}, and never thrown; later exports try again.
 */
public final class LlmJsonLinesExporter implements SpanExporter {

  /** The file written when none is given. */
  public static final String DEFAULT_PATH = "llm_performance.log";

  private static final Logger logger = Logger.getLogger(LlmJsonLinesExporter.class.getName());

  private final Path path;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicBoolean reported = new AtomicBoolean();
  private @Nullable BufferedWriter writer;
  private boolean shutdown;

  private LlmJsonLinesExporter(Path path) {
    this.path = path;
  }

  /** An exporter appending to {@code path} (opened on the first export). */
  public static LlmJsonLinesExporter create(Path path) {
    return new LlmJsonLinesExporter(path);
  }

  /** An exporter appending to {@value #DEFAULT_PATH} in the working directory. */
  public static LlmJsonLinesExporter create() {
    return create(Path.of(DEFAULT_PATH));
  }

  /** This exporter behind a batch processor: what to add to an {@code SdkTracerProvider}. */
  public SpanProcessor spanProcessor() {
    return BatchSpanProcessor.builder(this).build();
  }

  /** The file written. */
  public Path path() {
    return path;
  }

  /** Records written so far. */
  public long writtenRecords() {
    return written.get();
  }

  /** Records lost to write failures so far. */
  public long droppedRecords() {
    return dropped.get();
  }

  @Override
  public synchronized CompletableResultCode export(Collection<SpanData> spans) {
    List<String> lines = new ArrayList<>();
    for (SpanData span : spans) {
      LlmCallRecords.of(span).map(LlmCallJson::toLine).ifPresent(lines::add);
    }
    if (lines.isEmpty()) {
      return CompletableResultCode.ofSuccess();
    }
    if (shutdown) {
      dropped.addAndGet(lines.size());
      return CompletableResultCode.ofFailure();
    }
    try {
      if (writer == null) {
        writer =
            Files.newBufferedWriter(
                path,
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE);
      }
      for (String line : lines) {
        writer.write(line);
        writer.write('\n');
      }
      writer.flush();
      written.addAndGet(lines.size());
      return CompletableResultCode.ofSuccess();
    } catch (IOException | RuntimeException e) {
      dropped.addAndGet(lines.size());
      if (reported.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "otel-llm: cannot write the LLM call log "
                + path.toAbsolutePath()
                + " ("
                + e
                + "); records are dropped and counted, later exports try again",
            e);
      }
      closeQuietly();
      return CompletableResultCode.ofFailure();
    }
  }

  @Override
  public synchronized CompletableResultCode flush() {
    try {
      if (writer != null) {
        writer.flush();
      }
      return CompletableResultCode.ofSuccess();
    } catch (IOException e) {
      return CompletableResultCode.ofFailure();
    }
  }

  @Override
  public synchronized CompletableResultCode shutdown() {
    shutdown = true;
    closeQuietly();
    return CompletableResultCode.ofSuccess();
  }

  private void closeQuietly() {
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException ignored) {
        // Already reported, or nothing was pending.
      }
      writer = null;
    }
  }

  @Override
  public String toString() {
    return "LlmJsonLinesExporter{" + path + "}";
  }
}

package io.otelllm.autoconfigure.internal;

import io.opentelemetry.contrib.disk.buffering.exporters.SpanToDiskExporter;
import io.opentelemetry.contrib.disk.buffering.storage.impl.FileSpanStorage;
import io.opentelemetry.contrib.disk.buffering.storage.impl.FileStorageConfiguration;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Crash-safe export: every batch is written to files on disk (OpenTelemetry's disk buffering)
 * before {@code export} returns, and a sender thread exports the files to the real exporter once
 * they are closed for writing, deleting each batch once it is sent. A process killed with {@code
 * kill -9} or by the OOM killer therefore loses nothing the batch processor had handed on: the
 * files are sent by the next process that starts on the same directory. (The page cache holds them;
 * only a power cut before the kernel wrote them can lose them.)
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class DiskBufferedSpanExporter implements SpanExporter {
  /** A file takes batches for this long; then it is closed and can be sent. */
  static final long WRITE_WINDOW_MILLIS = 1_000;

  private static final long SEND_PERIOD_MILLIS = 500;
  private static final Duration EXPORT_WAIT = Duration.ofSeconds(10);
  private static final Logger logger = Logger.getLogger(DiskBufferedSpanExporter.class.getName());

  private final Path directory;
  private final FileSpanStorage storage;
  private final SpanToDiskExporter toDisk;
  private final SpanExporter network;
  private final Duration shutdownWait;
  private final ScheduledExecutorService sender;

  private DiskBufferedSpanExporter(Path directory, SpanExporter network, Duration shutdownWait) {
    this.directory = directory;
    this.network = network;
    this.shutdownWait = shutdownWait;
    this.storage = FileSpanStorage.create(directory.toFile(), configuration(WRITE_WINDOW_MILLIS));
    this.toDisk = SpanToDiskExporter.builder(storage).build();
    this.sender =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "otel-llm-disk-buffer-sender");
              t.setDaemon(true);
              return t;
            });
    // The first run sends what an earlier process left (its files are old enough at once).
    // sendSafely catches what it throws: the schedule's future has nothing to report.
    var unused =
        sender.scheduleWithFixedDelay(
            this::sendSafely, 0, SEND_PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /**
   * Spans to {@code directory} first, then to {@code network}; at shutdown, what is on disk is sent
   * within {@code shutdownWait} (what is not stays for the next start).
   *
   * @throws IllegalArgumentException when the directory cannot be used
   */
  public static SpanExporter create(Path directory, SpanExporter network, Duration shutdownWait) {
    try {
      return new DiskBufferedSpanExporter(directory, network, shutdownWait);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "the crash-safe directory " + directory + " cannot be used: " + e.getMessage(), e);
    }
  }

  /** The storage's limits: files of 1 MB at most, 64 MB in all (the oldest dropped first). */
  private static FileStorageConfiguration configuration(long writeWindowMillis) {
    return FileStorageConfiguration.builder()
        .setMaxFileAgeForWriteMillis(writeWindowMillis)
        .setMinFileAgeForReadMillis(writeWindowMillis + Math.max(1, writeWindowMillis / 10))
        .setMaxFileAgeForReadMillis(TimeUnit.HOURS.toMillis(18))
        .setMaxFileSize(1 << 20)
        .setMaxFolderSize(64 << 20)
        .build();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    CompletableResultCode written = toDisk.export(spans);
    written.join(EXPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    if (written.isSuccess()) {
      return written;
    }
    // The disk refused (full, gone): straight to the network rather than lost.
    return network.export(spans);
  }

  @Override
  public CompletableResultCode flush() {
    return toDisk.flush();
  }

  /**
   * Stops the sender, closes the files and sends everything on disk — the file written last too —
   * through a storage whose files are readable at once; then shuts the network exporter down.
   */
  @Override
  public CompletableResultCode shutdown() {
    sender.shutdown();
    try {
      sender.awaitTermination(EXPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      toDisk.shutdown().join(EXPORT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      storage.close();
      try (FileSpanStorage closedFiles =
          FileSpanStorage.create(directory.toFile(), configuration(1))) {
        Thread.sleep(3); // past the read delay of 2 ms: every file is closed and readable
        send(network, closedFiles, System.nanoTime() + shutdownWait.toNanos());
      }
    } catch (IOException | RuntimeException e) {
      logger.log(Level.WARNING, "otel-llm: the crash-safe buffer could not be sent at exit", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return network.shutdown();
  }

  private void sendSafely() {
    try {
      send(network, storage, System.nanoTime() + TimeUnit.DAYS.toNanos(1));
    } catch (RuntimeException e) {
      logger.log(Level.FINE, "otel-llm: sending the crash-safe buffer", e);
    }
  }

  /**
   * Sends the readable batches, oldest first, until one fails (it stays, as the rest) or the
   * deadline passes. The storage deletes a batch when the next one is asked for, so a batch sent is
   * always followed by {@code hasNext()}.
   */
  private static void send(SpanExporter network, FileSpanStorage from, long deadlineNanos) {
    Iterator<Collection<SpanData>> batches = from.iterator();
    while (batches.hasNext()) {
      Collection<SpanData> batch = batches.next();
      if (batch == null) {
        return;
      }
      long wait = Math.min(EXPORT_WAIT.toNanos(), Math.max(0, deadlineNanos - System.nanoTime()));
      CompletableResultCode sent = network.export(batch);
      sent.join(wait, TimeUnit.NANOSECONDS);
      if (!sent.isSuccess()) {
        return; // not deleted: the next round, or the next start, sends it
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        boolean more = batches.hasNext(); // deletes the batch just sent
        logger.log(Level.FINE, "otel-llm: crash-safe buffer, time is up; more to send: {0}", more);
        return;
      }
    }
  }

  @Override
  public String toString() {
    return "DiskBufferedSpanExporter{" + directory + " -> " + network + "}";
  }
}

package io.otelllm.exporters;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.otelllm.calllog.internal.LlmCallJson;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.exporters.internal.SpanCallRecords;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Writes one JSON line per LLM call (the {@code llm-jsonl} exporter), in a file that rolls over by
 * size, for runs that last days.
 *
 * <ul>
 *   <li><b>One write per batch</b>: a batch's lines are written by one {@code write} to a file
 *       opened for appending ({@code O_APPEND}), under an exclusive lock on {@code <file>.lock}
 *       that every writer of the file takes, in this process and in others: two processes appending
 *       to the same log never interleave parts of lines.
 *   <li><b>Rolling</b>: when a batch would take the file past {@code maxBytes}, the file is first
 *       renamed to {@code <name>.<UTC time of the roll>.<extension>} (e.g. {@code
 *       llm_performance.2026-11-27T10-15-30.123Z.log}: sorting by name sorts by time; the current
 *       file, without a time, is the newest) and a new file is started; a roll never splits a line
 *       or a batch. Beyond {@code maxFiles} rolled files, the oldest is deleted.
 * </ul>
 */
public final class LlmJsonLinesExporter implements SpanExporter {

  /** The file written when none is given. */
  public static final String DEFAULT_PATH = "llm_performance.log";

  /** The size past which the file rolls over by default: 64 MiB. */
  public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;

  /** How many rolled files are kept by default. */
  public static final int DEFAULT_MAX_FILES = 10;

  private static final Logger logger = Logger.getLogger(LlmJsonLinesExporter.class.getName());

  private static final DateTimeFormatter ROLL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH-mm-ss.SSS'Z'").withZone(ZoneOffset.UTC);

  // One monitor per file within this JVM: the file lock keeps other processes out, but two
  // exporters of one JVM on one file must not both try to take it (OverlappingFileLockException).
  private static final ConcurrentHashMap<Path, Object> LOCAL_LOCKS = new ConcurrentHashMap<>();

  private final Path path;
  private final long maxBytes;
  private final int maxFiles;
  private final AtomicLong written = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong rolled = new AtomicLong();
  private final AtomicBoolean reported = new AtomicBoolean();
  private volatile boolean shutdown;

  private LlmJsonLinesExporter(Path path, long maxBytes, int maxFiles) {
    this.path = path;
    this.maxBytes = maxBytes;
    this.maxFiles = maxFiles;
  }

  /** A builder with the default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** An exporter appending to {@code path}, with the default rolling. */
  public static LlmJsonLinesExporter create(Path path) {
    return builder().setPath(path).build();
  }

  /** An exporter appending to {@value #DEFAULT_PATH} in the working directory. */
  public static LlmJsonLinesExporter create() {
    return builder().build();
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

  /** How many times this exporter rolled the file over. */
  public long rollovers() {
    return rolled.get();
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    ByteArrayOutputStream batch = new ByteArrayOutputStream();
    int lines = 0;
    for (SpanData span : spans) {
      Optional<LlmCallRecord> record = SpanCallRecords.of(span);
      if (record.isPresent()) {
        batch.writeBytes(LlmCallJson.toLine(record.get()).getBytes(StandardCharsets.UTF_8));
        batch.write('\n');
        lines++;
      }
    }
    if (lines == 0) {
      return CompletableResultCode.ofSuccess();
    }
    if (shutdown) {
      dropped.addAndGet(lines);
      return CompletableResultCode.ofFailure();
    }
    try {
      append(batch.toByteArray());
      written.addAndGet(lines);
      return CompletableResultCode.ofSuccess();
    } catch (IOException | RuntimeException e) {
      dropped.addAndGet(lines);
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
      return CompletableResultCode.ofFailure();
    }
  }

  private void append(byte[] batch) throws IOException {
    Path absolute = path.toAbsolutePath();
    Path parent = absolute.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    Object local = LOCAL_LOCKS.computeIfAbsent(absolute, p -> new Object());
    synchronized (local) {
      try (FileChannel lockFile =
              FileChannel.open(
                  absolute.resolveSibling(absolute.getFileName() + ".lock"),
                  StandardOpenOption.CREATE,
                  StandardOpenOption.WRITE);
          FileLock ignored = lockFile.lock()) {
        if (maxBytes > 0
            && Files.exists(absolute)
            && Files.size(absolute) > 0
            && Files.size(absolute) + batch.length > maxBytes) {
          roll(absolute);
        }
        try (FileChannel log =
            FileChannel.open(
                absolute,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE)) {
          // Only lock holders append, so the size now is where this batch starts: a write that
          // fails part way (a full disk) is cut back to it, and the file never holds half a line.
          long start = log.size();
          ByteBuffer buffer = ByteBuffer.wrap(batch);
          try {
            while (buffer.hasRemaining()) {
              log.write(buffer);
            }
          } catch (IOException | RuntimeException e) {
            try {
              log.truncate(start);
            } catch (IOException | RuntimeException truncation) {
              e.addSuppressed(truncation);
            }
            throw e;
          }
        }
      }
    }
  }

  private void roll(Path absolute) throws IOException {
    String name = absolute.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    Instant at = Instant.now();
    Path target;
    do {
      target = absolute.resolveSibling(stem + "." + ROLL_TIME.format(at) + extension);
      at = at.plusMillis(1); // a name taken (a roll in the same millisecond): the next one
    } while (Files.exists(target));
    Files.move(absolute, target, StandardCopyOption.ATOMIC_MOVE);
    rolled.incrementAndGet();
    if (maxFiles > 0) {
      List<Path> rolledFiles = rolledFiles(absolute);
      for (int i = 0; i < rolledFiles.size() - maxFiles; i++) {
        Files.deleteIfExists(rolledFiles.get(i));
      }
    }
  }

  /** The rolled files of the log at {@code file}, oldest first. */
  static List<Path> rolledFiles(Path file) throws IOException {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    String extension = dot > 0 ? name.substring(dot) : "";
    String pattern =
        java.util.regex.Pattern.quote(stem + ".")
            + "\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}Z"
            + java.util.regex.Pattern.quote(extension);
    Path dir = file.toAbsolutePath().getParent();
    List<Path> found = new ArrayList<>();
    if (dir == null) {
      return found;
    }
    try (Stream<Path> files = Files.list(dir)) {
      files.filter(f -> f.getFileName().toString().matches(pattern)).sorted().forEach(found::add);
    }
    return found;
  }

  @Override
  public CompletableResultCode flush() {
    return CompletableResultCode.ofSuccess(); // every export is written before it returns
  }

  @Override
  public CompletableResultCode shutdown() {
    shutdown = true;
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "LlmJsonLinesExporter{"
        + path
        + ", maxBytes="
        + maxBytes
        + ", maxFiles="
        + maxFiles
        + "}";
  }

  /** Configures an {@link LlmJsonLinesExporter}. */
  public static final class Builder {
    private Path path = Path.of(DEFAULT_PATH);
    private long maxBytes = DEFAULT_MAX_BYTES;
    private int maxFiles = DEFAULT_MAX_FILES;

    private Builder() {}

    /** The file to append to (default {@value #DEFAULT_PATH} in the working directory). */
    public Builder setPath(Path path) {
      this.path = Objects.requireNonNull(path, "path");
      return this;
    }

    /** The size past which the file rolls over (default 64 MiB); 0: it never rolls. */
    public Builder setMaxBytes(long maxBytes) {
      this.maxBytes = maxBytes;
      return this;
    }

    /** How many rolled files are kept, the oldest deleted first (default 10); 0: all. */
    public Builder setMaxFiles(int maxFiles) {
      this.maxFiles = maxFiles;
      return this;
    }

    /**
     * Builds the exporter.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public LlmJsonLinesExporter build() {
      if (path.toString().isEmpty() || path.getFileName() == null) {
        throw new IllegalArgumentException("path must name a file, was '" + path + "'");
      }
      if (maxBytes < 0) {
        throw new IllegalArgumentException(
            "maxBytes must be 0 (never roll) or positive, was " + maxBytes);
      }
      if (maxFiles < 0) {
        throw new IllegalArgumentException(
            "maxFiles must be 0 (keep all) or positive, was " + maxFiles);
      }
      return new LlmJsonLinesExporter(path, maxBytes, maxFiles);
    }
  }
}

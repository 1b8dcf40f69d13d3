package io.otelllm.calllog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a JSON-lines call log in one pass, handing each call on in file order as it is read: the
 * memory used does not grow with the file. A line that cannot be read (not JSON, not UTF-8, a last
 * line cut short by a writer still at work) is reported with its file and number; the rest is used.
 *
 * <p>One thread: parsing blocks on a second thread was measured (a million calls, two processors)
 * and gained nothing, the JIT and the collector already use the other processor.
 */
public final class LlmCallLogReader {

  /** What reading a file found. */
  public record Result(Path file, long calls, long skippedLines) {}

  /** Where problems go: one message per skipped line, naming the file and the line. */
  public interface Problems {
    /** A line of {@code file} that was skipped, and why. */
    void skipped(Path file, long line, String why);
  }

  private static final int BUFFER = 1 << 16;

  /**
   * The longest line read: a call's line is well under 2 KiB (error messages are cut at 200
   * characters), so a longer one is not a call, and holding it could exhaust the heap.
   */
  public static final int MAX_LINE_BYTES = 1 << 20;

  private LlmCallLogReader() {}

  /**
   * Reads {@code file}, giving every call to {@code calls} (on the calling thread, in file order)
   * and every unreadable line to {@code problems}.
   *
   * @throws IOException when the file cannot be opened or read at all
   */
  public static Result read(Path file, Consumer<LlmCallRecord> calls, Problems problems)
      throws IOException {
    Reading reading = new Reading(file, calls, problems);
    byte[] buffer = new byte[BUFFER];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.readNBytes(buffer, 0, BUFFER)) > 0) {
        reading.bytes(buffer, n);
      }
    }
    reading.end();
    return new Result(file, reading.read, reading.skipped);
  }

  /** The state of one pass over a file: counts, and the part of a line the last read cut off. */
  private static final class Reading {
    final Path file;
    final Consumer<LlmCallRecord> calls;
    final Problems problems;
    final List<LlmCallRecord> block = new ArrayList<>();
    long read;
    long skipped;
    long lineNumber;
    byte[] line = new byte[4096];
    int lineLength;
    // Bytes of the current line past MAX_LINE_BYTES, not kept; 0 while the line fits.
    long overflow;

    Reading(Path file, Consumer<LlmCallRecord> calls, Problems problems) {
      this.file = file;
      this.calls = calls;
      this.problems = problems;
    }

    /**
     * The next {@code n} bytes of the file: the line the last read cut off is finished, the
     * complete lines after it are read as one block, the tail is kept for the next read.
     */
    void bytes(byte[] buffer, int n) {
      int first = indexOf(buffer, 0, n);
      if (first < 0) {
        keep(buffer, 0, n);
        return;
      }
      int last = first;
      for (int i = n - 1; i > first; i--) {
        if (buffer[i] == '\n') {
          last = i;
          break;
        }
      }
      if (lineLength > 0 || overflow > 0) {
        keep(buffer, 0, first);
        endKeptLine();
      } else {
        oneLine(buffer, 0, first);
      }
      if (last > first) {
        block(buffer, first + 1, last - first);
      }
      lineLength = 0;
      keep(buffer, last + 1, n - last - 1);
    }

    void end() {
      if (lineLength > 0 || overflow > 0) {
        endKeptLine();
      }
    }

    /** The next bytes of an unfinished line: kept up to {@link #MAX_LINE_BYTES}, then counted. */
    private void keep(byte[] buffer, int offset, int length) {
      int room = overflow > 0 ? 0 : Math.min(length, MAX_LINE_BYTES - lineLength);
      if (room > 0) {
        line = append(line, lineLength, buffer, offset, room);
        lineLength += room;
      }
      overflow += length - room;
    }

    private void endKeptLine() {
      if (overflow > 0) {
        lineNumber++;
        problems.skipped(
            file,
            lineNumber,
            "a line of "
                + (lineLength + overflow)
                + " bytes, longer than any call ("
                + MAX_LINE_BYTES
                + " at most)");
        skipped++;
      } else {
        oneLine(line, 0, lineLength);
      }
      lineLength = 0;
      overflow = 0;
    }

    /**
     * Complete lines {@code bytes[offset, offset + length)}, the last ending with a line break:
     * parsed with one parser (creating one costs as much as reading a short line); if any line is
     * not exactly one call, read again line by line to say which and why.
     */
    private void block(byte[] bytes, int offset, int length) {
      block.clear();
      if (LlmCallJson.parseLines(bytes, offset, length, block)) {
        block.forEach(calls);
        read += block.size();
        lineNumber += count(bytes, offset, length);
        return;
      }
      int start = offset;
      for (int i = offset; i < offset + length; i++) {
        if (bytes[i] == '\n') {
          oneLine(bytes, start, i - start);
          start = i + 1;
        }
      }
    }

    private void oneLine(byte[] bytes, int offset, int length) {
      lineNumber++;
      if (blank(bytes, offset, length)) {
        return;
      }
      LlmCallRecord call;
      try {
        call = LlmCallJson.parse(bytes, offset, length);
      } catch (IllegalArgumentException e) {
        problems.skipped(file, lineNumber, String.valueOf(e.getMessage()));
        skipped++;
        return;
      }
      calls.accept(call);
      read++;
    }
  }

  private static int indexOf(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private static int count(byte[] bytes, int offset, int length) {
    int lines = 0;
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] == '\n') {
        lines++;
      }
    }
    return lines;
  }

  private static boolean blank(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  private static byte[] append(byte[] line, int lineLength, byte[] from, int start, int length) {
    byte[] target = line;
    if (lineLength + length > target.length) {
      target = Arrays.copyOf(target, Math.max(target.length * 2, lineLength + length));
    }
    System.arraycopy(from, start, target, lineLength, length);
    return target;
  }
}

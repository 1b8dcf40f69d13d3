package io.otelllm.testing.internal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what a java.util.logging logger (and its children) logs, at a level of the test's
 * choosing, until closed: the logger's level and handlers are restored then.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.of("", Level.ALL)) { ... logs.records() ... }
 * }</pre>
 */
public final class LogCapture extends Handler implements AutoCloseable {
  private final Logger logger;
  private final Level previousLevel;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private LogCapture(Logger logger, Level level) {
    this.logger = logger;
    this.previousLevel = logger.getLevel();
    logger.setLevel(level);
    logger.addHandler(this);
  }

  /** Captures {@code loggerName} ("" for the root) from {@code level} up. */
  public static LogCapture of(String loggerName, Level level) {
    return new LogCapture(Logger.getLogger(loggerName), level);
  }

  /** Everything captured so far. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** Each record as one line: logger, message, parameters and thrown exception. */
  public List<String> lines() {
    return records.stream()
        .map(
            r ->
                r.getLoggerName()
                    + ": "
                    + r.getMessage()
                    + " "
                    + java.util.Arrays.toString(r.getParameters())
                    + " "
                    + r.getThrown())
        .toList();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previousLevel);
  }
}

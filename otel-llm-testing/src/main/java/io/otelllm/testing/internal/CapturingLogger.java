package io.otelllm.testing.internal;

import java.util.List;
import java.util.ResourceBundle;

/** A {@link System.Logger} that keeps every message it is given, for tests of what is logged. */
public final class CapturingLogger {

  private CapturingLogger() {}

  /** A logger that appends each message (or format) to {@code lines}. */
  public static System.Logger into(List<String> lines) {
    return new System.Logger() {
      @Override
      public String getName() {
        return "capture";
      }

      @Override
      public boolean isLoggable(Level level) {
        return true;
      }

      @Override
      public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
        lines.add(msg);
      }

      @Override
      public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        lines.add(format);
      }
    };
  }
}

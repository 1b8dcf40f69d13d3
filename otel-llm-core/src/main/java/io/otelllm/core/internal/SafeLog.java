package io.otelllm.core.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Where telemetry's own failures go instead of the caller: the first is logged as a warning with
 * its stack trace, later ones at FINE so a broken exporter cannot flood the application's log.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class SafeLog {
  private static final Logger logger = Logger.getLogger("io.otelllm");
  private static final AtomicBoolean warned = new AtomicBoolean();

  /** Logs that telemetry failed while {@code doing} something; never throws. */
  public static void failure(String doing, Throwable t) {
    try {
      Level level = warned.compareAndSet(false, true) ? Level.WARNING : Level.FINE;
      logger.log(level, "otel-llm: failed while " + doing + "; the LLM call is unaffected", t);
    } catch (Throwable ignored) {
      // A broken logger must not break the caller either.
    }
  }

  private SafeLog() {}
}

package io.otelllm.core.internal;

import java.time.Duration;

/**
 * A failure that telemetry itself observed, where the client library reported none: a stream whose
 * body ended without its final message, a span open past the ceiling. It carries its own {@code
 * error.type}, namespaced {@code otel_llm.*} so that nobody mistakes it for the server's or the
 * client's verdict. It fails a span; it is never thrown to the application.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class DetectedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** {@code error.type} of a response whose body ended before its last message. */
  public static final String INCOMPLETE_STREAM = "otel_llm.incomplete_stream";

  /** {@code error.type} of a span ended by the ceiling on how long a span may stay open. */
  public static final String SPAN_TIMEOUT = "otel_llm.span_timeout";

  private final String errorType;

  private DetectedFailure(String errorType, String message) {
    super(message, null, false, false); // no stack trace: it is not thrown, and is cheap to make
    this.errorType = errorType;
  }

  /** A streamed response whose body ended ({@code what} says how) before its final message. */
  public static DetectedFailure incompleteStream(String what) {
    return new DetectedFailure(INCOMPLETE_STREAM, what);
  }

  /** A span still open when the ceiling passed. */
  public static DetectedFailure spanTimeout(Duration ceiling) {
    return new DetectedFailure(
        SPAN_TIMEOUT,
        "the span was still open after "
            + ceiling
            + " (the ceiling on how long an otel-llm span may stay open); ended by otel-llm");
  }

  /** The {@code error.type} this failure is recorded with. */
  public String errorType() {
    return errorType;
  }
}

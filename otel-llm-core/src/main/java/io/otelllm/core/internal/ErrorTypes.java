package io.otelllm.core.internal;

/**
 * The {@code error.type} of a failure: the exception's class name (or, for a {@link
 * DetectedFailure}, its own type) — low-cardinality, never the message (messages carry prompts, ids
 * and addresses, and would explode metric series).
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class ErrorTypes {
  /** When a failure has no usable type. */
  public static final String OTHER = "_OTHER";

  /** The type of {@code error}. */
  public static String of(Throwable error) {
    if (error instanceof DetectedFailure detected) {
      return detected.errorType();
    }
    String name = error.getClass().getName();
    return name.isEmpty() ? OTHER : name;
  }

  private ErrorTypes() {}
}

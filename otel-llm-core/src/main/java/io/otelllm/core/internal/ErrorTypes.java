package io.otelllm.core.internal;

/**
 * The {@code error.type} of a failure: the exception's class name — low-cardinality, never the
 * message (messages carry prompts, ids and addresses, and would explode metric series).
 */
public final class ErrorTypes {
  public static final String OTHER = "_OTHER";

  public static String of(Throwable error) {
    if (error == null) {
      return OTHER;
    }
    String name = error.getClass().getName();
    return name.isEmpty() ? OTHER : name;
  }

  private ErrorTypes() {}
}

package io.otelllm.core.internal;

/**
 * The one way otel-llm shortens text it records: a prefix that never splits a surrogate pair,
 * followed by {@link #MARK}, so truncated content says so where it is read.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class Truncation {

  /** Appended to every truncated text. */
  public static final String MARK = "…[truncated]";

  /**
   * {@code text} if it has at most {@code maxChars} characters, else cut so that, with the mark, it
   * has.
   */
  public static String fit(String text, int maxChars) {
    return text.length() <= maxChars ? text : cut(text, Math.max(0, maxChars - MARK.length()));
  }

  /**
   * The first {@code keepChars} characters of {@code text} (one fewer rather than half a pair) and
   * the mark.
   */
  public static String cut(String text, int keepChars) {
    int end = Math.min(text.length(), Math.max(0, keepChars));
    if (end > 0 && end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return new StringBuilder(end + MARK.length()).append(text, 0, end).append(MARK).toString();
  }

  private Truncation() {}
}

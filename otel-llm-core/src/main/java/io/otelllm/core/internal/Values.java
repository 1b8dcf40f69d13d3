package io.otelllm.core.internal;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributesBuilder;
import org.jspecify.annotations.Nullable;

/**
 * What may become an attribute: blank strings, NaN and infinite numbers, and negative counts are
 * not recorded — they say nothing, and most backends reject non-finite numbers.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class Values {

  /** {@code s}, or {@code null} when blank. */
  public static @Nullable String nonBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** {@code d}, or {@code null} when NaN or infinite. */
  public static @Nullable Double finite(@Nullable Double d) {
    return d == null || d.isNaN() || d.isInfinite() ? null : d;
  }

  /** {@code n}, or {@code null} when negative. */
  public static @Nullable Long nonNegative(@Nullable Long n) {
    return n == null || n < 0 ? null : n;
  }

  /** Puts {@code value} unless it is {@code null}. */
  public static <T> void putIfNotNull(
      AttributesBuilder attributes, AttributeKey<T> key, @Nullable T value) {
    if (value != null) {
      attributes.put(key, value);
    }
  }

  private Values() {}
}

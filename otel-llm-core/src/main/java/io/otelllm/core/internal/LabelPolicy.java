package io.otelllm.core.internal;

import io.otelllm.core.CallLabel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the label metric attribute bounded: the first {@code maxDistinct} labels seen are recorded
 * as they are, later new ones as {@link CallLabel#OTHER}. Spans keep the real label.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class LabelPolicy {
  private final int maxDistinct;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  /** Admits at most {@code maxDistinct} distinct labels. */
  public LabelPolicy(int maxDistinct) {
    this.maxDistinct = maxDistinct;
  }

  /** The value to record in metrics for {@code label}, or {@code null} for no label. */
  public @Nullable String forMetrics(@Nullable String label) {
    if (label == null) {
      return null;
    }
    if (admitted.contains(label)) {
      return label;
    }
    synchronized (admitted) {
      if (admitted.size() < maxDistinct) {
        admitted.add(label);
        return label;
      }
    }
    return admitted.contains(label) ? label : CallLabel.OTHER;
  }
}

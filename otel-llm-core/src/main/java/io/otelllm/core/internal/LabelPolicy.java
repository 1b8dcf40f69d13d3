package io.otelllm.core.internal;

import io.otelllm.core.CallLabel;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the label metric attribute bounded: the first {@code maxDistinct} labels seen are
 * recorded as they are, later new ones as {@link CallLabel#OTHER}. Spans keep the real label.
 */
public final class LabelPolicy {
  private final int maxDistinct;
  private final Set<String> admitted = ConcurrentHashMap.newKeySet();

  public LabelPolicy(int maxDistinct) {
    this.maxDistinct = maxDistinct;
  }

  /** The value to record in metrics for {@code label}, or {@code null} for no label. */
  public String forMetrics(String label) {
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

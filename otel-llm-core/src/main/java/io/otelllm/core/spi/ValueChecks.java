package io.otelllm.core.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Defensive copies for the value types' lists. */
final class ValueChecks {

  /** An unmodifiable copy of {@code list} without its {@code null} elements. */
  static <T> List<T> copyOf(List<T> list) {
    if (list.isEmpty()) {
      return List.of();
    }
    List<T> copy = new ArrayList<>(list.size());
    for (T element : list) {
      if (element != null) {
        copy.add(element);
      }
    }
    return Collections.unmodifiableList(copy);
  }

  private ValueChecks() {}
}

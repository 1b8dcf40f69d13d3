package io.otelllm.testing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Finding spans in what a test exported: by name, by parent, or once a stream has ended them. */
public final class SpanTrees {

  private SpanTrees() {}

  /** The one span named {@code name}; fails when there is none or more than one. */
  public static SpanData named(List<SpanData> spans, String name) {
    List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(found).as("spans named %s in %s", name, spans).hasSize(1);
    return found.get(0);
  }

  /** The children of {@code parent}, in the order they started. */
  public static List<SpanData> childrenOf(List<SpanData> spans, SpanData parent) {
    return spans.stream()
        .filter(s -> s.getParentSpanId().equals(parent.getSpanId()))
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .toList();
  }

  /** The names of the children of {@code parent}, in the order they started. */
  public static List<String> childNames(List<SpanData> spans, SpanData parent) {
    return childrenOf(spans, parent).stream().map(SpanData::getName).toList();
  }

  /**
   * The one span named {@code name}, waiting up to ten seconds for it to end (streams end their
   * spans on other threads).
   */
  public static SpanData awaitNamed(Supplier<List<SpanData>> spans, String name)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      List<SpanData> now = spans.get();
      if (now.stream().anyMatch(s -> s.getName().equals(name))) {
        return named(now, name);
      }
      Thread.sleep(5);
    }
    throw new AssertionError("no span " + name + " in " + spans.get());
  }
}

package io.otelllm.core.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.jspecify.annotations.Nullable;

/**
 * The calling thread's CPU time and allocated bytes, for the opt-in resource attributes.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class ThreadResources {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final com.sun.management.@Nullable ThreadMXBean SUN_THREADS =
      THREADS instanceof com.sun.management.ThreadMXBean sun ? sun : null;

  /**
   * The usage of one call; {@code -1} where the JVM cannot measure it.
   *
   * @param cpuNanos CPU time
   * @param allocatedBytes bytes allocated
   */
  public record Usage(long cpuNanos, long allocatedBytes) {}

  /**
   * A reading taken on the calling thread at the start of a call.
   *
   * @param threadId the thread read
   * @param cpuNanos its CPU time then
   * @param allocatedBytes its allocated bytes then
   */
  public record Snapshot(long threadId, long cpuNanos, long allocatedBytes) {

    /** The usage since this snapshot, or {@code null} when read on another thread. */
    public @Nullable Usage usageSince() {
      if (Thread.currentThread().getId() != threadId) {
        return null; // the call ended elsewhere; this thread's counters say nothing about it
      }
      Snapshot now = snapshot();
      return new Usage(
          cpuNanos < 0 || now.cpuNanos < 0 ? -1 : now.cpuNanos - cpuNanos,
          allocatedBytes < 0 || now.allocatedBytes < 0 ? -1 : now.allocatedBytes - allocatedBytes);
    }
  }

  /** A reading of the calling thread now. */
  public static Snapshot snapshot() {
    long cpu = -1;
    long allocated = -1;
    try {
      if (THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled()) {
        cpu = THREADS.getCurrentThreadCpuTime();
      }
      if (SUN_THREADS != null && SUN_THREADS.isThreadAllocatedMemoryEnabled()) {
        allocated = SUN_THREADS.getCurrentThreadAllocatedBytes();
      }
    } catch (UnsupportedOperationException ignored) {
      // Some JVMs measure neither; the attributes are then simply left out.
    }
    return new Snapshot(Thread.currentThread().getId(), cpu, allocated);
  }

  private ThreadResources() {}
}

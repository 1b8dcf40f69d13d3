package io.otelllm.core;

/**
 * Work that may throw, run inside an agent turn or a tool execution by {@link
 * AgentTurn.Builder#run} and {@link ToolExecution.Builder#run}.
 *
 * @param <E> what it may throw
 */
@FunctionalInterface
public interface ThrowingRunnable<E extends Throwable> {

  /** Does the work. */
  void run() throws E;
}

package io.otelllm.core;

/**
 * Work that returns a value and may throw, run inside an agent turn or a tool execution by {@link
 * AgentTurn.Builder#call} and {@link ToolExecution.Builder#call}.
 *
 * @param <T> what the work returns
 * @param <E> what it may throw
 */
@FunctionalInterface
public interface ThrowingSupplier<T, E extends Throwable> {

  /** Does the work. */
  T get() throws E;
}

package io.otelllm.core;

import org.jspecify.annotations.Nullable;

/**
 * Work that returns a value and may throw, run inside an agent turn or a tool execution by {@link
 * AgentTurn.Builder#call} and {@link ToolExecution.Builder#call}.
 *
 * @param <T> what the work returns
 * @param <E> what it may throw
 */
@FunctionalInterface
public interface ThrowingSupplier<T extends @Nullable Object, E extends Throwable> {

  /** Does the work. */
  T get() throws E;
}

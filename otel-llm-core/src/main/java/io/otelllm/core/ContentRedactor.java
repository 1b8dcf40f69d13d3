package io.otelllm.core;

import org.jspecify.annotations.Nullable;

/**
 * Rewrites captured content before it is recorded, e.g. to mask e-mail addresses or keys. Applied
 * to every text, reasoning, tool-argument and tool-result string, before truncation.
 *
 * <p>If it throws, the content is replaced by {@code [REDACTION_FAILED]} — never recorded
 * unredacted — and the LLM call is not affected.
 */
@FunctionalInterface
public interface ContentRedactor {

  /** Records content as it is. */
  ContentRedactor NONE = content -> content;

  /** Returns the content to record; {@code null} drops it. */
  @Nullable String redact(String content);
}

package io.otelllm.core;

import com.google.errorprone.annotations.MustBeClosed;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import org.jspecify.annotations.Nullable;

/**
 * Which component of the application asked for an LLM call — {@code planning}, {@code dialogue},
 * {@code memory_consolidation}. Set it for a scope; every LLM span started inside carries it as
 * {@code otel_llm.label}, and it is an attribute of every otel-llm metric.
 *
 * <pre>{@code
 * try (Scope ignored = CallLabel.makeCurrent("dialogue")) {
 *   model.chat(request);
 * }
 * }</pre>
 *
 * <p>Metric attributes must stay bounded, so labels follow a rule: 1–64 characters of {@code
 * [A-Za-z0-9_.-]}; anything else is recorded as {@code _OTHER}. Each {@link LlmTelemetry} also caps
 * the number of distinct labels in metrics (default 64); labels past the cap are recorded as {@code
 * _OTHER} in metrics while spans keep the real label.
 */
public final class CallLabel {

  static final ContextKey<String> KEY = ContextKey.named("otel-llm-call-label");

  /** The value recorded for a label that breaks the rule or exceeds the cap. */
  public static final String OTHER = "_OTHER";

  private CallLabel() {}

  /** Makes {@code label} current for the returned scope (on this thread). */
  @MustBeClosed
  public static Scope makeCurrent(String label) {
    return Context.current().with(KEY, sanitize(label)).makeCurrent();
  }

  /** The label in {@code context}, or {@code null}. */
  public static @Nullable String fromContext(Context context) {
    return context.get(KEY);
  }

  static String sanitize(@Nullable String label) {
    if (label == null || label.isEmpty() || label.length() > 64) {
      return OTHER;
    }
    for (int i = 0; i < label.length(); i++) {
      char c = label.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '_'
              || c == '.'
              || c == '-';
      if (!ok) {
        return OTHER;
      }
    }
    return label;
  }
}

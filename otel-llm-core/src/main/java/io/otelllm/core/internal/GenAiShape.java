package io.otelllm.core.internal;

import java.util.Locale;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Which GenAI conventions otel-llm emits: semconv v1.41 (the default: the last release that defines
 * them, and what Jaeger UI 2.20/2.21 reads), or the newest shape of semantic-conventions-genai,
 * opted into with {@value #ENV}{@code =}{@value #OPT_IN} (or the system property {@value
 * #PROPERTY}), the switch OpenTelemetry's instrumentations use. Decided once, when the telemetry is
 * built; every extractor and metric asks this one value, none is written twice.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public enum GenAiShape {
  /** Semantic conventions v1.41. */
  V1_41,
  /** semantic-conventions-genai's newest (unreleased) shape. */
  LATEST_EXPERIMENTAL;

  /** The environment variable of the switch (a comma-separated list of opt-ins). */
  public static final String ENV = "OTEL_SEMCONV_STABILITY_OPT_IN";

  /** The system property of the switch. */
  public static final String PROPERTY = "otel.semconv-stability.opt-in";

  /** The opt-in value that selects {@link #LATEST_EXPERIMENTAL}. */
  public static final String OPT_IN = "gen_ai_latest_experimental";

  /** The shape the property (first) or the environment asks for. */
  public static GenAiShape from(
      Function<String, @Nullable String> properties,
      Function<String, @Nullable String> environment) {
    String value = properties.apply(PROPERTY);
    if (value == null || value.isBlank()) {
      value = environment.apply(ENV);
    }
    if (value != null) {
      for (String optIn : value.split(",", -1)) {
        if (optIn.trim().toLowerCase(Locale.ROOT).equals(OPT_IN)) {
          return LATEST_EXPERIMENTAL;
        }
      }
    }
    return V1_41;
  }

  /** Whether this is the newest shape. */
  public boolean latest() {
    return this == LATEST_EXPERIMENTAL;
  }
}

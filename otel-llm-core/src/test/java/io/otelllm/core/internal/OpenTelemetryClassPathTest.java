package io.otelllm.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The check of the OpenTelemetry jars, on the versions a build's mediation produces (the consumer
 * tests run it on real class paths: an application with API 1.58 on it).
 */
class OpenTelemetryClassPathTest {

  @Test
  void thisBuildsOwnClassPathLinesUp() {
    assertThat(OpenTelemetryClassPath.problem()).isNull();
  }

  @Test
  void anApiOlderThanTheInstrumentationApiNeedsIsNamedWithTheFix() {
    assertThat(OpenTelemetryClassPath.problem("1.58.0", "1.68.0-alpha", "1.65.0"))
        .contains(
            "OpenTelemetry API 1.58.0 is on the class path",
            "needs 1.65.0 or newer",
            "io.otelllm:otel-llm-bom");
    assertThat(OpenTelemetryClassPath.problem("1.9.0", null, "1.10.0")).isNotNull();
  }

  @Test
  void anIncubatorOfAnotherReleaseThanTheApiIsNamed() {
    // What the instrumentation API 2.31.1 brings beside the API 1.68.0 a build asked for.
    assertThat(OpenTelemetryClassPath.problem("1.68.0", "1.65.0-alpha", "1.65.0"))
        .contains("opentelemetry-api-incubator 1.65.0-alpha", "opentelemetry-api 1.68.0");
  }

  @Test
  void oneReleaseOrNoIncubatorAtAllIsFine() {
    assertThat(OpenTelemetryClassPath.problem("1.68.0", "1.68.0-alpha", "1.65.0")).isNull();
    assertThat(OpenTelemetryClassPath.problem("1.65.0", null, "1.65.0")).isNull();
    assertThat(OpenTelemetryClassPath.problem("1.100.0", "1.100.0-alpha", "1.65.0")).isNull();
    assertThat(OpenTelemetryClassPath.problem(null, null, "1.65.0")).isNull();
  }
}

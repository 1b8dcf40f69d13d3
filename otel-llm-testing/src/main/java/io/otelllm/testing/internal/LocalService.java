package io.otelllm.testing.internal;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A real service some tests need — an Ollama, a local Jaeger or collector, a browser — and the one
 * rule for when it is missing: the test is skipped with the command that enables it, unless {@code
 * OTEL_LLM_REQUIRE_<SERVICE>=true} says it must run (CI sets them all), and then it fails.
 *
 * <pre>{@code
 * Path jaeger = LocalService.JAEGER.require(JaegerLauncher.localJaegerBinary());
 * String ollama = LocalService.OLLAMA.require(LocalService.environment("OLLAMA_BASE_URL"));
 * }</pre>
 */
public enum LocalService {
  /** A real Ollama, at {@code OLLAMA_BASE_URL}. */
  OLLAMA(
      "a real Ollama: run `deploy/local/ollama.sh start` and"
          + " `export OLLAMA_BASE_URL=$(deploy/local/ollama.sh url)`"),
  /** The Jaeger built by {@code deploy/local/jaeger.sh} (or Docker, where a test can use it). */
  JAEGER("a local Jaeger: run `deploy/local/jaeger.sh build`"),
  /** The OpenTelemetry Collector built by {@code deploy/local/collector.sh}. */
  COLLECTOR(
      "the local collector and Jaeger: run `deploy/local/collector.sh build` and"
          + " `deploy/local/jaeger.sh build`"),
  /** A small filesystem a test can fill: a tmpfs it mounts, which takes root. */
  TMPFS("a filesystem to fill: run it as root (it mounts a 64 KB tmpfs)"),
  /** Debian's Chromium and ChromeDriver. */
  CHROMIUM("a browser: `apt-get install chromium chromium-driver`"),
  /** The built Jaeger UI, at {@code JAEGER_UI_ASSETS}. */
  JAEGER_UI(
      "the Jaeger UI: point JAEGER_UI_ASSETS at an unpacked jaeger-ui v2.20.0 assets.tar.gz, and a"
          + " local Jaeger and Chromium");

  private final String howToEnable;

  LocalService(String howToEnable) {
    this.howToEnable = howToEnable;
  }

  /** The variable that makes a missing service a failure: {@code OTEL_LLM_REQUIRE_<SERVICE>}. */
  public String requireVariable() {
    return "OTEL_LLM_REQUIRE_" + name().toUpperCase(Locale.ROOT);
  }

  /** Whether this run must have the service ({@link #requireVariable()} is {@code true}). */
  public boolean required() {
    return "true".equalsIgnoreCase(System.getenv(requireVariable()));
  }

  /** What is missing and the command that provides it. */
  public String howToEnable() {
    return "needs " + howToEnable;
  }

  /**
   * The service, when {@code found} has it; otherwise skips the test saying how to enable it, or
   * fails it when the service is {@linkplain #required() required}.
   */
  public <T> T require(Optional<T> found) {
    if (found.isEmpty() && required()) {
      fail(requireVariable() + "=true, but the test " + howToEnable());
    }
    assumeTrue(
        found.isPresent(),
        () -> "skipped: the test " + howToEnable() + " (or set " + requireVariable() + ")");
    return found.orElseThrow();
  }

  /** {@link #require(Optional)} for a service whose presence is a yes or no. */
  public void require(boolean available) {
    require(available ? Optional.of(Boolean.TRUE) : Optional.empty());
  }

  /**
   * Whether a Docker engine may answer here: a {@code DOCKER_HOST} or the default socket. Without
   * either, asking Testcontainers only makes it log an ERROR block for an expected absence (the
   * {@code docker} client alone is not an engine).
   */
  public static boolean dockerEngineMayAnswer() {
    String host = System.getenv("DOCKER_HOST");
    return (host != null && !host.isBlank())
        || java.nio.file.Files.exists(java.nio.file.Path.of("/var/run/docker.sock"));
  }

  /** The non-blank value of environment variable {@code name}, trailing slashes removed. */
  public static Optional<String> environment(String name) {
    @Nullable String value = System.getenv(name);
    return value == null || value.isBlank()
        ? Optional.empty()
        : Optional.of(value.strip().replaceAll("/+$", ""));
  }
}

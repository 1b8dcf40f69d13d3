package io.otelllm.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * What the build wrote into {@code version.properties}: otel-llm's version (the instrumentation
 * scope version of every span and metric), the OpenTelemetry release it was tested with, and the
 * oldest OpenTelemetry API it runs on.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class Version {
  private static final Properties PROPERTIES = read();

  /** otel-llm's version, or {@code unknown} when the resource is missing. */
  public static String get() {
    return PROPERTIES.getProperty("version", "unknown");
  }

  /** The OpenTelemetry release otel-llm was built and tested with. */
  public static String openTelemetryTested() {
    return PROPERTIES.getProperty("opentelemetry.tested", "unknown");
  }

  /** The oldest OpenTelemetry API otel-llm runs on. */
  public static String openTelemetryMinimum() {
    return PROPERTIES.getProperty("opentelemetry.minimum", "0");
  }

  private static Properties read() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      // The defaults above stand in.
    }
    return properties;
  }

  private Version() {}
}

package io.otelllm.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * otel-llm's version, as the build wrote it into {@code version.properties}: the instrumentation
 * scope version of every span and metric.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class Version {
  private static final String VERSION = read();

  /** The version, or {@code unknown} when the resource is missing. */
  public static String get() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }

  private Version() {}
}

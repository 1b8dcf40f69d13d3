package io.otelllm.exporters.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * Reads the exporters' settings and refuses a bad one with a {@link ConfigurationException} that
 * names it. Autoconfigure hands a {@code ConfigurationException} to the application as it is, while
 * anything else thrown by a provider becomes "Unexpected configuration error" with the reason
 * hidden in its cause.
 */
final class ExporterSettings {

  /** A file path: unset gives {@code defaultPath}; empty, blank, unusable or a directory fails. */
  static Path file(ConfigProperties config, String property, String defaultPath) {
    String value = config.getString(property);
    if (value == null) {
      return Path.of(defaultPath);
    }
    if (value.isBlank()) {
      throw invalid(property, value, "must name a file (unset it for " + defaultPath + ")");
    }
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw invalid(property, value, "is not a usable path (" + e.getReason() + ")");
    }
    if (path.getFileName() == null || Files.isDirectory(path)) {
      throw invalid(property, value, "must name a file, not a directory");
    }
    return path;
  }

  /** A count or size that may be 0 ({@code zeroMeans}) and may not be negative. */
  static long nonNegative(
      ConfigProperties config, String property, long defaultValue, String zeroMeans) {
    long value = config.getLong(property, defaultValue);
    if (value < 0) {
      throw invalid(property, value, "must be 0 (" + zeroMeans + ") or positive");
    }
    return value;
  }

  /** A positive duration. */
  static Duration positive(ConfigProperties config, String property, Duration defaultValue) {
    Duration value = config.getDuration(property, defaultValue);
    if (value.isZero() || value.isNegative()) {
      throw invalid(property, value, "must be positive (e.g. 30s)");
    }
    return value;
  }

  private static ConfigurationException invalid(String property, Object value, String requirement) {
    String variable = property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    return new ConfigurationException(
        variable + " (" + property + ") " + requirement + ", was '" + value + "'");
  }

  private ExporterSettings() {}
}

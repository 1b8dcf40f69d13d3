package io.otelllm.core.internal;

import io.opentelemetry.api.OpenTelemetry;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * Checks the OpenTelemetry jars the application's build put on the class path, before anything of
 * otel-llm's uses them: an API older than the instrumentation API needs, or an {@code
 * opentelemetry-api-incubator} of another release than {@code opentelemetry-api}, would otherwise
 * fail deep inside with a {@link NoClassDefFoundError} — on the first span, or when the SDK starts.
 * Both come from a build's dependency mediation, not from the application's code, so the message
 * says which jars were found and how to line them up.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class OpenTelemetryClassPath {

  private static final String FIX =
      "import io.otelllm:otel-llm-bom:"
          + Version.get()
          + " in <dependencyManagement> (or io.opentelemetry:opentelemetry-bom and"
          + " opentelemetry-bom-alpha of one release, "
          + Version.openTelemetryMinimum()
          + " or newer)";

  private static final AtomicBoolean reported = new AtomicBoolean();

  private OpenTelemetryClassPath() {}

  /**
   * Whether otel-llm must stay out of the way on these jars; the first time, one warning says why
   * and how to fix the build (the SDK set-up and the core both ask: the user reads it once).
   */
  public static boolean mustStepAside() {
    String problem = problem();
    if (problem != null) {
      report(problem);
    }
    return problem != null;
  }

  /** Reports {@code error}, thrown by OpenTelemetry's own classes, as jars that do not fit. */
  public static void report(LinkageError error) {
    report("the OpenTelemetry jars on the class path do not fit together (" + error + "): " + FIX);
  }

  private static void report(String problem) {
    if (reported.compareAndSet(false, true)) {
      Logger.getLogger("io.otelllm")
          .warning("otel-llm: telemetry is off, nothing is traced or exported: " + problem);
    }
  }

  /** Why otel-llm cannot run on the OpenTelemetry jars present, or {@code null} when it can. */
  public static @Nullable String problem() {
    ClassLoader loader = OpenTelemetry.class.getClassLoader();
    return problem(
        versionOf(loader, "io/opentelemetry/api/version.properties"),
        versionOf(loader, "io/opentelemetry/api/incubator/version.properties"),
        Version.openTelemetryMinimum());
  }

  /** {@link #problem()} for the given versions ({@code null}: not found). */
  static @Nullable String problem(
      @Nullable String api, @Nullable String incubator, String minimum) {
    if (api != null && compare(api, minimum) < 0) {
      return "OpenTelemetry API "
          + api
          + " is on the class path; otel-llm needs "
          + minimum
          + " or newer (tested with "
          + Version.openTelemetryTested()
          + "): "
          + FIX;
    }
    if (api != null && incubator != null && !release(incubator).equals(release(api))) {
      return "opentelemetry-api-incubator "
          + incubator
          + " is on the class path beside opentelemetry-api "
          + api
          + "; they must be of one release: "
          + FIX;
    }
    return null;
  }

  private static @Nullable String versionOf(@Nullable ClassLoader loader, String resource) {
    try (InputStream in =
        loader == null
            ? ClassLoader.getSystemResourceAsStream(resource)
            : loader.getResourceAsStream(resource)) {
      if (in == null) {
        return null; // not on the class path (the incubator is optional)
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("sdk.version");
    } catch (Exception e) {
      return null;
    }
  }

  /** {@code 1.68.0-alpha} → {@code 1.68.0}. */
  private static String release(String version) {
    int dash = version.indexOf('-');
    return dash < 0 ? version : version.substring(0, dash);
  }

  /** Compares dotted release numbers numerically ({@code 1.9.0} before {@code 1.10.0}). */
  static int compare(String a, String b) {
    String[] x = release(a).split("\\.", -1);
    String[] y = release(b).split("\\.", -1);
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int c = Integer.compare(number(x, i), number(y, i));
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int number(String[] parts, int i) {
    try {
      return i < parts.length ? Integer.parseInt(parts[i]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}

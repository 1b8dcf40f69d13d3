package io.otelllm.benchmarks;

import java.util.function.Predicate;

/**
 * Reads the Prometheus text exposition format (version 0.0.4): {@code name{label="value",...} value
 * [timestamp]} per line, {@code #} lines are comments. Label values are quoted strings with
 * backslash escapes, so a brace or a space inside one does not end the labels.
 */
final class Prometheus {
  private Prometheus() {}

  /** The sum of the values of every sample whose metric name {@code names} accepts. */
  static double sum(String exposition, Predicate<String> names) {
    double sum = 0;
    for (String line : exposition.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int i = 0;
      while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
        i++;
      }
      String name = line.substring(0, i);
      if (i < line.length() && line.charAt(i) == '{') {
        i = endOfLabels(line, i + 1);
      }
      String[] rest = line.substring(i).trim().split(" ", -1);
      if (name.isEmpty() || rest.length < 1 || rest[0].isEmpty()) {
        throw new IllegalArgumentException("not a Prometheus sample: " + line);
      }
      if (names.test(name)) {
        sum += value(rest[0]);
      }
    }
    return sum;
  }

  /**
   * A sample's value: a Go float, {@code +Inf}, {@code -Inf} or {@code NaN} as the format writes
   * them.
   */
  private static double value(String text) {
    return switch (text) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }

  /** The index after the closing brace of the labels that begin at {@code i}. */
  private static int endOfLabels(String line, int i) {
    boolean quoted = false;
    for (; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted && c == '\\') {
        i++; // the escaped character
      } else if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '}') {
        return i + 1;
      }
    }
    throw new IllegalArgumentException("labels without a closing brace: " + line);
  }
}

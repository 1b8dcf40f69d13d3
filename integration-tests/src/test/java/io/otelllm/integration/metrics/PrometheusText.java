package io.otelllm.integration.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples of the Prometheus text exposition format (version 0.0.4): {@code name{label="value",…}
 * value [timestamp]} per line, {@code #} lines are comments. Label values are unescaped ({@code
 * \\}, {@code \"}, {@code \n}).
 */
public final class PrometheusText {

  /** One sample: a series (name and labels) and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    public String label(String key) {
      return labels.get(key);
    }
  }

  private PrometheusText() {}

  public static List<Sample> parse(String text) {
    List<Sample> samples = new ArrayList<>();
    int lineNumber = 0;
    for (String line : text.split("\n")) {
      lineNumber++;
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      try {
        samples.add(sample(line));
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            "line " + lineNumber + " is not a Prometheus sample: " + line, e);
      }
    }
    return samples;
  }

  private static Sample sample(String line) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new LinkedHashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (line.charAt(i) != '}') {
        int eq = line.indexOf('=', i);
        String key = line.substring(i, eq).trim();
        i = eq + 1;
        if (line.charAt(i) != '"') {
          throw new IllegalArgumentException("label value not quoted at " + i);
        }
        StringBuilder value = new StringBuilder();
        for (i++; line.charAt(i) != '"'; i++) {
          char c = line.charAt(i);
          if (c == '\\') {
            char next = line.charAt(++i);
            value.append(next == 'n' ? '\n' : next);
          } else {
            value.append(c);
          }
        }
        labels.put(key, value.toString());
        i++;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
      i++;
    }
    String[] rest = line.substring(i).trim().split("\\s+");
    return new Sample(name, labels, parseValue(rest[0]));
  }

  private static double parseValue(String value) {
    return switch (value) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(value);
    };
  }
}

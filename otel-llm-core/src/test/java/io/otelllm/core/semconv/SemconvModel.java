package io.otelllm.core.semconv;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.opentelemetry.api.common.AttributeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The semantic conventions' GenAI model as published (v1.41.0 YAML and the metrics page, in test
 * resources): groups with their {@code extends} chains resolved, attribute types from the
 * registries, requirement levels as the most specific group states them, and the bucket advice.
 */
final class SemconvModel {

  enum Level {
    REQUIRED,
    CONDITIONALLY_REQUIRED,
    RECOMMENDED,
    OPT_IN
  }

  record Attribute(String name, AttributeType type, Level level) {}

  private static final String ROOT = "/semconv-v1.41.0/";
  private static final String[] FILES = {
    "model/gen-ai/registry.yaml",
    "model/gen-ai/spans.yaml",
    "model/gen-ai/metrics.yaml",
    "model/gen-ai/events.yaml",
    "model/server/registry.yaml",
    "model/error/registry.yaml",
    "model/exceptions/registry.yaml",
    "model/code/registry.yaml",
    "model/http/registry.yaml",
  };

  private final Map<String, JsonNode> groups = new HashMap<>();
  private final Map<String, AttributeType> types = new HashMap<>();
  private final Map<String, List<Double>> buckets;

  private SemconvModel(Map<String, List<Double>> buckets) {
    this.buckets = buckets;
  }

  static SemconvModel load() {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    SemconvModel model =
        new SemconvModel(bucketAdvice(read(ROOT + "docs/gen-ai/gen-ai-metrics.md")));
    for (String file : FILES) {
      try {
        for (JsonNode group : yaml.readTree(read(ROOT + file)).path("groups")) {
          model.groups.put(group.path("id").asText(), group);
          for (JsonNode attribute : group.path("attributes")) {
            AttributeType type = attribute.has("id") ? type(attribute.path("type")) : null;
            if (type != null) {
              model.types.put(attribute.get("id").asText(), type);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(file, e);
      }
    }
    return model;
  }

  JsonNode group(String id) {
    JsonNode group = groups.get(id);
    if (group == null) {
      throw new IllegalArgumentException("no group " + id + " in the v1.41.0 model");
    }
    return group;
  }

  /** The group's attributes, its {@code extends} chain's included, by name. */
  Map<String, Attribute> attributes(String groupId) {
    JsonNode group = group(groupId);
    Map<String, Attribute> resolved = new LinkedHashMap<>();
    if (group.hasNonNull("extends")) {
      resolved.putAll(attributes(group.get("extends").asText()));
    }
    for (JsonNode attribute : group.path("attributes")) {
      String name =
          attribute.has("ref") ? attribute.get("ref").asText() : attribute.get("id").asText();
      Attribute inherited = resolved.get(name);
      Level level =
          attribute.has("requirement_level")
              ? level(attribute.get("requirement_level"))
              : inherited != null ? inherited.level() : Level.RECOMMENDED;
      AttributeType type = types.get(name);
      if (type == null) {
        throw new IllegalStateException(name + " has no type in the registries read");
      }
      resolved.put(name, new Attribute(name, type, level));
    }
    return resolved;
  }

  /** Every metric group, by metric name. */
  Map<String, JsonNode> metrics() {
    Map<String, JsonNode> metrics = new LinkedHashMap<>();
    groups.values().stream()
        .filter(g -> "metric".equals(g.path("type").asText()))
        .forEach(g -> metrics.put(g.get("metric_name").asText(), g));
    return metrics;
  }

  /** The event group named {@code name}, or null. */
  JsonNode event(String name) {
    return groups.values().stream()
        .filter(g -> "event".equals(g.path("type").asText()))
        .filter(g -> name.equals(g.path("name").asText()))
        .findFirst()
        .orElse(null);
  }

  /** The histogram's advised bucket boundaries, as the metrics page states them. */
  List<Double> buckets(String metricName) {
    List<Double> advice = buckets.get(metricName);
    if (advice == null) {
      throw new IllegalArgumentException("the metrics page gives no buckets for " + metricName);
    }
    return advice;
  }

  /** The registry type of {@code attribute}, or null when the model does not define it. */
  AttributeType type(String attribute) {
    return types.get(attribute);
  }

  private static @org.jspecify.annotations.Nullable AttributeType type(JsonNode type) {
    if (type.isObject() && type.has("members")) {
      return AttributeType.STRING; // an enum of string members
    }
    return switch (type.asText()) {
      case "string", "any" -> AttributeType.STRING; // "any" goes on spans as its JSON string
      case "int" -> AttributeType.LONG;
      case "double" -> AttributeType.DOUBLE;
      case "boolean" -> AttributeType.BOOLEAN;
      case "string[]" -> AttributeType.STRING_ARRAY;
      case "int[]" -> AttributeType.LONG_ARRAY;
      case "double[]" -> AttributeType.DOUBLE_ARRAY;
      default -> {
        if (type.asText().startsWith("template[")) {
          yield null; // a key family (http.request.header.<key>): nothing otel-llm sets
        }
        throw new IllegalStateException("a registry type not handled: " + type);
      }
    };
  }

  private static Level level(JsonNode level) {
    String name = level.isObject() ? level.fieldNames().next() : level.asText();
    return switch (name) {
      case "required" -> Level.REQUIRED;
      case "conditionally_required" -> Level.CONDITIONALLY_REQUIRED;
      case "recommended" -> Level.RECOMMENDED;
      case "opt_in" -> Level.OPT_IN;
      default -> throw new IllegalStateException("a requirement level not handled: " + level);
    };
  }

  private static final Pattern METRIC_HEADING = Pattern.compile("^### Metric: `([a-z0-9_.]+)`");
  private static final Pattern BOUNDARIES =
      Pattern.compile("\\[ExplicitBucketBoundaries] of\\s*\\[([0-9., \\n]+)]");

  private static Map<String, List<Double>> bucketAdvice(String page) {
    Map<String, List<Double>> advice = new HashMap<>();
    String[] sections = page.split("(?m)(?=^### Metric: )");
    for (String section : sections) {
      Matcher heading = METRIC_HEADING.matcher(section);
      Matcher boundaries = BOUNDARIES.matcher(section);
      if (heading.find() && boundaries.find()) {
        List<Double> values = new ArrayList<>();
        for (String v : boundaries.group(1).split(",")) {
          values.add(Double.parseDouble(v.trim()));
        }
        advice.put(heading.group(1), values);
      }
    }
    return advice;
  }

  private static String read(String resource) {
    try (InputStream in = SemconvModel.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no " + resource + " on the test class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(resource, e);
    }
  }
}

package io.otelllm.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.opentelemetry.api.common.AttributeKey;
import io.otelllm.calllog.internal.SpanFacts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A span of Jaeger's query API ({@code /api/traces}), as {@link SpanFacts}. */
final class JaegerSpanFacts implements SpanFacts {
  private final JsonNode span;
  private final Map<String, JsonNode> tags = new HashMap<>();

  JaegerSpanFacts(JsonNode span) {
    this.span = span;
    for (JsonNode tag : span.path("tags")) {
      tags.put(tag.path("key").asText(), tag.path("value"));
    }
  }

  @Override
  public String spanId() {
    return span.path("spanID").asText();
  }

  @Override
  public String traceId() {
    return span.path("traceID").asText();
  }

  @Override
  public long startEpochNanos() {
    return span.path("startTime").asLong() * 1000; // Jaeger's microseconds
  }

  @Override
  public long endEpochNanos() {
    return (span.path("startTime").asLong() + span.path("duration").asLong()) * 1000;
  }

  @Override
  public boolean isClient() {
    JsonNode kind = tags.get("span.kind");
    return kind != null && kind.asText().equals("client");
  }

  @Override
  public boolean failed() {
    JsonNode error = tags.get("error");
    JsonNode status = tags.get("otel.status_code");
    return (error != null && error.asBoolean(error.asText().equals("true")))
        || (status != null && status.asText().equals("ERROR"));
  }

  @Override
  public @Nullable String statusDescription() {
    JsonNode description = tags.get("otel.status_description");
    return description == null ? null : description.asText();
  }

  @Override
  @SuppressWarnings("unchecked") // the value's type is the key's
  public <T> @Nullable T attribute(AttributeKey<T> key) {
    JsonNode value = tags.get(key.getKey());
    if (value == null || value.isNull()) {
      return null;
    }
    return (T)
        switch (key.getType()) {
          case STRING -> value.asText();
          case LONG ->
              value.canConvertToLong() ? Long.valueOf(value.asLong()) : parseLong(value.asText());
          case DOUBLE ->
              value.isNumber() ? Double.valueOf(value.asDouble()) : parseDouble(value.asText());
          case BOOLEAN -> Boolean.valueOf(value.asBoolean());
          default -> null; // arrays: no record field needs one
        };
  }

  @Override
  public List<Event> events() {
    List<Event> events = new ArrayList<>();
    for (JsonNode log : span.path("logs")) {
      String name = null;
      String message = null;
      for (JsonNode field : log.path("fields")) {
        String key = field.path("key").asText();
        if (key.equals("event")) {
          name = field.path("value").asText();
        } else if (key.equals("exception.message")) {
          message = field.path("value").asText();
        }
      }
      if (name != null) {
        events.add(new Event(name, message));
      }
    }
    return events;
  }

  private static @Nullable Long parseLong(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Double parseDouble(String text) {
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

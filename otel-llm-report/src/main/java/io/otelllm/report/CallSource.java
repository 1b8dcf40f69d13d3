package io.otelllm.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.sdk.calls.LlmCallJson;
import io.otelllm.sdk.calls.LlmCallRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where a report's calls come from: JSON-lines logs, or a Jaeger's query API. Whatever cannot be
 * read is described in {@link Loaded#problems()} and skipped; what can be read is kept.
 */
final class CallSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PROBLEMS_LISTED = 20;

  /** The calls read, and a line per problem met. */
  record Loaded(List<LlmCallRecord> calls, List<String> problems) {}

  private CallSource() {}

  static Loaded fromLogs(List<Path> files) {
    List<LlmCallRecord> calls = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int skipped = 0;
    for (Path file : files) {
      if (!Files.isRegularFile(file)) {
        problems.add(file + ": no such file");
        continue;
      }
      int before = calls.size();
      try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
          number++;
          if (line.isBlank()) {
            continue;
          }
          try {
            calls.add(LlmCallJson.parse(line));
          } catch (IllegalArgumentException e) {
            skipped++;
            if (skipped <= MAX_PROBLEMS_LISTED) {
              problems.add(file + ":" + number + ": skipped, " + e.getMessage());
            }
          }
        }
      } catch (CharacterCodingException e) {
        problems.add(
            file
                + ": not UTF-8 text after "
                + (calls.size() - before)
                + " calls; the rest is skipped");
      } catch (IOException e) {
        problems.add(file + ": cannot be read (" + e.getMessage() + ")");
      }
      if (calls.size() == before && Files.isRegularFile(file)) {
        problems.add(file + ": no LLM calls in it");
      }
    }
    if (skipped > MAX_PROBLEMS_LISTED) {
      problems.add("… and " + (skipped - MAX_PROBLEMS_LISTED) + " more skipped lines");
    }
    return new Loaded(calls, problems);
  }

  static Loaded fromJaeger(String baseUrl, String service, Duration lookback, int limit) {
    List<LlmCallRecord> calls = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    String url =
        baseUrl.replaceAll("/+$", "")
            + "/api/traces?service="
            + URLEncoder.encode(service, StandardCharsets.UTF_8)
            + "&limit="
            + limit
            + "&lookback="
            + lookback.toSeconds()
            + "s";
    try {
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(5))
              .build()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                  HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        problems.add("Jaeger " + url + " answered HTTP " + r.statusCode());
        return new Loaded(calls, problems);
      }
      for (JsonNode trace : JSON.readTree(r.body()).path("data")) {
        for (JsonNode span : trace.path("spans")) {
          if ("client".equals(tag(span, "span.kind"))
              && tag(span, "gen_ai.operation.name") != null) {
            calls.add(fromJaegerSpan(span));
          }
        }
      }
      if (calls.isEmpty()) {
        problems.add(
            "Jaeger "
                + baseUrl
                + " has no LLM calls of service '"
                + service
                + "' in the last "
                + lookback);
      }
    } catch (IOException | IllegalArgumentException e) {
      problems.add(
          "Jaeger "
              + baseUrl
              + " unreachable ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted while reading Jaeger " + baseUrl);
    }
    return new Loaded(calls, problems);
  }

  private static LlmCallRecord fromJaegerSpan(JsonNode span) {
    boolean failed =
        "true".equals(tag(span, "error")) || "ERROR".equals(tag(span, "otel.status_code"));
    String message = null;
    boolean cold = false;
    for (JsonNode log : span.path("logs")) {
      String event = null;
      String exceptionMessage = null;
      for (JsonNode f : log.path("fields")) {
        if (f.path("key").asText().equals("event")) {
          event = f.path("value").asText();
        } else if (f.path("key").asText().equals("exception.message")) {
          exceptionMessage = f.path("value").asText();
        }
      }
      cold |= "otel_llm.model_load".equals(event);
      if (message == null && exceptionMessage != null) {
        message =
            exceptionMessage.length() > 200
                ? exceptionMessage.substring(0, 200) + "…"
                : exceptionMessage;
      }
    }
    Long in = lng(tag(span, "gen_ai.usage.input_tokens"));
    Long out = lng(tag(span, "gen_ai.usage.output_tokens"));
    return new LlmCallRecord(
        span.path("spanID").asText(),
        span.path("traceID").asText(),
        Instant.ofEpochSecond(0, span.path("startTime").asLong() * 1000),
        tag(span, "otel_llm.label"),
        tag(span, "gen_ai.operation.name"),
        tag(span, "gen_ai.provider.name"),
        tag(span, "gen_ai.request.model"),
        tag(span, "gen_ai.response.model"),
        tag(span, "otel_llm.agent.name"),
        !failed,
        failed ? tag(span, "error.type") : null,
        failed ? message : null,
        span.path("duration").asLong() / 1000.0,
        ms(tag(span, "gen_ai.response.time_to_first_chunk")),
        in,
        out,
        in == null && out == null ? null : (in == null ? 0 : in) + (out == null ? 0 : out),
        ms(tag(span, "otel_llm.server.load_duration")),
        ms(tag(span, "otel_llm.server.prompt_eval_duration")),
        ms(tag(span, "otel_llm.server.eval_duration")),
        ms(tag(span, "otel_llm.server.total_duration")),
        cold);
  }

  private static @Nullable String tag(JsonNode span, String key) {
    for (JsonNode t : span.path("tags")) {
      if (t.path("key").asText().equals(key)) {
        return t.path("value").asText();
      }
    }
    return null;
  }

  private static @Nullable Long lng(@Nullable String v) {
    try {
      return v == null ? null : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static @Nullable Double ms(@Nullable String seconds) {
    try {
      return seconds == null ? null : Double.parseDouble(seconds) * 1000;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

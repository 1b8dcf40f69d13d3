package io.otelllm.examples.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Reads traces back from Jaeger's query API (v1 JSON, present in 2.13.0). */
public final class JaegerQuery {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public JaegerQuery(String baseUrl) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
  }

  /** The traces of {@code service} in the last hour (at most {@code limit}). */
  public List<JsonNode> traces(String service, int limit) throws IOException, InterruptedException {
    JsonNode body =
        get(
            "/api/traces?service="
                + URLEncoder.encode(service, StandardCharsets.UTF_8)
                + "&limit="
                + limit
                + "&lookback=1h");
    List<JsonNode> out = new ArrayList<>();
    body.path("data").forEach(out::add);
    return out;
  }

  /**
   * Polls until the service's traces satisfy {@code done} (export is asynchronous) or the timeout
   * passes; returns the last traces seen either way.
   */
  public List<JsonNode> awaitTraces(
      String service, Predicate<List<JsonNode>> done, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<JsonNode> traces = List.of();
    while (System.nanoTime() < deadline) {
      traces = traces(service, 100);
      if (done.test(traces)) {
        return traces;
      }
      Thread.sleep(250);
    }
    return traces;
  }

  private JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(
          "Jaeger " + baseUrl + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }
}

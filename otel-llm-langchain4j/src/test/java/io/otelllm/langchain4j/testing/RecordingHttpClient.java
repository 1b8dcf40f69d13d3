package io.otelllm.langchain4j.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpClientBuilderLoader;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.otelllm.langchain4j.internal.WrappingHttpClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records what a model server really answered, underneath langchain4j's own HTTP client: the raw
 * body of each synchronous response, every line of each stream with the instant it arrived, and the
 * status of failures. Tests compare telemetry with these recordings, so the same assertions hold
 * for the wire server and for a real Ollama.
 */
public final class RecordingHttpClient implements HttpClient {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request and what came back. */
  public static final class Recorded {
    public final String url;
    public final JsonNode requestBody;

    /** {@code System.nanoTime()} when the request was handed to the transport. */
    public final long sentNanos;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final List<Long> lineNanos = new CopyOnWriteArrayList<>();
    private volatile int status;
    private volatile String body;

    Recorded(HttpRequest request) {
      this.url = request.url();
      this.requestBody = parse(request.body());
      this.sentNanos = System.nanoTime();
    }

    public int status() {
      return status;
    }

    /** The synchronous response body, or the error body of a failure. */
    public JsonNode body() {
      return parse(body);
    }

    /** Every NDJSON line of a stream, parsed, in arrival order. */
    public List<JsonNode> lines() {
      return lines.stream().map(RecordingHttpClient::parse).toList();
    }

    /** {@code System.nanoTime()} at which each line reached the client. */
    public List<Long> lineNanos() {
      return Collections.unmodifiableList(lineNanos);
    }

    /** The body of a synchronous call, or the last line of a stream (where Ollama's totals are). */
    public JsonNode last() {
      return body != null ? body() : lines.isEmpty() ? null : parse(lines.get(lines.size() - 1));
    }

    /** Stream lines before the final {@code done: true} one: the chunks. */
    public int chunkLines() {
      return (int)
          lines().stream().filter(l -> !l.path("done").asBoolean(false) && !l.has("error")).count();
    }
  }

  private final HttpClient delegate;
  private final List<Recorded> recorded;

  private RecordingHttpClient(HttpClient delegate, List<Recorded> recorded) {
    this.delegate = delegate;
    this.recorded = recorded;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    Recorded r = new Recorded(request);
    recorded.add(r);
    try {
      SuccessfulHttpResponse response = delegate.execute(request);
      r.status = response.statusCode();
      r.body = response.body();
      return response;
    } catch (HttpException e) {
      r.status = e.statusCode();
      r.body = e.getMessage();
      throw e;
    }
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    Recorded r = new Recorded(request);
    recorded.add(r);
    delegate.execute(
        request,
        parser,
        new ServerSentEventListener() {
          @Override
          public void onOpen(SuccessfulHttpResponse response) {
            r.status = response.statusCode();
            listener.onOpen(response);
          }

          @Override
          public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
            record(event);
            listener.onEvent(event, context);
          }

          @Override
          public void onEvent(ServerSentEvent event) {
            record(event);
            listener.onEvent(event);
          }

          private void record(ServerSentEvent event) {
            r.lineNanos.add(System.nanoTime());
            r.lines.add(event.data());
          }

          @Override
          public void onError(Throwable error) {
            if (error instanceof HttpException http) {
              r.status = http.statusCode();
              r.body = http.getMessage();
            }
            listener.onError(error);
          }

          @Override
          public void onClose() {
            listener.onClose();
          }
        });
  }

  static JsonNode parse(String json) {
    if (json == null) {
      return null;
    }
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  /** The requests that the clients of {@link #builder()} sent, and what came back. */
  public static final class Recorder {
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();

    /** langchain4j's default HTTP client builder, recording into this recorder. */
    public HttpClientBuilder builder() {
      return WrappingHttpClientBuilder.wrapping(
          HttpClientBuilderLoader.loadHttpClientBuilder(),
          client -> new RecordingHttpClient(client, recorded));
    }

    /** Everything recorded so far, in the order requests were sent. */
    public List<Recorded> recorded() {
      return new ArrayList<>(recorded);
    }

    /** The one request recorded since the last {@link #clear()}. */
    public Recorded only() {
      if (recorded.size() != 1) {
        throw new AssertionError(
            "expected one recorded request, got "
                + recorded.size()
                + ": "
                + recorded.stream().map(r -> r.url).toList());
      }
      return recorded.get(0);
    }

    public void clear() {
      recorded.clear();
    }
  }
}

package io.otelllm.langchain4j.internal;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.otelllm.core.spi.LlmCall;
import java.net.URI;

/**
 * The HTTP layer under an Ollama model: tells the LLM span in flight which server it really talked
 * to, the HTTP status of a failure, and Ollama's own timings, which langchain4j drops. Responses
 * pass through untouched and unbuffered. Headers are never read.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TracingHttpClient implements HttpClient {
  private final HttpClient delegate;

  /** Traces what goes through {@code delegate}. */
  public TracingHttpClient(HttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    LlmCall call = LlmCall.current();
    setServer(call, request);
    SuccessfulHttpResponse response;
    try {
      response = delegate.execute(request);
    } catch (HttpException e) {
      call.recordHttpStatus(e.statusCode());
      throw e;
    }
    if (call.isRecording() && OllamaWireReader.isOllamaApi(request.url())) {
      OllamaWireReader.readTimings(response.body(), call);
    }
    return response;
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    // Captured here, on the caller's thread, where the LLM span is current; the stream is read
    // on the client's own threads.
    LlmCall call = LlmCall.current();
    setServer(call, request);
    delegate.execute(
        request,
        parser,
        call.isRecording() && OllamaWireReader.isOllamaApi(request.url())
            ? new TimingListener(listener, call)
            : listener);
  }

  private static void setServer(LlmCall call, HttpRequest request) {
    if (!call.isRecording()) {
      return;
    }
    try {
      URI uri = URI.create(request.url());
      int port = uri.getPort();
      if (port < 0) {
        port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
      }
      // getHost() never includes user-info: credentials in a base URL are not recorded.
      call.setServer(uri.getHost(), port);
    } catch (RuntimeException ignored) {
      // An unparseable URL is the client's problem to report, not telemetry's.
    }
  }

  /** Passes every event on, reading the timings of the final line on the way. */
  private static final class TimingListener implements ServerSentEventListener {
    private final ServerSentEventListener delegate;
    private final LlmCall call;

    TimingListener(ServerSentEventListener delegate, LlmCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void onOpen(SuccessfulHttpResponse response) {
      delegate.onOpen(response);
    }

    @Override
    public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
      inspect(event);
      delegate.onEvent(event, context);
    }

    @Override
    public void onEvent(ServerSentEvent event) {
      inspect(event);
      delegate.onEvent(event);
    }

    private void inspect(ServerSentEvent event) {
      String data = event.data();
      if (OllamaWireReader.isFinalLine(data)) {
        OllamaWireReader.readTimings(data, call);
      }
    }

    @Override
    public void onError(Throwable error) {
      if (error instanceof HttpException http) {
        call.recordHttpStatus(http.statusCode());
      }
      delegate.onError(error);
    }

    @Override
    public void onClose() {
      delegate.onClose();
    }
  }
}

package io.otelllm.langchain4j.internal;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.otelllm.core.internal.DetectedFailure;
import io.otelllm.core.internal.SafeLog;
import io.otelllm.core.spi.LlmCall;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The HTTP layer under an Ollama model: tells the LLM span in flight which server it really talked
 * to, the HTTP status of a failure, and Ollama's own timings, which langchain4j drops. Responses
 * pass through untouched and unbuffered. Headers are never read.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class TracingHttpClient implements HttpClient {
  // bodyBytes() came with langchain4j 1.18.0; before it, only body() (a String) exists.
  private static final boolean HAS_BODY_BYTES = hasBodyBytes();

  private final HttpClient delegate;

  /** Traces what goes through {@code delegate}. */
  public TracingHttpClient(HttpClient delegate) {
    this.delegate = delegate;
  }

  @Override
  public SuccessfulHttpResponse execute(HttpRequest request) {
    LlmCall call = callOf(request);
    SuccessfulHttpResponse response;
    try {
      response = delegate.execute(request);
    } catch (HttpException e) {
      recordStatus(call, e);
      throw e;
    }
    if (call != null && OllamaWireReader.isOllamaApi(request.url())) {
      // The bytes as received: body() decodes a new String at every call (3 MB for an embedding
      // batch), which the client then does once more for itself.
      readTimings(response, call);
    }
    return response;
  }

  private static void readTimings(SuccessfulHttpResponse response, LlmCall call) {
    try {
      if (HAS_BODY_BYTES) {
        OllamaWireReader.readTimings(response.bodyBytes(), call); // never throws
      } else {
        OllamaWireReader.readTimings(response.body(), call);
      }
    } catch (Throwable t) {
      // A response type of another langchain4j than expected: the answer still goes back.
      SafeLog.failure("reading Ollama's timings", t);
    }
  }

  private static boolean hasBodyBytes() {
    try {
      SuccessfulHttpResponse.class.getMethod("bodyBytes");
      return true;
    } catch (NoSuchMethodException | SecurityException e) {
      return false;
    }
  }

  @Override
  public void execute(
      HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
    // Captured here, on the caller's thread, where the LLM span is current; the stream is read
    // on the client's own threads.
    LlmCall call = callOf(request);
    delegate.execute(
        request,
        parser,
        call != null && isOllamaApi(request) ? new TimingListener(listener, call) : listener);
  }

  /**
   * The recording LLM call in flight, told which server {@code request} goes to; {@code null} when
   * none records. Never throws: whatever telemetry breaks on, the request goes out.
   */
  private static @Nullable LlmCall callOf(HttpRequest request) {
    try {
      LlmCall call = LlmCall.current();
      if (!call.isRecording()) {
        return null;
      }
      setServer(call, request);
      return call;
    } catch (Throwable t) {
      SafeLog.failure("reading the LLM call of an HTTP request", t);
      return null;
    }
  }

  private static boolean isOllamaApi(HttpRequest request) {
    try {
      return OllamaWireReader.isOllamaApi(request.url());
    } catch (Throwable t) {
      SafeLog.failure("reading a request's URL", t);
      return false;
    }
  }

  private static void recordStatus(@Nullable LlmCall call, Throwable error) {
    if (call == null || !(error instanceof HttpException http)) {
      return;
    }
    try {
      call.recordHttpStatus(http.statusCode());
    } catch (Throwable t) {
      SafeLog.failure("recording an HTTP status", t);
    }
  }

  private static void setServer(LlmCall call, HttpRequest request) {
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

  /**
   * Passes every event on, reading the timings of the final line on the way — and fails the call
   * when the body ends without that line: the client then tells its handler nothing (neither
   * completion nor error), and the span would otherwise stay open.
   */
  private static final class TimingListener implements ServerSentEventListener {
    private final ServerSentEventListener delegate;
    private final LlmCall call;
    private volatile boolean sawFinalLine;
    private volatile boolean sawError;

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
      try {
        String data = event.data();
        if (OllamaWireReader.isFinalLine(data)) {
          sawFinalLine = true;
          OllamaWireReader.readTimings(data, call);
        }
      } catch (Throwable t) {
        SafeLog.failure("reading a stream line", t);
      }
    }

    @Override
    public void onError(Throwable error) {
      sawError = true;
      recordStatus(call, error);
      delegate.onError(error);
    }

    @Override
    public void onClose() {
      try {
        if (!sawFinalLine && !sawError) {
          // Ended here (once: a later completion or error is then a no-op), before the client's
          // own close handling, which for such a body may never return to the handler.
          call.fail(
              DetectedFailure.incompleteStream(
                  "the response body ended without Ollama's final \"done\": true line"));
        }
      } catch (Throwable t) {
        SafeLog.failure("ending an incomplete stream's span", t);
      }
      delegate.onClose();
    }
  }
}

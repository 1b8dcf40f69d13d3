package io.otelllm.langchain4j.internal;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * An {@link HttpClientBuilder} that configures the builder it wraps and puts a client of its own
 * around each client that builder builds — {@link TracingHttpClient} for otel-llm.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class WrappingHttpClientBuilder implements HttpClientBuilder {
  private final HttpClientBuilder delegate;
  private final UnaryOperator<HttpClient> wrapper;

  private WrappingHttpClientBuilder(HttpClientBuilder delegate, UnaryOperator<HttpClient> wrapper) {
    this.delegate = delegate;
    this.wrapper = wrapper;
  }

  /** Builds {@code delegate}'s clients, each inside {@code wrapper}'s. */
  public static HttpClientBuilder wrapping(
      HttpClientBuilder delegate, UnaryOperator<HttpClient> wrapper) {
    return new WrappingHttpClientBuilder(delegate, wrapper);
  }

  /** Builds {@code delegate}'s clients with the LLM span's server, status and Ollama timings. */
  public static HttpClientBuilder traced(HttpClientBuilder delegate) {
    return wrapping(delegate, TracingHttpClient::new);
  }

  @Override
  public Duration connectTimeout() {
    return delegate.connectTimeout();
  }

  @Override
  public HttpClientBuilder connectTimeout(Duration timeout) {
    delegate.connectTimeout(timeout);
    return this;
  }

  @Override
  public Duration readTimeout() {
    return delegate.readTimeout();
  }

  @Override
  public HttpClientBuilder readTimeout(Duration timeout) {
    delegate.readTimeout(timeout);
    return this;
  }

  @Override
  public HttpClient build() {
    return wrapper.apply(delegate.build());
  }
}

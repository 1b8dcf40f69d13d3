package io.otelllm.langchain4j.internal;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import java.time.Duration;

/** Builds the wrapped builder's client and puts {@link TracingHttpClient} around it. */
public final class TracingHttpClientBuilder implements HttpClientBuilder {
  private final HttpClientBuilder delegate;

  public TracingHttpClientBuilder(HttpClientBuilder delegate) {
    this.delegate = delegate;
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
    return new TracingHttpClient(delegate.build());
  }
}

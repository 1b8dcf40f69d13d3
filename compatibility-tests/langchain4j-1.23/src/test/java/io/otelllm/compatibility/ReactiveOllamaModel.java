package io.otelllm.compatibility;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatModelStreamingEvent;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.chat.response.CompleteResponse;
import dev.langchain4j.model.chat.response.PartialResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider with langchain4j 1.20's native reactive path, as Anthropic's or Bedrock's are: {@code
 * doChat(ChatRequest)} returns a publisher driven by a real HTTP stream (Ollama's {@code /api/chat}
 * NDJSON, from the wire server or a real Ollama), with demand honoured line by line and a
 * cancellation that aborts the HTTP request. The callback path ({@code doChat(request, handler)})
 * runs on the same publisher, so this model streams both ways. langchain4j-ollama is tested up to
 * 1.18.1, without a publisher of its own; this stands in for a provider of the 1.20+ line.
 */
final class ReactiveOllamaModel implements StreamingChatModel {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String baseUrl;
  private final String modelName;

  /** Every {@code request(n)} a subscriber made, in order. */
  final List<Long> demands = new CopyOnWriteArrayList<>();

  /** Streams whose HTTP response was closed before its end by a cancellation. */
  final AtomicInteger abortedStreams = new AtomicInteger();

  ReactiveOllamaModel(String baseUrl, String modelName) {
    this.baseUrl = baseUrl;
    this.modelName = modelName;
  }

  @Override
  public Flow.Publisher<ChatModelStreamingEvent> doChat(ChatRequest request) {
    return subscriber -> new Stream(request, subscriber).open();
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    doChat(request)
        .subscribe(
            new Flow.Subscriber<>() {
              @Override
              public void onSubscribe(Flow.Subscription subscription) {
                subscription.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(ChatModelStreamingEvent event) {
                if (event instanceof PartialResponse p) {
                  handler.onPartialResponse(p.text());
                } else if (event instanceof CompleteResponse c) {
                  handler.onCompleteResponse(c.chatResponse());
                }
              }

              @Override
              public void onError(Throwable error) {
                handler.onError(error);
              }

              @Override
              public void onComplete() {}
            });
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return DefaultChatRequestParameters.builder().modelName(modelName).build();
  }

  @Override
  public ModelProvider provider() {
    return ModelProvider.OLLAMA;
  }

  private final class Stream implements Flow.Subscription {
    private final ChatRequest request;
    private final Flow.Subscriber<? super ChatModelStreamingEvent> subscriber;
    private long demand;
    private boolean started;
    private volatile boolean cancelled;
    private volatile InputStream body;

    Stream(ChatRequest request, Flow.Subscriber<? super ChatModelStreamingEvent> subscriber) {
      this.request = request;
      this.subscriber = subscriber;
    }

    void open() {
      subscriber.onSubscribe(this);
    }

    @Override
    public void request(long n) {
      demands.add(n);
      boolean start;
      synchronized (this) {
        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
        start = !started;
        started = true;
        notifyAll();
      }
      if (start) {
        Thread reader = new Thread(this::run, "reactive-ollama-stream");
        reader.setDaemon(true);
        reader.start();
      }
    }

    @Override
    public void cancel() {
      cancelled = true;
      synchronized (this) {
        notifyAll();
      }
      InputStream open = body;
      if (open != null) {
        try {
          open.close(); // aborts the HTTP exchange
          abortedStreams.incrementAndGet();
        } catch (IOException ignored) {
          // closed already
        }
      }
    }

    private void run() {
      try {
        HttpResponse<InputStream> response =
            http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/chat"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(request)))
                    .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        body = response.body();
        if (cancelled) {
          cancel();
          return;
        }
        if (response.statusCode() != 200) {
          String error;
          try (InputStream in = response.body()) {
            error = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          subscriber.onError(new HttpException(response.statusCode(), error));
          return;
        }
        StringBuilder text = new StringBuilder();
        try (BufferedReader lines =
            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = lines.readLine()) != null) {
            if (line.isBlank()) {
              continue;
            }
            JsonNode chunk = JSON.readTree(line);
            if (chunk.hasNonNull("error")) {
              emit(null);
              subscriber.onError(new RuntimeException(chunk.get("error").asText()));
              return;
            }
            String content = chunk.path("message").path("content").asText("");
            if (!content.isEmpty()) {
              text.append(content);
              if (!emit(new PartialResponse(content))) {
                return;
              }
            }
            if (chunk.path("done").asBoolean()) {
              ChatResponse answer =
                  ChatResponse.builder()
                      .aiMessage(AiMessage.from(text.toString()))
                      .metadata(
                          ChatResponseMetadata.builder()
                              .modelName(chunk.path("model").asText())
                              .finishReason(FinishReason.STOP)
                              .tokenUsage(
                                  new TokenUsage(
                                      chunk.path("prompt_eval_count").asInt(),
                                      chunk.path("eval_count").asInt()))
                              .build())
                      .build();
              if (emit(new CompleteResponse(answer))) {
                subscriber.onComplete();
              }
              return;
            }
          }
        }
        if (!cancelled) {
          subscriber.onError(new IOException("the stream ended before its last line"));
        }
      } catch (Exception e) {
        if (!cancelled) {
          subscriber.onError(e);
        }
      }
    }

    /** Waits for demand, then delivers; false once cancelled. {@code null}: only waits. */
    private boolean emit(ChatModelStreamingEvent event) throws InterruptedException {
      synchronized (this) {
        while (demand == 0 && !cancelled) {
          wait();
        }
        if (cancelled) {
          return false;
        }
        if (event == null) {
          return true;
        }
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
      }
      subscriber.onNext(event);
      return !cancelled;
    }

    private String body(ChatRequest request) {
      ObjectNode body = JSON.createObjectNode();
      String model = request.parameters().modelName();
      body.put("model", model != null ? model : modelName);
      body.put("stream", true);
      ArrayNode messages = body.putArray("messages");
      for (ChatMessage message : request.messages()) {
        ObjectNode m = messages.addObject();
        if (message instanceof SystemMessage s) {
          m.put("role", "system").put("content", s.text());
        } else if (message instanceof UserMessage u) {
          m.put("role", "user").put("content", u.singleText());
        } else if (message instanceof AiMessage a) {
          m.put("role", "assistant").put("content", a.text());
        }
      }
      return body.toString();
    }
  }
}

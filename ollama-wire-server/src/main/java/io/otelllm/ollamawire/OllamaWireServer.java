package io.otelllm.ollamawire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An in-process HTTP server that speaks Ollama's wire format: {@code POST /api/chat} (NDJSON
 * streaming or one JSON object, with the timing fields in nanoseconds, tool calls and {@code
 * format}), {@code POST /api/embed}, {@code GET /api/tags}, {@code GET /api/version}, and Ollama's
 * errors (404 for an unknown model, 400 for a missing one, scripted 5xx, an {@code {"error":…}}
 * line mid-stream, a server that never answers). Built on the JDK's own HTTP server.
 *
 * <p>Timings are measured, not invented: the server really sleeps the scripted load, prompt and
 * per-chunk delays and reports what it spent, like a real model server. Every answered request is
 * kept as an {@link Exchange} for tests to compare telemetry with.
 */
public final class OllamaWireServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, ModelScript> models = new ConcurrentHashMap<>();
  private final Set<String> loaded = ConcurrentHashMap.newKeySet();
  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Random random;

  private OllamaWireServer(int port, long seed, List<ModelScript> scripts) throws IOException {
    for (ModelScript s : scripts) {
      models.put(s.name, s);
    }
    this.random = new Random(seed);
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "ollama-wire-server");
              t.setDaemon(true);
              return t;
            });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    server.setExecutor(executor);
    server.createContext("/", this::handle);
    server.start();
  }

  /** Starts a server on a free loopback port serving {@code scripts}. */
  public static OllamaWireServer start(ModelScript... scripts) {
    return start(0, 42, List.of(scripts));
  }

  /** Starts a server on {@code port} (0 = any free one) with a seeded error draw. */
  public static OllamaWireServer start(int port, long seed, List<ModelScript> scripts) {
    try {
      return new OllamaWireServer(port, seed, scripts);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the Ollama wire server on port " + port, e);
    }
  }

  /** Adds or replaces a model while running. */
  public void addModel(ModelScript script) {
    models.put(script.name, script);
  }

  /** {@code http://127.0.0.1:<port>} — what an Ollama client's {@code baseUrl} takes. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** Everything answered so far, in order of completion. */
  public List<Exchange> exchanges() {
    return Collections.unmodifiableList(new ArrayList<>(exchanges));
  }

  public void clearExchanges() {
    exchanges.clear();
  }

  @Override
  public void close() {
    stopped.countDown();
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange http) throws IOException {
    try (http) {
      String path = http.getRequestURI().getPath();
      String method = http.getRequestMethod();
      if (method.equals("GET") && path.equals("/api/version")) {
        send(http, 200, JSON.createObjectNode().put("version", "0.12.0"), path, null, 0);
      } else if (method.equals("GET") && path.equals("/api/tags")) {
        send(http, 200, tags(), path, null, 0);
      } else if (method.equals("GET") && path.equals("/")) {
        byte[] body = "Ollama is running".getBytes(StandardCharsets.UTF_8);
        http.sendResponseHeaders(200, body.length);
        http.getResponseBody().write(body);
      } else if (method.equals("POST") && (path.equals("/api/chat") || path.equals("/api/embed"))) {
        JsonNode request;
        try {
          request = JSON.readTree(http.getRequestBody());
        } catch (IOException e) {
          sendError(http, 400, "invalid JSON: " + e.getMessage(), path, null);
          return;
        }
        String model = request.path("model").asText("");
        if (model.isEmpty()) {
          sendError(http, 400, "model is required", path, request);
          return;
        }
        ModelScript script = models.get(model);
        if (script == null) {
          sendError(http, 404, "model '" + model + "' not found", path, request);
          return;
        }
        if (path.equals("/api/chat")) {
          chat(http, script, request);
        } else {
          embed(http, script, request);
        }
      } else {
        sendError(http, 404, "404 page not found", path, null);
      }
    } catch (IOException e) {
      // The client went away (cancelled stream, timeout): nothing more to send.
    }
  }

  private void chat(HttpExchange http, ModelScript script, JsonNode request) throws IOException {
    String path = "/api/chat";
    long received = System.nanoTime();
    if (script.failure == ModelScript.Failure.HANG) {
      awaitStop();
      return;
    }
    if (script.failure == ModelScript.Failure.HTTP_STATUS) {
      sendError(http, script.failureStatus, script.failureMessage, path, request);
      return;
    }
    if (script.errorRate > 0 && drawError(script.errorRate)) {
      sendError(http, 500, "an error was encountered while running the model", path, request);
      return;
    }
    long loadNanos = sleep(loaded.add(script.name) ? script.coldLoad.toNanos() : script.warmLoad.toNanos());
    int promptTokens = promptTokens(request);
    long promptNanos = sleep(script.firstTokenDelay.toNanos() + promptTokens * script.promptEvalPerToken.toNanos());
    boolean stream = request.path("stream").asBoolean(true);

    ObjectNode answer = JSON.createObjectNode().put("role", "assistant");
    List<String> chunks;
    boolean toolCall = script.toolName != null && request.path("tools").size() > 0 && !lastIsToolResult(request);
    if (toolCall) {
      answer.put("content", "");
      ArrayNode calls = answer.putArray("tool_calls");
      ObjectNode fn = calls.addObject().putObject("function");
      fn.put("index", 0).put("name", script.toolName);
      fn.set("arguments", JSON.readTree(script.toolArgumentsJson));
      chunks = List.of();
    } else {
      String text = request.hasNonNull("format") ? script.jsonReply.apply(request) : script.reply.apply(request);
      chunks = words(text);
    }

    if (!stream) {
      long evalStart = System.nanoTime();
      for (int i = 1; i < chunks.size(); i++) {
        sleep(script.chunkDelay.toNanos());
      }
      if (!toolCall) {
        answer.put("content", String.join("", chunks));
      }
      if (thinks(script, request)) {
        answer.put("thinking", script.thinking);
      }
      ObjectNode body = base(script.name).set("message", answer);
      finish(body, received, loadNanos, promptNanos, promptTokens, System.nanoTime() - evalStart,
          Math.max(1, chunks.size()));
      send(http, 200, body, path, request, 0);
      return;
    }

    http.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    http.sendResponseHeaders(200, 0); // chunked: each line is flushed as it is generated
    OutputStream out = http.getResponseBody();
    long evalStart = System.nanoTime();
    int sent = 0;
    if (toolCall) {
      writeLine(out, base(script.name).put("done", false).set("message", answer));
      sent++;
    }
    if (thinks(script, request)) {
      for (String thought : words(script.thinking)) {
        ObjectNode msg = JSON.createObjectNode().put("role", "assistant").put("content", "").put("thinking", thought);
        writeLine(out, base(script.name).put("done", false).set("message", msg));
        sent++;
        sleep(script.chunkDelay.toNanos());
      }
    }
    for (int i = 0; i < chunks.size(); i++) {
      if (script.failure == ModelScript.Failure.MID_STREAM && sent >= script.midStreamChunks) {
        ObjectNode error = JSON.createObjectNode().put("error", "an error was encountered while running the model");
        exchanges.add(new Exchange(path, request, 200, error, sent));
        writeLine(out, error);
        return;
      }
      if (i > 0) {
        sleep(script.chunkDelay.toNanos());
      }
      ObjectNode msg = JSON.createObjectNode().put("role", "assistant").put("content", chunks.get(i));
      writeLine(out, base(script.name).put("done", false).set("message", msg));
      sent++;
    }
    ObjectNode last = base(script.name);
    last.set("message", JSON.createObjectNode().put("role", "assistant").put("content", ""));
    finish(last, received, loadNanos, promptNanos, promptTokens, System.nanoTime() - evalStart,
        Math.max(1, sent));
    exchanges.add(new Exchange(path, request, 200, last, sent));
    writeLine(out, last);
  }

  private void embed(HttpExchange http, ModelScript script, JsonNode request) throws IOException {
    long received = System.nanoTime();
    if (script.failure == ModelScript.Failure.HTTP_STATUS) {
      sendError(http, script.failureStatus, script.failureMessage, "/api/embed", request);
      return;
    }
    long loadNanos = sleep(loaded.add(script.name) ? script.coldLoad.toNanos() : script.warmLoad.toNanos());
    sleep(script.firstTokenDelay.toNanos());
    List<String> inputs = new ArrayList<>();
    JsonNode input = request.path("input");
    if (input.isArray()) {
      input.forEach(n -> inputs.add(n.asText()));
    } else {
      inputs.add(input.asText());
    }
    ObjectNode body = JSON.createObjectNode().put("model", script.name);
    ArrayNode embeddings = body.putArray("embeddings");
    int tokens = 0;
    for (String text : inputs) {
      ArrayNode vector = embeddings.addArray();
      Random r = new Random(text.hashCode());
      for (int d = 0; d < script.embeddingDimensions; d++) {
        vector.add(r.nextFloat() * 2 - 1);
      }
      tokens += words(text).size();
    }
    body.put("total_duration", System.nanoTime() - received);
    body.put("load_duration", loadNanos);
    body.put("prompt_eval_count", tokens);
    send(http, 200, body, "/api/embed", request, 0);
  }

  private void finish(ObjectNode line, long received, long loadNanos, long promptNanos,
      int promptTokens, long evalNanos, int evalCount) {
    line.put("done", true);
    line.put("done_reason", "stop");
    line.put("total_duration", System.nanoTime() - received);
    line.put("load_duration", loadNanos);
    line.put("prompt_eval_count", promptTokens);
    line.put("prompt_eval_duration", promptNanos);
    line.put("eval_count", evalCount);
    line.put("eval_duration", Math.max(1, evalNanos));
  }

  private ObjectNode base(String model) {
    return JSON.createObjectNode().put("model", model).put("created_at", Instant.now().toString());
  }

  private ObjectNode tags() {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("models");
    for (String name : models.keySet()) {
      list.addObject().put("name", name).put("model", name).put("size", 1_000_000L);
    }
    return body;
  }

  private void sendError(HttpExchange http, int status, String message, String path, JsonNode request)
      throws IOException {
    ObjectNode body = JSON.createObjectNode().put("error", message);
    send(http, status, body, path, request, 0);
  }

  private void send(HttpExchange http, int status, JsonNode body, String path, JsonNode request, int chunks)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    // Recorded before the client can see the answer, so a test never races the bookkeeping.
    if (path.startsWith("/api/chat") || path.startsWith("/api/embed")) {
      exchanges.add(new Exchange(path, request, status, body, chunks));
    }
    http.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    http.sendResponseHeaders(status, bytes.length);
    http.getResponseBody().write(bytes);
  }

  private static void writeLine(OutputStream out, JsonNode line) throws IOException {
    out.write(JSON.writeValueAsBytes(line));
    out.write('\n');
    out.flush();
  }

  private synchronized boolean drawError(double rate) {
    return random.nextDouble() < rate;
  }

  private void awaitStop() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Sleeps {@code nanos} and returns how long it really took. */
  private static long sleep(long nanos) {
    long start = System.nanoTime();
    if (nanos > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(nanos);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return Math.max(1, System.nanoTime() - start);
  }

  private static boolean thinks(ModelScript script, JsonNode request) {
    return script.thinking != null && request.path("think").asBoolean(false);
  }

  private static boolean lastIsToolResult(JsonNode request) {
    JsonNode messages = request.path("messages");
    return messages.size() > 0 && "tool".equals(messages.get(messages.size() - 1).path("role").asText());
  }

  private static int promptTokens(JsonNode request) {
    int tokens = 0;
    for (JsonNode m : request.path("messages")) {
      tokens += words(m.path("content").asText("")).size();
    }
    return Math.max(1, tokens);
  }

  /** Splits text into chunks of one word each, spaces kept in front, as models stream them. */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int start = 0;
    for (int i = 1; i <= text.length(); i++) {
      if (i == text.length() || text.charAt(i) == ' ') {
        out.add(text.substring(start, i));
        start = i;
      }
    }
    return out;
  }
}

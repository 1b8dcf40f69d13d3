package io.otelllm.ollamawire;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
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

  /** The Ollama release this server imitates (and that deploy/local/ollama.sh builds). */
  public static final String VERSION = "0.17.4";

  private static final String LATEST = ":latest";

  /**
   * How the server writes JSON. Ollama's Go encoder writes no whitespace; other Ollama-compatible
   * servers (a Python proxy using {@code json.dumps}, say) put a space after every colon and comma.
   * Both are the same JSON, and clients must read both.
   */
  public enum JsonStyle {
    /** {@code {"done":true}}, as Ollama writes it. */
    COMPACT,
    /** {@code {"done": true}}, as Python's {@code json.dumps} writes it. */
    SPACED
  }

  private static final ObjectWriter COMPACT_WRITER = JSON.writer();
  private static final ObjectWriter SPACED_WRITER = JSON.writer(new SpacedPrinter());
  private volatile ObjectWriter writer = COMPACT_WRITER;

  private final HttpServer server;
  private final ExecutorService executor;
  private final Map<String, ModelScript> models = new ConcurrentHashMap<>();
  // Ollama's default OLLAMA_MAX_LOADED_MODELS on a CPU: 3.
  private final ModelScheduler scheduler = new ModelScheduler(3);
  private final java.util.concurrent.atomic.LongAdder queuedNanos =
      new java.util.concurrent.atomic.LongAdder();
  private final Map<String, Semaphore> slots = new ConcurrentHashMap<>();

  /** The last line of an exchange that sent no complete JSON line last. */
  private static final JsonNode NO_LAST_LINE = NullNode.getInstance();

  private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Random random;
  private final Instant started = Instant.now();

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
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
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

  /** Switches how JSON is written from now on (default {@link JsonStyle#COMPACT}, as Ollama). */
  public void setJsonStyle(JsonStyle style) {
    this.writer = style == JsonStyle.SPACED ? SPACED_WRITER : COMPACT_WRITER;
  }

  /**
   * How many models may be loaded at once ({@code OLLAMA_MAX_LOADED_MODELS}, 3 by default as on a
   * CPU): a request for another model waits until a loaded one is idle, then evicts it.
   */
  public void setMaxLoadedModels(int maxLoadedModels) {
    if (maxLoadedModels < 1) {
      throw new IllegalArgumentException(
          "maxLoadedModels must be at least 1, was " + maxLoadedModels);
    }
    scheduler.setMaxLoaded(maxLoadedModels);
  }

  /** Models loaded so far: each load counts, a model loaded twice counts twice. */
  public long modelLoads() {
    return scheduler.loads();
  }

  /** The time chat requests have spent waiting for a slot of their model's runner, in all. */
  public Duration queued() {
    return Duration.ofNanos(queuedNanos.sum());
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

  /** The {@code n}-th (from 0) exchange of {@code model} over {@code path} ({@code /api/chat}). */
  public Exchange exchange(String path, String model, int n) {
    return exchanges().stream()
        .filter(e -> e.path().equals(path))
        .filter(e -> model.equals(e.request().path("model").asText()))
        .skip(n)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no exchange " + n + " of " + model + " over " + path + " in " + exchanges()));
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
        send(http, 200, JSON.createObjectNode().put("version", VERSION), path, null, 0);
      } else if (method.equals("GET") && path.equals("/api/tags")) {
        send(http, 200, tags(), path, null, 0);
      } else if (method.equals("GET") && path.equals("/")) {
        sendText(http, 200, "text/plain; charset=utf-8", "Ollama is running");
      } else if (method.equals("POST") && (path.equals("/api/chat") || path.equals("/api/embed"))) {
        JsonNode request;
        try {
          request = JSON.readTree(http.getRequestBody());
        } catch (IOException e) {
          sendError(http, 400, "unexpected EOF", path, null);
          return;
        }
        String model = request == null ? "" : request.path("model").asText("");
        if (model.isEmpty()) {
          sendError(http, 400, "model is required", path, request);
          return;
        }
        ModelScript script = model(model);
        if (script == null) {
          // Ollama's two endpoints word this differently; clients should match the status only.
          sendError(
              http,
              404,
              path.equals("/api/chat")
                  ? "model '" + model + "' not found"
                  : "model \"" + model + "\" not found, try pulling it first",
              path,
              request);
          return;
        }
        if (path.equals("/api/chat")) {
          chat(http, script, request);
        } else {
          embed(http, script, request);
        }
      } else {
        sendText(http, 404, "text/plain", "404 page not found");
      }
    } catch (IOException e) {
      // The client went away (cancelled stream, timeout): nothing more to send.
    }
  }

  /** A model by name, with or without Ollama's default {@code :latest} tag. */
  private ModelScript model(String name) {
    ModelScript script = models.get(name);
    return script != null || !name.endsWith(LATEST)
        ? script
        : models.get(name.substring(0, name.length() - LATEST.length()));
  }

  private void chat(HttpExchange http, ModelScript script, JsonNode request) throws IOException {
    String path = "/api/chat";
    long received = System.nanoTime();
    if (request.path("think").asBoolean(false) && script.thinking == null) {
      sendError(http, 400, "\"" + script.name + "\" does not support thinking", path, request);
      return;
    }
    if (request.path("tools").size() > 0 && !script.supportsTools) {
      sendError(http, 400, "\"" + script.name + "\" does not support tools", path, request);
      return;
    }
    if (request.path("messages").size() == 0) {
      loadOrUnload(http, script, request);
      return;
    }
    if (script.failure == ModelScript.Failure.HANG) {
      awaitStop();
      return;
    }
    if (script.failure == ModelScript.Failure.HTTP_STATUS) {
      sendError(http, script.failureStatus, script.failureMessage, path, request);
      return;
    }
    if (script.failure == ModelScript.Failure.HTML_OK) {
      sendHtml(http, path, request);
      return;
    }
    if (script.errorRate > 0 && drawError(script.errorRate)) {
      sendError(http, 500, "an error was encountered while running the model", path, request);
      return;
    }
    // First the scheduler hands the request a loaded model (load_duration: until then); then the
    // runner admits OLLAMA_NUM_PARALLEL requests at a time (1 by default); the rest wait for a
    // slot, inside total_duration and outside load, prompt eval and eval.
    long loadNanos = handOver(script);
    if (loadNanos < 0) {
      return;
    }
    try {
      Semaphore slot =
          slots.computeIfAbsent(script.name, name -> new Semaphore(script.parallel, true));
      long waiting = System.nanoTime();
      try {
        slot.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      queuedNanos.add(System.nanoTime() - waiting);
      try {
        generate(http, script, request, received, path, loadNanos);
      } finally {
        slot.release();
      }
    } finally {
      scheduler.release(script);
    }
  }

  private void generate(
      HttpExchange http,
      ModelScript script,
      JsonNode request,
      long received,
      String path,
      long loadNanos)
      throws IOException {
    int promptTokens = promptTokens(request);
    long promptNanos =
        sleep(
            script.firstTokenDelay.toNanos() + promptTokens * script.promptEvalPerToken.toNanos());
    boolean stream = request.path("stream").asBoolean(true);
    // The request's num_predict, else the model's own default (a Modelfile PARAMETER).
    int numPredict = request.path("options").path("num_predict").asInt(script.numPredict);

    ObjectNode answer = JSON.createObjectNode().put("role", "assistant");
    List<String> chunks;
    int callTokens = 0;
    String doneReason = "stop";
    List<ModelScript.ToolCall> toolCalls =
        request.path("tools").size() > 0 ? script.toolCalls.apply(request) : List.of();
    boolean toolCall = !toolCalls.isEmpty();
    if (toolCall) {
      answer.put("content", "");
      ArrayNode calls = answer.putArray("tool_calls");
      for (int i = 0; i < toolCalls.size(); i++) {
        ModelScript.ToolCall scripted = toolCalls.get(i);
        ObjectNode call = calls.addObject().put("id", toolCallId());
        ObjectNode fn = call.putObject("function");
        fn.put("index", i).put("name", scripted.name());
        fn.set("arguments", JSON.readTree(scripted.argumentsJson()));
        // The model wrote the call as text before Ollama parsed it: those are its output tokens.
        callTokens +=
            words(
                    "{\"name\": \""
                        + scripted.name()
                        + "\", \"arguments\": "
                        + scripted.argumentsJson()
                        + "}")
                .size();
      }
      chunks = List.of();
    } else {
      String text =
          request.hasNonNull("format")
              ? script.jsonReply.apply(request)
              : script.reply.apply(request);
      chunks = words(text);
      if (numPredict > 0 && chunks.size() > numPredict) {
        chunks = chunks.subList(0, numPredict);
        doneReason = "length";
      }
    }

    if (!stream) {
      long evalStart = System.nanoTime();
      for (int i = 1; i < chunks.size() + callTokens; i++) {
        sleep(script.chunkDelay.toNanos());
      }
      if (!toolCall) {
        answer.put("content", String.join("", chunks));
      }
      if (thinks(script, request)) {
        answer.put("thinking", script.thinking);
      }
      ObjectNode body = base(script.name).set("message", answer);
      finish(
          body,
          doneReason,
          received,
          loadNanos,
          promptNanos,
          promptTokens,
          System.nanoTime() - evalStart,
          Math.max(1, chunks.size() + callTokens));
      unloadIfAsked(script, request);
      send(http, 200, body, path, request, 0);
      return;
    }

    http.getResponseHeaders().set("Content-Type", "application/x-ndjson");
    http.sendResponseHeaders(200, 0); // chunked: each line is flushed as it is generated
    OutputStream out = http.getResponseBody();
    long evalStart = System.nanoTime();
    int sent = 0;
    if (toolCall) {
      for (int i = 1; i < callTokens; i++) {
        sleep(script.chunkDelay.toNanos()); // generated, then parsed into one call
      }
      writeLine(out, base(script.name).<ObjectNode>set("message", answer).put("done", false));
      sent++;
    }
    if (thinks(script, request)) {
      for (String thought : words(script.thinking)) {
        ObjectNode msg =
            JSON.createObjectNode()
                .put("role", "assistant")
                .put("content", "")
                .put("thinking", thought);
        writeLine(out, base(script.name).<ObjectNode>set("message", msg).put("done", false));
        sent++;
        sleep(script.chunkDelay.toNanos());
      }
    }
    for (int i = 0; i < chunks.size(); i++) {
      if (sent >= script.midStreamChunks && misbehaveMidStream(out, script, path, request, sent)) {
        return;
      }
      if (script.failure == ModelScript.Failure.MID_STREAM && sent >= script.midStreamChunks) {
        ObjectNode error =
            JSON.createObjectNode()
                .put("error", "an error was encountered while running the model");
        exchanges.add(new Exchange(path, request, 200, error, sent));
        writeLine(out, error);
        return;
      }
      if (i > 0) {
        sleep(script.chunkDelay.toNanos());
      }
      ObjectNode msg =
          JSON.createObjectNode().put("role", "assistant").put("content", chunks.get(i));
      writeLine(out, base(script.name).<ObjectNode>set("message", msg).put("done", false));
      sent++;
    }
    ObjectNode last = base(script.name);
    last.set("message", JSON.createObjectNode().put("role", "assistant").put("content", ""));
    finish(
        last,
        doneReason,
        received,
        loadNanos,
        promptNanos,
        promptTokens,
        System.nanoTime() - evalStart,
        Math.max(1, sent - (toolCall ? 1 : 0) + callTokens));
    unloadIfAsked(script, request);
    exchanges.add(new Exchange(path, request, 200, last, sent));
    writeLine(out, last);
  }

  /**
   * A chat request without messages only loads the model, or unloads it with {@code keep_alive: 0}:
   * Ollama answers {@code done_reason} {@code load} or {@code unload} and no metrics.
   */
  private void loadOrUnload(HttpExchange http, ModelScript script, JsonNode request)
      throws IOException {
    boolean unload = request.path("keep_alive").asDouble(-1) == 0;
    if (unload) {
      scheduler.unload(script);
    } else {
      if (handOver(script) < 0) {
        return;
      }
      scheduler.release(script);
    }
    ObjectNode body = base(script.name);
    body.set("message", JSON.createObjectNode().put("role", "assistant").put("content", ""));
    body.put("done", true).put("done_reason", unload ? "unload" : "load");
    send(http, 200, body, "/api/chat", request, 0);
  }

  /** {@code keep_alive: 0} unloads the model once the request is answered: the next one is cold. */
  private void unloadIfAsked(ModelScript script, JsonNode request) {
    if (request.path("keep_alive").asDouble(-1) == 0) {
      scheduler.unload(script);
    }
  }

  private void embed(HttpExchange http, ModelScript script, JsonNode request) throws IOException {
    long received = System.nanoTime();
    if (script.failure == ModelScript.Failure.HTTP_STATUS) {
      sendError(http, script.failureStatus, script.failureMessage, "/api/embed", request);
      return;
    }
    if (script.failure == ModelScript.Failure.HTML_OK) {
      sendHtml(http, "/api/embed", request);
      return;
    }
    if (script.errorRate > 0 && drawError(script.errorRate)) {
      sendError(
          http, 500, "an error was encountered while running the model", "/api/embed", request);
      return;
    }
    long loadNanos = handOver(script);
    if (loadNanos < 0) {
      return;
    }
    try {
      embedLoaded(http, script, request, received, loadNanos);
    } finally {
      scheduler.release(script);
    }
  }

  private void embedLoaded(
      HttpExchange http, ModelScript script, JsonNode request, long received, long loadNanos)
      throws IOException {
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
      // L2-normalised, as /api/embed's vectors are.
      Random r = new Random(text.hashCode());
      double[] v = new double[script.embeddingDimensions];
      double norm = 0;
      for (int d = 0; d < v.length; d++) {
        v[d] = r.nextGaussian();
        norm += v[d] * v[d];
      }
      ArrayNode vector = embeddings.addArray();
      for (double x : v) {
        vector.add((float) (x / Math.sqrt(norm)));
      }
      tokens += words(text).size();
    }
    body.put("total_duration", System.nanoTime() - received);
    body.put("load_duration", loadNanos);
    body.put("prompt_eval_count", tokens);
    unloadIfAsked(script, request);
    send(http, 200, body, "/api/embed", request, 0);
  }

  private void finish(
      ObjectNode line,
      String doneReason,
      long received,
      long loadNanos,
      long promptNanos,
      int promptTokens,
      long evalNanos,
      int evalCount) {
    line.put("done", true);
    line.put("done_reason", doneReason);
    line.put("total_duration", System.nanoTime() - received);
    line.put("load_duration", loadNanos);
    line.put("prompt_eval_count", promptTokens);
    line.put("prompt_eval_duration", promptNanos);
    line.put("eval_count", evalCount);
    // Ollama times generation after the first token and omits a zero duration (one token).
    if (evalCount > 1) {
      line.put("eval_duration", Math.max(1, evalNanos));
    }
  }

  private ObjectNode base(String model) {
    return JSON.createObjectNode().put("model", model).put("created_at", Instant.now().toString());
  }

  /** The models, described as {@code /api/tags} describes a GGUF model. */
  private ObjectNode tags() {
    ObjectNode body = JSON.createObjectNode();
    ArrayNode list = body.putArray("models");
    for (String name : models.keySet()) {
      ObjectNode model =
          list.addObject()
              .put("name", name + LATEST)
              .put("model", name + LATEST)
              .put("modified_at", started.toString())
              .put("size", 1_000_000L)
              .put("digest", sha256(name));
      ObjectNode details =
          model
              .putObject("details")
              .put("parent_model", "")
              .put("format", "gguf")
              .put("family", "llama");
      details.putArray("families").add("llama");
      details.put("parameter_size", "193K").put("quantization_level", "F16");
    }
    return body;
  }

  private static String sha256(String text) {
    try {
      return java.util.HexFormat.of()
          .formatHex(
              java.security.MessageDigest.getInstance("SHA-256")
                  .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  /** Ollama's tool call ids: {@code call_} and eight lowercase letters. */
  private synchronized String toolCallId() {
    StringBuilder id = new StringBuilder("call_");
    for (int i = 0; i < 8; i++) {
      id.append((char) ('a' + random.nextInt(26)));
    }
    return id.toString();
  }

  private void sendError(
      HttpExchange http, int status, String message, String path, JsonNode request)
      throws IOException {
    ObjectNode body = JSON.createObjectNode().put("error", message);
    send(http, status, body, path, request, 0);
  }

  /**
   * The misbehaviours that cut a stream after some chunks: returns whether this one did (the caller
   * then stops sending).
   */
  private boolean misbehaveMidStream(
      OutputStream out, ModelScript script, String path, JsonNode request, int sent)
      throws IOException {
    switch (script.failure) {
      case CLOSE_MID_STREAM -> {
        exchanges.add(new Exchange(path, request, 200, NO_LAST_LINE, sent));
        out.flush(); // and the body ends: no final line
        return true;
      }
      case TRUNCATE_MID_STREAM -> {
        exchanges.add(new Exchange(path, request, 200, NO_LAST_LINE, sent));
        byte[] line = writer.writeValueAsBytes(base(script.name).put("done", false));
        out.write(line, 0, line.length / 2);
        out.flush();
        return true;
      }
      case STALL_MID_STREAM -> {
        exchanges.add(new Exchange(path, request, 200, NO_LAST_LINE, sent));
        out.flush();
        awaitStop();
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private void sendHtml(HttpExchange http, String path, JsonNode request) throws IOException {
    exchanges.add(new Exchange(path, request, 200, NO_LAST_LINE, 0));
    sendText(
        http,
        200,
        "text/html; charset=utf-8",
        """
        <!DOCTYPE html>
        <html><head><title>Sign in</title></head>
        <body><p>Please sign in to continue.</p></body></html>
        """);
  }

  private static void sendText(HttpExchange http, int status, String contentType, String text)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    http.getResponseHeaders().set("Content-Type", contentType);
    http.sendResponseHeaders(status, body.length);
    http.getResponseBody().write(body);
  }

  private void send(
      HttpExchange http, int status, JsonNode body, String path, JsonNode request, int chunks)
      throws IOException {
    byte[] bytes = writer.writeValueAsBytes(body);
    // Recorded before the client can see the answer, so a test never races the bookkeeping.
    if (path.startsWith("/api/chat") || path.startsWith("/api/embed")) {
      exchanges.add(new Exchange(path, request, status, body, chunks));
    }
    http.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    http.sendResponseHeaders(status, bytes.length);
    http.getResponseBody().write(bytes);
  }

  private void writeLine(OutputStream out, JsonNode line) throws IOException {
    out.write(writer.writeValueAsBytes(line));
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
  /**
   * The scheduler's {@link ModelScheduler#acquire}: the load duration to report, or -1 when the
   * server is stopping (interrupted); pair a non-negative one with {@link ModelScheduler#release}.
   */
  private long handOver(ModelScript script) {
    try {
      return scheduler.acquire(script);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Sleeps {@code nanos} and returns the nanoseconds slept (at least 1: Ollama never says 0). */
  static long sleep(long nanos) {
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

  private static int promptTokens(JsonNode request) {
    int tokens = 0;
    for (JsonNode m : request.path("messages")) {
      tokens += words(m.path("content").asText("")).size();
    }
    return Math.max(1, tokens);
  }

  /**
   * Splits text into tokens as a model streams them: a word or number with the space before it, or
   * one other character ({@code {"a":1}} is seven tokens). Joined, they are the text again.
   */
  static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      int start = i;
      if (text.charAt(i) == ' '
          && i + 1 < text.length()
          && Character.isLetterOrDigit(text.charAt(i + 1))) {
        i++;
      }
      if (Character.isLetterOrDigit(text.charAt(i))) {
        while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
          i++;
        }
      } else {
        i++;
      }
      out.add(text.substring(start, i));
    }
    return out;
  }

  /** One line, a space after each colon and comma: {@code {"a": 1, "b": [1, 2]}}. */
  private static final class SpacedPrinter extends MinimalPrettyPrinter {
    private static final long serialVersionUID = 1L;

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(": ");
    }

    @Override
    public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      g.writeRaw(", ");
    }
  }
}

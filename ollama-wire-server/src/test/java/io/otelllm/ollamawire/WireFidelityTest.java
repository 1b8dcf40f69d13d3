package io.otelllm.ollamawire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.testing.internal.LocalService;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Holds the stand-in to the real thing: the same requests go to a real Ollama ({@code
 * OLLAMA_BASE_URL}, serving {@code deploy/local/ollama.sh}'s tiny models) and to the wire server,
 * and their answers must have the same shape — status, content type, the keys of every JSON object
 * in order with the type of each value, the order of stream lines, {@code done_reason}, errors.
 * Values the model chooses (text, counts, durations) may differ; the protocol may not. Skips
 * without a real Ollama unless {@code OTEL_LLM_REQUIRE_OLLAMA=true} (CI), where it fails.
 */
class WireFidelityTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  static final String TOOLS =
      "[{\"type\":\"function\",\"function\":{\"name\":\"recall_memory\","
          + "\"description\":\"Recall a memory\",\"parameters\":{\"type\":\"object\",\"properties\":"
          + "{\"about\":{\"type\":\"string\"}},\"required\":[\"about\"]}}}]";
  // Only a call of recall_memory satisfies this schema: the random tiny model then calls the tool.
  static final String CALL_THE_TOOL =
      "{\"type\":\"object\",\"properties\":{\"name\":{\"enum\":[\"recall_memory\"]},"
          + "\"arguments\":{\"type\":\"object\",\"properties\":{\"about\":{\"enum\":[\"bread\"]}},\"required\":[\"about\"]}},"
          + "\"required\":[\"name\",\"arguments\"]}";

  static String real;
  static OllamaWireServer standIn;

  @BeforeAll
  static void servers() {
    String baseUrl = System.getenv("OLLAMA_BASE_URL");
    LocalService.OLLAMA.require(baseUrl != null && !baseUrl.isBlank());
    real = baseUrl.replaceAll("/+$", "");
    // The stand-in's models, scripted as the tiny models are made: 32 tokens at most, tools
    // accepted; "tiny-tools" stands for tiny-chat asked (by schema) to call the tool.
    String words = String.join(" ", java.util.Collections.nCopies(40, "bread"));
    standIn =
        OllamaWireServer.start(
            ModelScript.builder("tiny-chat").reply(words).jsonReply("{}").numPredict(32).build(),
            ModelScript.builder("tiny-tools")
                .toolCall("recall_memory", "{\"about\":\"bread\"}")
                .build(),
            ModelScript.builder("tiny-embed").embeddingDimensions(64).build());
  }

  @AfterAll
  static void stop() {
    if (standIn != null) {
      standIn.close();
    }
  }

  @Test
  void versionAndModelList() throws Exception {
    Answer realVersion = get(real, "/api/version");
    Answer standInVersion = get(standIn.baseUrl(), "/api/version");
    assertSameShape(realVersion, standInVersion);
    assertThat(standInVersion.json().get("version")).isEqualTo(realVersion.json().get("version"));
    Answer realTags = get(real, "/api/tags");
    Answer standInTags = get(standIn.baseUrl(), "/api/tags");
    assertSameShape(realTags, standInTags);
    assertThat(names(standInTags)).allMatch(n -> n.endsWith(":latest"));
    assertThat(names(realTags)).contains("tiny-chat:latest", "tiny-embed:latest");
  }

  @Test
  void synchronousChat() throws Exception {
    Answers a =
        post(
            "/api/chat",
            "{\"model\":\"tiny-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Why is the sky blue?\"}],\"stream\":false}");
    assertSameShape(a.real(), a.standIn());
    assertThat(a.standIn().json().get("done_reason")).isEqualTo(a.real().json().get("done_reason"));
    assertThat(a.real().json().get("done_reason").asText()).isEqualTo("length");
  }

  @Test
  void streamingChat() throws Exception {
    Answers a =
        post(
            "/api/chat",
            "{\"model\":\"tiny-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}],\"options\":{\"num_predict\":4}}");
    assertSameStream(a.real(), a.standIn());
    assertThat(a.real().lines()).hasSize(5);
    assertThat(a.standIn().lines()).hasSize(5);
    assertThat(last(a.standIn()).get("done_reason")).isEqualTo(last(a.real()).get("done_reason"));
  }

  @Test
  void formatJson() throws Exception {
    Answers a =
        post(
            "/api/chat",
            "{\"model\":\"tiny-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"plan\"}],\"stream\":false,\"format\":\"json\"}");
    assertSameShape(a.real(), a.standIn());
  }

  @Test
  void toolsOfferedAndNotCalled() throws Exception {
    Answers a =
        post(
            "/api/chat",
            "{\"model\":\"tiny-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"stream\":false,\"tools\":"
                + TOOLS
                + "}");
    assertSameShape(a.real(), a.standIn());
  }

  @Test
  void aToolCallSynchronousAndStreamed() throws Exception {
    String body =
        "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"What do I know about bread?\"}],"
            + "\"stream\":%s,\"options\":{\"num_predict\":400},\"tools\":"
            + TOOLS
            + ",\"format\":"
            + CALL_THE_TOOL
            + "}";
    Answer r = post(real, "/api/chat", body.formatted("tiny-chat", "false"));
    Answer s = post(standIn.baseUrl(), "/api/chat", body.formatted("tiny-tools", "false"));
    assertThat(r.json().path("message").path("tool_calls").size())
        .as("real tool call: %s", r.body())
        .isEqualTo(1);
    assertSameShape(r, s);
    assertThat(s.json().get("done_reason")).isEqualTo(r.json().get("done_reason"));
    assertThat(s.json().at("/message/tool_calls/0/id").asText()).matches("call_[a-z]{8}");
    assertThat(r.json().at("/message/tool_calls/0/id").asText()).matches("call_[a-z0-9]{8}");

    assertSameStream(
        post(real, "/api/chat", body.formatted("tiny-chat", "true")),
        post(standIn.baseUrl(), "/api/chat", body.formatted("tiny-tools", "true")));
  }

  @Test
  void embeddings() throws Exception {
    Answers a =
        post("/api/embed", "{\"model\":\"tiny-embed\",\"input\":[\"hello world\",\"rye bread\"]}");
    assertSameShape(a.real(), a.standIn());
    for (Answer answer : List.of(a.real(), a.standIn())) {
      for (JsonNode vector : answer.json().get("embeddings")) {
        double norm = 0;
        for (JsonNode x : vector) {
          norm += x.asDouble() * x.asDouble();
        }
        assertThat(Math.sqrt(norm))
            .as("L2 norm of an /api/embed vector")
            .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
      }
    }
  }

  @Test
  void errors() throws Exception {
    for (String[] request :
        new String[][] {
          {
            "/api/chat",
            "{\"model\":\"nope\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
          },
          {"/api/embed", "{\"model\":\"nope\",\"input\":\"x\"}"},
          {"/api/chat", "{\"messages\":[]}"},
          {"/api/chat", "{\"model\":"},
          {
            "/api/chat",
            "{\"model\":\"tiny-chat\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"think\":true,\"stream\":false}"
          },
        }) {
      Answers a = post(request[0], request[1]);
      assertThat(a.standIn().status())
          .as("%s %s", request[0], request[1])
          .isEqualTo(a.real().status())
          .isBetween(400, 499);
      assertSameShape(a.real(), a.standIn());
      assertThat(a.standIn().json().get("error").asText())
          .as("%s %s", request[0], request[1])
          .isEqualTo(a.real().json().get("error").asText());
    }
    Answer r = get(real, "/api/nothing");
    Answer s = get(standIn.baseUrl(), "/api/nothing");
    assertThat(s.status()).isEqualTo(r.status()).isEqualTo(404);
    assertThat(s.contentType()).isEqualTo(r.contentType());
    assertThat(s.body()).isEqualTo(r.body());
  }

  @Test
  void loadAndUnload() throws Exception {
    for (String body :
        List.of(
            "{\"model\":\"tiny-chat\",\"messages\":[],\"keep_alive\":0}",
            "{\"model\":\"tiny-chat\",\"messages\":[]}")) {
      Answers a = post("/api/chat", body);
      assertSameShape(a.real(), a.standIn());
      assertThat(a.standIn().json().get("done_reason"))
          .isEqualTo(a.real().json().get("done_reason"));
    }
  }

  // --- comparing ---

  record Answer(int status, String contentType, String body) {
    JsonNode json() {
      return parse(body);
    }

    List<JsonNode> lines() {
      List<JsonNode> lines = new ArrayList<>();
      for (String line : body.split("\n")) {
        if (!line.isBlank()) {
          lines.add(parse(line));
        }
      }
      return lines;
    }
  }

  static void assertSameShape(Answer real, Answer standIn) {
    assertThat(standIn.status()).as("status").isEqualTo(real.status());
    assertThat(standIn.contentType()).as("content type").isEqualTo(real.contentType());
    assertThat(shape(standIn.json()))
        .as("shape of %s%nvs real %s", standIn.body(), real.body())
        .isEqualTo(shape(real.json()));
  }

  /**
   * Same status and content type; every line of the stand-in's stream shaped like the real one's.
   */
  static void assertSameStream(Answer real, Answer standIn) {
    assertThat(standIn.status()).isEqualTo(real.status());
    assertThat(standIn.contentType())
        .isEqualTo(real.contentType())
        .isEqualTo("application/x-ndjson");
    List<JsonNode> r = real.lines();
    List<JsonNode> s = standIn.lines();
    assertThat(shape(last(standIn))).as("final line").isEqualTo(shape(last(real)));
    assertThat(s.subList(0, s.size() - 1))
        .as("every line before the last")
        .allSatisfy(line -> assertThat(shape(line)).isEqualTo(shape(r.get(0))));
    assertThat(s.stream().filter(l -> l.path("done").asBoolean()).count()).isEqualTo(1);
  }

  /**
   * A JSON value's shape: objects as their keys in order with each value's shape, arrays as the
   * distinct shapes of their elements, scalars as their type. {@code created_at}'s text and the
   * numbers' values do not matter; that they are there, in that order, does.
   */
  static Object shape(JsonNode node) {
    if (node.isObject()) {
      List<Map.Entry<String, Object>> fields = new ArrayList<>();
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        // A model's free arguments are its business; what Ollama wraps them in is the protocol.
        Object value = field.getKey().equals("arguments") ? "object" : shape(field.getValue());
        fields.add(Map.entry(field.getKey(), value));
      }
      return fields;
    }
    if (node.isArray()) {
      Map<String, Object> distinct = new TreeMap<>();
      node.forEach(e -> distinct.put(String.valueOf(shape(e)), shape(e)));
      return List.copyOf(distinct.values());
    }
    return node.getNodeType().toString();
  }

  static JsonNode last(Answer stream) {
    List<JsonNode> lines = stream.lines();
    return lines.get(lines.size() - 1);
  }

  static List<String> names(Answer tags) {
    List<String> names = new ArrayList<>();
    tags.json().get("models").forEach(m -> names.add(m.get("name").asText()));
    return names;
  }

  /** One request's answers from both servers. */
  record Answers(Answer real, Answer standIn) {}

  static Answers post(String path, String body) throws IOException, InterruptedException {
    return new Answers(post(real, path, body), post(standIn.baseUrl(), path, body));
  }

  static Answer get(String baseUrl, String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
  }

  static Answer post(String baseUrl, String path, String body)
      throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HTTP.send(
            request.timeout(Duration.ofMinutes(1)).build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(
        r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body());
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }
}

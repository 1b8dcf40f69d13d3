package com.example.village.verify;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_CONVERSATION_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_CALL_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOOL_DESCRIPTION;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.assertj.AttributeAssertion;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import io.otelllm.ollamawire.Exchange;
import io.otelllm.ollamawire.ModelScript;
import io.otelllm.ollamawire.OllamaWireServer;
import io.otelllm.testing.internal.ForkedJvm;
import io.otelllm.testing.internal.OllamaExpectations;
import io.otelllm.testing.internal.OtlpReceiver;
import io.otelllm.testing.internal.SpanTrees;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The applications of this build as a user runs them: each in a JVM of its own, on the runtime
 * class path its own POM resolved (written by {@code dependency:build-classpath}), talking to the
 * Ollama stand-in over real HTTP and exporting over OTLP to a receiver here.
 */
class ConsumerApplicationsTest {

  static final String CHAT = "village-chat";
  static final String EMBED = "village-embed";
  static final String TEXT = "The sky is blue because of Rayleigh scattering";
  static final String TRACED_MAIN = "com.example.village.traced.TracedVillage";
  static final String PLAIN_MAIN = "com.example.village.PlainLangchain4jApp";

  /** The GenAI spans of one run: sync, stream, embeddings, the AI service with its tool. */
  static final List<String> EVERY_CALL =
      List.of(
          "chat " + CHAT,
          "chat " + CHAT,
          "chat " + CHAT,
          "chat " + CHAT,
          "embeddings " + EMBED,
          "execute_tool recall_memory",
          "invoke_agent Librarian.ask");

  static OllamaWireServer server;
  static OtlpReceiver receiver;

  @BeforeAll
  static void start() throws IOException {
    server =
        OllamaWireServer.start(
            ModelScript.builder(CHAT)
                .reply(TEXT)
                .toolCall("recall_memory", "{\"topic\":\"bread\"}")
                .firstTokenDelay(Duration.ofMillis(20))
                .chunkDelay(Duration.ofMillis(3))
                .build(),
            ModelScript.builder(EMBED).embeddingDimensions(16).build());
    receiver = OtlpReceiver.start();
  }

  @AfterAll
  static void stop() {
    server.close();
    receiver.close();
  }

  @BeforeEach
  void clear() {
    server.clearExchanges();
    receiver.clear();
  }

  @ParameterizedTest
  @ValueSource(strings = {"library-app", "bom-app", "otel-1.68-app"})
  void anApplicationTracedWithTheLibraryGetsOneOpenTelemetryReleaseAndItsSpans(String app)
      throws Exception {
    List<String> jars = jarNames(app);
    String otel = System.getProperty("expected.opentelemetry");
    String instrumentation = System.getProperty("expected.instrumentation");
    assertThat(jars)
        .as("what %s resolved", app)
        .contains(
            "opentelemetry-api-" + otel + ".jar",
            "opentelemetry-api-incubator-" + otel + "-alpha.jar",
            "opentelemetry-context-" + otel + ".jar",
            "opentelemetry-sdk-" + otel + ".jar",
            "opentelemetry-sdk-extension-autoconfigure-" + otel + ".jar",
            "opentelemetry-instrumentation-api-" + instrumentation + ".jar",
            "opentelemetry-instrumentation-api-incubator-" + instrumentation + "-alpha.jar",
            "opentelemetry-semconv-" + System.getProperty("expected.semconv") + ".jar");
    assertThat(openTelemetryReleases(jars)).as("OpenTelemetry releases in %s", app).containsOnly(otel);

    ForkedJvm.Result plain = run(List.of(), classPath("plain-app"), PLAIN_MAIN);
    server.clearExchanges();
    ForkedJvm.Result traced = run(otlpTo(app), classPath(app), TRACED_MAIN);

    assertThat(traced.stdout()).as("the traced run prints what the plain one does").isEqualTo(plain.stdout());
    assertThat(traced.stderr()).doesNotContain("otel-llm", "Exception");
    assertEveryCallTraced(receiver.awaitSpans("io.otelllm", EVERY_CALL.size(), 30), false);
  }

  @Test
  void anOlderOpenTelemetryApiOnTheClassPathTurnsOtelLlmOffInOneLineAndTheApplicationRunsTheSame()
      throws Exception {
    assertThat(jarNames("old-otel-app")).contains("opentelemetry-api-1.58.0.jar");

    ForkedJvm.Result plain = run(List.of(), classPath("plain-app"), PLAIN_MAIN);
    ForkedJvm.Result traced = run(otlpTo("old-otel-app"), classPath("old-otel-app"), TRACED_MAIN);

    assertThat(traced.stdout()).isEqualTo(plain.stdout());
    List<String> said =
        traced.stderr().lines().filter(l -> l.contains("otel-llm")).toList();
    assertThat(said)
        .singleElement()
        .asString()
        .contains(
            "otel-llm: telemetry is off",
            "OpenTelemetry API 1.58.0",
            "needs 1.65.0 or newer",
            "io.otelllm:otel-llm-bom");
    assertThat(traced.stderr()).doesNotContain("\tat ", "Exception");
    Thread.sleep(500); // anything exported would have arrived by now (BSP delay 50 ms)
    assertThat(receiver.spans()).isEmpty();
  }

  @Test
  void aPlainApplicationUnderTheJavaAgentWithTheExtensionGetsTheSameSpans() throws Exception {
    Path zeroCode = Path.of(System.getProperty("zero-code.dir"));
    String agent =
        zeroCode
            .resolve(
                "opentelemetry-javaagent-" + System.getProperty("expected.instrumentation") + ".jar")
            .toString();
    Path extension;
    try (var files = Files.list(zeroCode)) {
      extension =
          files
              .filter(f -> f.getFileName().toString().startsWith("otel-llm-javaagent-"))
              .findFirst()
              .orElseThrow();
    }
    List<String> jvm = new ArrayList<>(otlpTo("plain-app"));
    jvm.add("-javaagent:" + agent);
    jvm.add("-Dotel.javaagent.extensions=" + extension);
    jvm.add("-Dotel.javaagent.add-thread-details=false");

    ForkedJvm.Result result = run(jvm, classPath("plain-app"), PLAIN_MAIN);

    assertThat(result.printed("sync")).isEqualTo(server.exchange("/api/chat", CHAT, 0).lastLine().path("message").path("content").asText());
    assertEveryCallTraced(receiver.awaitSpans("io.otelllm", EVERY_CALL.size(), 30), true);
  }

  /**
   * The spans of one run of the program's steps, against what the server answered ({@code
   * zeroCode}: the extension hooks {@code embed(EmbeddingRequest)}, whose response also names the
   * answering model).
   */
  static void assertEveryCallTraced(List<SpanData> spans, boolean zeroCode) {
    assertThat(spans.stream().map(SpanData::getName).sorted()).containsExactlyElementsOf(EVERY_CALL);
    String baseUrl = server.baseUrl();
    Exchange sync = server.exchange("/api/chat", CHAT, 0);
    assertThat(OllamaExpectations.spanAnswering(spans, sync.lastLine(), false))
        .hasNoParent()
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            OllamaExpectations.chatAnswered(baseUrl, CHAT, 0.0, 7L, sync.lastLine()));
    Exchange streamed = server.exchange("/api/chat", CHAT, 1);
    List<AttributeAssertion> stream =
        OllamaExpectations.streamAnswered(
            baseUrl, CHAT, 0.0, 7L, streamed.lastLine(), streamed.chunks());
    stream.add(
        satisfies(
            AttributeKey.doubleKey("otel_llm.response.time_per_output_chunk"),
            t -> t.isPositive()));
    assertThat(OllamaExpectations.spanAnswering(spans, streamed.lastLine(), true))
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(stream);
    assertThat(SpanTrees.named(spans, "embeddings " + EMBED))
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfyingExactly(
            zeroCode
                ? OllamaExpectations.embeddingsAnsweredWithResponseModel(
                    baseUrl, EMBED, server.exchange("/api/embed", EMBED, 0).lastLine())
                : OllamaExpectations.embeddingsAnswered(
                    baseUrl, EMBED, server.exchange("/api/embed", EMBED, 0).lastLine()));
    SpanData agent = SpanTrees.named(spans, "invoke_agent Librarian.ask");
    assertThat(SpanTrees.childNames(spans, agent))
        .containsExactly("chat " + CHAT, "execute_tool recall_memory", "chat " + CHAT);
    assertThat(agent)
        .hasAttributesSatisfying(
            equalTo(GEN_AI_CONVERSATION_ID, "reader-1"),
            equalTo(AttributeKey.longKey("otel_llm.turn.llm_calls"), 2L),
            equalTo(AttributeKey.longKey("otel_llm.turn.tool_calls"), 1L));
    assertThat(SpanTrees.named(spans, "execute_tool recall_memory"))
        .hasAttributesSatisfying(
            equalTo(
                GEN_AI_TOOL_CALL_ID,
                server
                    .exchange("/api/chat", CHAT, 2)
                    .lastLine()
                    .path("message")
                    .path("tool_calls")
                    .get(0)
                    .path("id")
                    .asText()),
            equalTo(GEN_AI_TOOL_DESCRIPTION, "Recall the memory closest to a topic"));
  }

  static ForkedJvm.Result run(List<String> jvmArgs, String classPath, String main)
      throws Exception {
    ForkedJvm.Result result =
        ForkedJvm.run(jvmArgs, classPath, main, List.of(server.baseUrl(), CHAT, EMBED, "ai-service"));
    assertThat(result.exitCode()).as("the program's exit; its stderr:%n%s", result.stderr()).isZero();
    return result;
  }

  /** The standard OTLP settings, as a user sets them (system properties here). */
  static List<String> otlpTo(String service) {
    return List.of(
        "-Dotel.service.name=" + service,
        "-Dotel.exporter.otlp.protocol=http/protobuf",
        "-Dotel.exporter.otlp.endpoint=" + receiver.endpoint(),
        "-Dotel.metrics.exporter=none",
        "-Dotel.logs.exporter=none",
        "-Dotel.bsp.schedule.delay=50");
  }

  static Path app(String name) {
    return Path.of(System.getProperty("consumers.dir"), name);
  }

  /** The application's class path: its own classes, then what its build resolved for runtime. */
  static String classPath(String name) throws IOException {
    String resolved = Files.readString(app(name).resolve("target/runtime-classpath.txt")).strip();
    Path classes = app(name).resolve("target/classes");
    return Files.isDirectory(classes) ? classes + File.pathSeparator + resolved : resolved;
  }

  static List<String> jarNames(String name) throws IOException {
    List<String> names = new ArrayList<>();
    for (String entry : classPath(name).split(Pattern.quote(File.pathSeparator))) {
      names.add(Path.of(entry).getFileName().toString());
    }
    return names;
  }

  /** The releases of the OpenTelemetry API and SDK jars (the incubator's without -alpha). */
  static List<String> openTelemetryReleases(List<String> jars) {
    Pattern core =
        Pattern.compile("opentelemetry-(api|context|common|sdk[a-z-]*|exporter[a-z-]*)-(\\d+\\.\\d+\\.\\d+)(-alpha)?\\.jar");
    List<String> releases = new ArrayList<>();
    for (String jar : jars) {
      Matcher m = core.matcher(jar);
      if (m.matches()) {
        releases.add(m.group(2));
      }
    }
    return releases;
  }
}

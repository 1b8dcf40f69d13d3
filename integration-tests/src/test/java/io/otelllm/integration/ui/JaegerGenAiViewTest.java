package io.otelllm.integration.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otelllm.autoconfigure.LlmTelemetrySdk;
import io.otelllm.examples.jaeger.JaegerInstance;
import io.otelllm.examples.jaeger.JaegerLauncher;
import io.otelllm.examples.jaeger.JaegerQuery;
import io.otelllm.examples.sim.SimulationConfig;
import io.otelllm.examples.sim.SimulationRun;
import io.otelllm.testing.internal.HeadlessChromium;
import io.otelllm.testing.internal.LocalService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo's traces in the real Jaeger UI (v2.20.0, the UI of the {@code
 * jaegertracing/jaeger:2.20.0} image) and its GenAI view, driven by headless Chromium: the view
 * switches on by itself, agent, LLM and tool spans get their icons, a chat span's GenAI tab shows
 * provider, model, the tokens the span carries and the conversation, failed spans are flagged.
 * Needs the local Jaeger with {@code JAEGER_UI_ASSETS}, Debian's chromium and chromium-driver;
 * skips naming what is missing, unless {@code OTEL_LLM_REQUIRE_JAEGER_UI=true} (CI). {@code
 * -Ddocs.screenshots=true} refreshes the README's screenshots in {@code docs/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JaegerGenAiViewTest {

  static final ObjectMapper JSON = new ObjectMapper();
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Long> INPUT = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT = AttributeKey.longKey("gen_ai.usage.output_tokens");

  JaegerInstance jaeger;
  ChromeDriver browser;
  List<SpanData> spans;
  Map<String, List<SpanData>> traces;

  @BeforeAll
  void runTheDemoIntoJaegerAndOpenABrowser() throws Exception {
    List<String> missing = new ArrayList<>();
    if (JaegerLauncher.localJaegerBinary().isEmpty()) {
      missing.add("the local Jaeger (deploy/local/jaeger.sh build)");
    }
    if (JaegerLauncher.uiAssets().isEmpty()) {
      missing.add(
          "the Jaeger UI's built files ("
              + JaegerLauncher.UI_ASSETS_ENV
              + "=<jaeger-ui v2.20.0 assets>)");
    }
    if (!Files.isExecutable(chromium()) || !Files.isExecutable(chromedriver())) {
      missing.add("Chromium and ChromeDriver (apt-get install chromium chromium-driver)");
    }
    LocalService.JAEGER_UI.require(missing.isEmpty());
    jaeger = JaegerLauncher.start().orElseThrow();
    assertThat(jaeger.servesUi()).as(jaeger.description()).isTrue();

    String service = "agent-simulation"; // this Jaeger is the test's own
    LlmTelemetrySdk.Builder sdk =
        LlmTelemetrySdk.builder()
            .setServiceName(service)
            .setEndpoint(jaeger.otlpGrpcEndpoint())
            .setProtocol("grpc")
            .setProperty("otel.metrics.exporter", "none");
    SimulationRun.Result result =
        SimulationRun.run(
            new SimulationConfig(
                4, 4, 2, "llama3.2", "all-minilm", 3, 0.15, "http://127.0.0.1:9", true, true),
            sdk,
            new PrintStream(new ByteArrayOutputStream()));
    spans = result.spans();
    traces = spans.stream().collect(Collectors.groupingBy(SpanData::getTraceId));
    new JaegerQuery(jaeger.queryUrl())
        .awaitTraces(
            service,
            t -> t.stream().mapToInt(x -> x.path("spans").size()).sum() == spans.size(),
            Duration.ofSeconds(30));

    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium().toFile());
    options.addArguments("--headless=new");
    options.addArguments(HeadlessChromium.QUIET_SWITCHES);
    browser =
        new ChromeDriver(
            new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver().toFile())
                .build(),
            options);
    browser.manage().window().setSize(new Dimension(1600, 1200));
  }

  @AfterAll
  void close() {
    if (browser != null) {
      browser.quit();
    }
    if (jaeger != null) {
      jaeger.close();
    }
  }

  @Test
  void aTurnWithAToolCallOpensInTheGenAiViewWithIconsAndTheChatSpansConversation()
      throws Exception {
    // A tool call that returned (the demo's embeddings fail now and then, and so its recall tool):
    // its tab shows the result.
    Predicate<SpanData> returnedTool =
        s ->
            "execute_tool".equals(s.getAttributes().get(OPERATION))
                && s.getStatus().getStatusCode() != StatusCode.ERROR;
    // ...and a chat that answered in text (the demo injects failures, so a turn's chat after its
    // tool can fail: such a turn is not the one to look at).
    Predicate<SpanData> answeredChat =
        s ->
            "chat".equals(s.getAttributes().get(OPERATION))
                && List.of("stop")
                    .equals(
                        s.getAttributes()
                            .get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")));
    List<SpanData> trace = trace(List.of(returnedTool, answeredChat));
    openTrace(trace);

    // Each row's icon says what its span is.
    Map<String, String> iconOf =
        Map.of(
            "invoke_agent",
            "AI Agent",
            "chat",
            "LLM call",
            "embeddings",
            "LLM call",
            "execute_tool",
            "MCP Tool call");
    List<WebElement> rows = browser.findElements(By.cssSelector(".span-name"));
    assertThat(rows).hasSize(trace.size());
    for (WebElement row : rows) {
      String operation = row.findElement(By.cssSelector(".endpoint-name")).getText().split(" ")[0];
      assertThat(row.findElement(By.cssSelector(".GenAISpanIcon")).getDomAttribute("aria-label"))
          .as("icon of %s", row.getText())
          .isEqualTo(iconOf.get(operation));
    }
    assertThat(
            rows.stream()
                .map(r -> r.findElement(By.cssSelector(".endpoint-name")).getText())
                .sorted()
                .toList())
        .isEqualTo(trace.stream().map(SpanData::getName).sorted().toList());

    // The turn's first chat that answered in text (the planner's call after its tool) on its GenAI
    // tab: what the span carries.
    SpanData chat = inTreeOrder(trace).stream().filter(answeredChat).findFirst().orElseThrow();
    click(row(chat, trace));
    WebElement tab = wait(By.cssSelector(".GenAITab"));
    assertThat(browser.findElement(By.cssSelector(".ant-tabs-tab-active")).getText())
        .isEqualTo("GenAI");
    assertThat(meta(tab, ".GenAITab--metaItem", ".GenAITab--metaLabel"))
        .containsEntry("Provider", "ollama")
        .containsEntry("Model", chat.getAttributes().get(MODEL));
    assertThat(meta(tab, ".GenAITab--tokenItem", ".GenAITab--tokenLabel"))
        .containsEntry("Input", String.valueOf(chat.getAttributes().get(INPUT)))
        .containsEntry("Output", String.valueOf(chat.getAttributes().get(OUTPUT)));
    assertThat(message(tab, "system")).isEqualTo(content(chat, "gen_ai.system_instructions", null));
    assertThat(message(tab, "user")).isEqualTo(content(chat, "gen_ai.input.messages", "user"));
    // The planner has a chat memory: earlier answers come first, as input; the output is last.
    assertThat(lastMessage(tab, "assistant"))
        .isEqualTo(content(chat, "gen_ai.output.messages", "assistant"));
    screenshot("jaeger-genai-chat.png");

    // The tool span's GenAI tab: the call, its arguments and result. (The chat's detail closes
    // first.)
    SpanData tool = trace.stream().filter(returnedTool).findFirst().orElseThrow();
    click(row(chat, trace));
    new WebDriverWait(browser, Duration.ofSeconds(10))
        .until(d -> d.findElements(By.cssSelector(".GenAITab")).isEmpty());
    click(row(tool, trace));
    WebElement toolTab = wait(By.cssSelector(".GenAITab"));
    assertThat(toolTab.getText())
        .contains(
            "Tool Call: " + tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.name")))
        .contains(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.id")))
        .contains(tool.getAttributes().get(AttributeKey.stringKey("gen_ai.tool.call.result")));
    screenshot("jaeger-genai-tool.png");
  }

  @Test
  void aFailedCallIsFlaggedOnItsRow() throws Exception {
    List<SpanData> trace =
        trace(
            s ->
                s.getStatus().getStatusCode() == StatusCode.ERROR
                    && s.getAttributes().get(OPERATION) != null
                    && !"invoke_agent".equals(s.getAttributes().get(OPERATION)));
    openTrace(trace);
    List<String> flagged = new ArrayList<>();
    for (WebElement row : browser.findElements(By.cssSelector(".span-name"))) {
      if (!row.findElements(By.cssSelector(".SpanBarRow--errorIcon")).isEmpty()) {
        flagged.add(row.findElement(By.cssSelector(".endpoint-name")).getText());
      }
    }
    assertThat(flagged)
        .as("flagged rows")
        .containsExactlyInAnyOrderElementsOf(
            trace.stream()
                .filter(s -> s.getStatus().getStatusCode() == StatusCode.ERROR)
                .map(SpanData::getName)
                .toList());
    screenshot("jaeger-genai-failed.png");
  }

  /** A trace of the run with a span that satisfies {@code test}. */
  List<SpanData> trace(Predicate<SpanData> test) {
    return trace(List.of(test));
  }

  /** The first trace in which each test matches some span. */
  List<SpanData> trace(List<Predicate<SpanData>> tests) {
    return traces.values().stream()
        .filter(t -> tests.stream().allMatch(test -> t.stream().anyMatch(test)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the demo run made no such span"));
  }

  void openTrace(List<SpanData> trace) {
    browser.get(jaeger.queryUrl() + "/trace/" + trace.get(0).getTraceId());
    new WebDriverWait(browser, Duration.ofSeconds(20))
        .until(d -> d.findElements(By.cssSelector(".span-name")).size() == trace.size());
    // The view switches itself to GenAI: no click.
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("GenAI View");
  }

  /**
   * The row of {@code span}: rows are the trace's spans depth first, children by start time, as
   * Jaeger lists them; spans of the same name are told apart by their place in that order.
   */
  WebElement row(SpanData span, List<SpanData> trace) {
    List<SpanData> sameName =
        inTreeOrder(trace).stream().filter(s -> s.getName().equals(span.getName())).toList();
    List<WebElement> rows =
        browser.findElements(By.cssSelector(".span-name")).stream()
            .filter(
                r ->
                    r.findElement(By.cssSelector(".endpoint-name"))
                        .getText()
                        .equals(span.getName()))
            .toList();
    assertThat(rows).hasSameSizeAs(sameName);
    return rows.get(sameName.indexOf(span));
  }

  /** Clicks {@code element} in the middle of the window: the sticky header must not cover it. */
  void click(WebElement element) {
    browser.executeScript("arguments[0].scrollIntoView({block: 'center'});", element);
    element.click();
  }

  /** The trace's spans depth first from its root, children by start time. */
  static List<SpanData> inTreeOrder(List<SpanData> trace) {
    Map<String, List<SpanData>> children =
        trace.stream().collect(Collectors.groupingBy(SpanData::getParentSpanId));
    List<SpanData> ordered = new ArrayList<>();
    java.util.ArrayDeque<SpanData> stack = new java.util.ArrayDeque<>();
    trace.stream().filter(s -> !s.getParentSpanContext().isValid()).forEach(stack::push);
    while (!stack.isEmpty()) {
      SpanData span = stack.pop();
      ordered.add(span);
      List<SpanData> kids = new ArrayList<>(children.getOrDefault(span.getSpanId(), List.of()));
      kids.sort(Comparator.comparingLong(SpanData::getStartEpochNanos).reversed());
      kids.forEach(stack::push);
    }
    return ordered;
  }

  WebElement wait(By by) {
    return new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> d.findElement(by));
  }

  static Map<String, String> meta(WebElement tab, String item, String label) {
    return tab.findElements(By.cssSelector(item)).stream()
        .collect(
            Collectors.toMap(
                e -> e.findElement(By.cssSelector(label)).getText(),
                e ->
                    e.getText()
                        .substring(e.findElement(By.cssSelector(label)).getText().length())
                        .trim(),
                (a, b) -> a));
  }

  /** The first message of {@code role} on the GenAI tab, shown as plain text. */
  static String message(WebElement tab, String role) {
    return plainText(tab.findElement(By.cssSelector(".GenAITab--message-" + role)));
  }

  /** The last message of {@code role} on the GenAI tab, shown as plain text. */
  static String lastMessage(WebElement tab, String role) {
    List<WebElement> messages = tab.findElements(By.cssSelector(".GenAITab--message-" + role));
    assertThat(messages).as("%s messages on the GenAI tab", role).isNotEmpty();
    return plainText(messages.get(messages.size() - 1));
  }

  static String plainText(WebElement message) {
    new Select(message.findElement(By.cssSelector(".GenAITab--formatSelect")))
        .selectByValue("plain");
    return message.findElement(By.cssSelector(".GenAITab--messageContent")).getText();
  }

  /**
   * The text of the first part of a span's captured messages (of {@code role}; instructions: none).
   */
  static String content(SpanData span, String key, String role) throws IOException {
    JsonNode json = JSON.readTree(span.getAttributes().get(AttributeKey.stringKey(key)));
    if (role == null) {
      return json.get(0).get("content").asText();
    }
    for (JsonNode message : json) {
      if (role.equals(message.get("role").asText())) {
        return message.get("parts").get(0).get("content").asText();
      }
    }
    throw new AssertionError("no " + role + " message in " + key);
  }

  void screenshot(String name) throws IOException {
    Path shot = Path.of("target", name);
    Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    if (Boolean.getBoolean("docs.screenshots")) {
      Files.copy(shot, Path.of("..", "docs", name), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static Path chromium() {
    return Path.of(Optional.ofNullable(System.getenv("CHROMIUM_BIN")).orElse("/usr/bin/chromium"));
  }

  static Path chromedriver() {
    return Path.of(
        Optional.ofNullable(System.getenv("CHROMEDRIVER_BIN")).orElse("/usr/bin/chromedriver"));
  }
}

package io.otelllm.benchmarks;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.otelllm.core.LlmTelemetry;
import io.otelllm.core.spi.LlmCall;
import io.otelllm.core.spi.LlmRequest;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What otel-llm costs an LLM call, with the real SDK (batch span processor, no-call exporter;
 * periodic metric reader, no-call exporter) and models that answer instantly in-process. {@link
 * #floor} is the same telemetry written by hand with the OpenTelemetry API.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OverheadBenchmark {

  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<List<String>> FINISH =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Long> IN = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUT = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");

  OpenTelemetrySdk sdk;
  Tracer tracer;
  DoubleHistogram duration;
  LongHistogram tokens;
  ChatModel untraced;
  ChatModel traced;
  ChatModel tracedCapturing;
  StreamingChatModel untracedStream;
  StreamingChatModel tracedStream;
  LlmTelemetry telemetry;
  ChatRequest request;
  ChatRequest request4k;
  StreamingChatResponseHandler chunkHandlerUntraced;
  StreamingChatResponseHandler chunkHandlerTraced;
  StreamingChatResponseHandler chunkHandlerTracedNoContext;
  LlmCall openStream;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    sdk = NoExportSdk.create();
    tracer = sdk.getTracer("floor");
    Meter meter = sdk.getMeter("floor");
    duration = meter.histogramBuilder("floor.duration").setUnit("s").build();
    tokens = meter.histogramBuilder("floor.tokens").ofLongs().build();

    LangChain4jTelemetry lc4j =
        LangChain4jTelemetry.builder(sdk).setCaptureMessageContent(false).build();
    telemetry = lc4j.telemetry();
    LangChain4jTelemetry capturing =
        LangChain4jTelemetry.builder(sdk).setCaptureMessageContent(true).build();
    untraced = new InstantModels.Chat();
    traced = lc4j.wrap(untraced);
    tracedCapturing = capturing.wrap(untraced);
    untracedStream = new InstantModels.Streaming(200);
    tracedStream = lc4j.wrap(untracedStream);

    request =
        ChatRequest.builder()
            .modelName("llama3.2")
            .temperature(0.7)
            .maxOutputTokens(256)
            .messages(UserMessage.from("Why is the sky blue?"))
            .build();
    String fourKb =
        "The village baker kneads rye at dawn. ".repeat(4096 / 38 + 1).substring(0, 4096);
    request4k =
        ChatRequest.builder()
            .modelName("llama3.2")
            .temperature(0.7)
            .maxOutputTokens(256)
            .messages(SystemMessage.from("You are Ada."), UserMessage.from(fourKb))
            .build();

    // A stream in flight, past its first chunk: what every later chunk goes through.
    chunkHandlerUntraced = new InstantModels.CountingHandler();
    openStream =
        telemetry
            .llmCall(
                LlmRequest.builder("chat", "ollama")
                    .setRequestModel("llama3.2")
                    .setStream(true)
                    .build())
            .start();
    chunkHandlerTraced =
        new io.otelllm.langchain4j.internal.TracingStreamingHandler(
            openStream, Context.root(), new InstantModels.CountingHandler(), false, true);
    chunkHandlerTracedNoContext =
        new io.otelllm.langchain4j.internal.TracingStreamingHandler(
            openStream, Context.root(), new InstantModels.CountingHandler(), false, false);
    chunkHandlerTraced.onPartialResponse(InstantModels.PARTIAL, InstantModels.PARTIAL_CONTEXT);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    openStream.end(null);
    sdk.close();
  }

  /** The same span attributes and histogram recordings, written by hand. */
  @Benchmark
  public void floor() {
    Span span =
        tracer
            .spanBuilder("chat llama3.2")
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(OPERATION, "chat")
            .setAttribute(PROVIDER, "ollama")
            .setAttribute(REQUEST_MODEL, "llama3.2")
            .setAttribute(AttributeKey.doubleKey("gen_ai.request.temperature"), 0.7)
            .setAttribute(AttributeKey.longKey("gen_ai.request.max_tokens"), 256L)
            .startSpan();
    long start = System.nanoTime();
    ChatResponse response = untraced.chat(request);
    span.setAttribute(RESPONSE_MODEL, response.modelName());
    span.setAttribute(FINISH, List.of("stop"));
    span.setAttribute(IN, (long) response.tokenUsage().inputTokenCount());
    span.setAttribute(OUT, (long) response.tokenUsage().outputTokenCount());
    span.end();
    Attributes metricAttributes =
        Attributes.of(
            OPERATION,
            "chat",
            PROVIDER,
            "ollama",
            REQUEST_MODEL,
            "llama3.2",
            RESPONSE_MODEL,
            response.modelName());
    duration.record((System.nanoTime() - start) / 1e9, metricAttributes);
    tokens.record(
        response.tokenUsage().inputTokenCount(),
        metricAttributes.toBuilder().put(TOKEN_TYPE, "input").build());
    tokens.record(
        response.tokenUsage().outputTokenCount(),
        metricAttributes.toBuilder().put(TOKEN_TYPE, "output").build());
  }

  @Benchmark
  public ChatResponse syncUntraced() {
    return untraced.chat(request);
  }

  @Benchmark
  public ChatResponse syncTraced() {
    return traced.chat(request);
  }

  /** A 4 KB prompt with capture off: no message JSON may be built. */
  @Benchmark
  public ChatResponse sync4kPromptCaptureOff() {
    return traced.chat(request4k);
  }

  /** A 4 KB prompt with capture on: the JSON is built, redacted (no-call) and size-checked. */
  @Benchmark
  public ChatResponse sync4kPromptCaptureOn() {
    return tracedCapturing.chat(request4k);
  }

  /** One chunk after the first, straight to the user's handler. */
  @Benchmark
  public void chunkUntraced() {
    chunkHandlerUntraced.onPartialResponse(InstantModels.PARTIAL, InstantModels.PARTIAL_CONTEXT);
  }

  /**
   * One chunk after the first, through otel-llm's handler (count + context current for the
   * callback).
   */
  @Benchmark
  public void chunkTraced() {
    chunkHandlerTraced.onPartialResponse(InstantModels.PARTIAL, InstantModels.PARTIAL_CONTEXT);
  }

  /** The same, with the handler-context option off: counting only. */
  @Benchmark
  public void chunkTracedWithoutHandlerContext() {
    chunkHandlerTracedNoContext.onPartialResponse(
        InstantModels.PARTIAL, InstantModels.PARTIAL_CONTEXT);
  }

  @Benchmark
  public void stream200Untraced(Blackhole bh) {
    InstantModels.CountingHandler h = new InstantModels.CountingHandler();
    untracedStream.chat(request, h);
    bh.consume(h.chunks);
  }

  @Benchmark
  public void stream200Traced(Blackhole bh) {
    InstantModels.CountingHandler h = new InstantModels.CountingHandler();
    tracedStream.chat(request, h);
    bh.consume(h.chunks);
  }

  /** An agent turn with five traced calls. */
  @Benchmark
  public void agentTurn5Calls(Blackhole bh) {
    telemetry
        .agentTurn("Ada")
        .setTurnNumber(1)
        .run(
            () -> {
              for (int i = 0; i < 5; i++) {
                bh.consume(traced.chat(request));
              }
            });
  }
}

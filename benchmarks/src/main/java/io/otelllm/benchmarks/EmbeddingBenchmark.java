package io.otelllm.benchmarks;

import com.sun.net.httpserver.HttpServer;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.ollama.OllamaEmbeddingModel;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.otelllm.langchain4j.LangChain4jTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
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

/**
 * A large embedding batch — 256 texts × 1 024 dimensions, about 3 MB of JSON — through
 * langchain4j-ollama over real HTTP, untraced and traced (otel-llm's decorator and HTTP layer,
 * which reads Ollama's timings from that body). The server answers from memory, so what differs
 * between the two is what telemetry costs on a body that is almost all vectors.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EmbeddingBenchmark {
  static final int TEXTS = 256;
  static final int DIMENSIONS = 1024;

  HttpServer server;
  OpenTelemetrySdk sdk;
  EmbeddingModel untraced;
  EmbeddingModel traced;
  List<TextSegment> batch;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    byte[] answer = embedAnswer(TEXTS, DIMENSIONS);
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(2));
    server.createContext(
        "/api/embed",
        exchange -> {
          try (exchange;
              InputStream in = exchange.getRequestBody()) {
            in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(answer);
            }
          }
        });
    server.start();
    String baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();

    sdk = NoExportSdk.create();
    LangChain4jTelemetry lc4j = LangChain4jTelemetry.create(sdk);
    untraced = model(baseUrl).build();
    traced = lc4j.wrap(model(baseUrl).httpClientBuilder(lc4j.httpClientBuilder()).build());
    batch = new ArrayList<>();
    for (int i = 0; i < TEXTS; i++) {
      batch.add(TextSegment.from("memory " + i + ": the baker sold rye bread at dawn"));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    server.stop(0);
    sdk.close();
  }

  static OllamaEmbeddingModel.OllamaEmbeddingModelBuilder model(String baseUrl) {
    return OllamaEmbeddingModel.builder()
        .baseUrl(baseUrl)
        .modelName("nomic-embed-text")
        .timeout(Duration.ofSeconds(60))
        .maxRetries(0);
  }

  /** What Ollama's /api/embed answers: L2-normalised float32 vectors, then its timings. */
  static byte[] embedAnswer(int texts, int dimensions) {
    Random random = new Random(42);
    StringBuilder json = new StringBuilder("{\"model\":\"nomic-embed-text\",\"embeddings\":[");
    for (int t = 0; t < texts; t++) {
      json.append(t == 0 ? "[" : ",[");
      double[] v = new double[dimensions];
      double norm = 0;
      for (int d = 0; d < dimensions; d++) {
        v[d] = random.nextGaussian();
        norm += v[d] * v[d];
      }
      for (int d = 0; d < dimensions; d++) {
        json.append(d == 0 ? "" : ",").append((float) (v[d] / Math.sqrt(norm)));
      }
      json.append(']');
    }
    json.append(
        "],\"total_duration\":412345678,\"load_duration\":1234567,\"prompt_eval_count\":3072}");
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public List<Embedding> embedBatchUntraced() {
    return untraced.embedAll(batch).content();
  }

  @Benchmark
  public List<Embedding> embedBatchTraced() {
    return traced.embedAll(batch).content();
  }
}

package io.otelllm.benchmarks;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-call cost of the Java agent extension: a plain, unwrapped {@code ChatModel.chat} on the
 * instant model, with no telemetry code. Run as is it is the untraced call; run with {@code
 * -jvmArgsAppend} naming the agent (and the extension) it is the call as the agent alone (and the
 * extension) make it — see benchmarks/README.md for the three commands.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class ZeroCodeBenchmark {

  private final ChatModel model = new InstantModels.Chat();
  private final ChatRequest request =
      ChatRequest.builder().messages(UserMessage.from("Hello")).modelName("llama3.2").build();

  /** One chat call of a model the application built itself. */
  @Benchmark
  public ChatResponse chat() {
    return model.chat(request);
  }
}

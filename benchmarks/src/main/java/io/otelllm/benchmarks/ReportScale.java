package io.otelllm.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.management.GcInfo;
import io.otelllm.calllog.internal.LlmCallJson;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.report.LlmReport;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * How the report scales: for each size, a generated call log of that many calls, the report run
 * over it in a fresh JVM with a 256 MB heap (wall time from launch to exit, calls per second, the
 * heap's peak use), and — for scale — a Python loop that does nothing but {@code json.loads} each
 * line of the same file. A harness, not JMH: it is a cold process over a file, as a user runs it.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.otelllm.benchmarks.ReportScale /tmp/scale 100000 1000000 10000000
 * </pre>
 */
public final class ReportScale {

  private ReportScale() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    System.out.println(
        "| calls | log | report (−Xmx256m) | calls/s | peak heap used | max heap after GC |"
            + " Python json.loads loop | report ÷ Python |");
    System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for (int i = 1; i < args.length; i++) {
      long n = Long.parseLong(args[i]);
      Path log = dir.resolve("calls-" + n + ".log");
      if (!Files.exists(log)) {
        generate(log, n);
      }
      double[] report = runReport(log);
      double python = runPython(log);
      System.out.printf(
          "| %,d | %,d MB | %.1f s | %,.0f | %.0f MB | %.1f MB | %s | %s |%n",
          n,
          Files.size(log) / (1024 * 1024),
          report[0],
          n / report[0],
          report[1],
          report[2],
          python < 0 ? "-" : String.format("%.1f s", python),
          python < 0 ? "-" : String.format("%.2f", report[0] / python));
    }
  }

  /**
   * A log of {@code n} calls: four labels, 25 agents, every 50th failed, a cold start now and then.
   */
  static void generate(Path log, long n) throws IOException {
    String[] labels = {"planning", "dialogue", "memory_consolidation", "memory_embedding"};
    Instant start = Instant.parse("2026-11-20T00:00:00Z");
    try (BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
      for (long i = 0; i < n; i++) {
        boolean ok = i % 50 != 0;
        out.write(
            LlmCallJson.toLine(
                LlmCallRecord.builder()
                    .setRequestId(Long.toHexString(i * 2654435761L))
                    .setTraceId(Long.toHexString(i * 40503L) + "0123456789abcdef")
                    .setTimestamp(start.plusMillis(i * 50))
                    .setLabel(labels[(int) (i % 4)])
                    .setOperation("chat")
                    .setProvider("ollama")
                    .setRequestModel("llama3.2")
                    .setResponseModel("llama3.2:latest")
                    .setAgent("agent-" + (i % 25))
                    .setSuccess(ok)
                    .setErrorType(ok ? null : "java.net.ConnectException")
                    .setErrorMessage(ok ? null : "Connection refused")
                    .setDurationMs(80 + (i * 7919 % 2000) / 1.7)
                    .setTtftMs(i % 2 == 0 ? 40.0 + (i % 97) : null)
                    .setPromptTokens(200 + i % 400)
                    .setCompletionTokens(20 + i % 80)
                    .setTotalTokens(220 + i % 400 + i % 80)
                    .setLoadMs(i % 10_000 == 0 ? 900.0 : 1.2)
                    .setPromptEvalMs(20.5)
                    .setEvalMs(80.25)
                    .setServerTotalMs(101.5)
                    .setColdStart(i % 10_000 == 0)
                    .build()));
        out.write('\n');
      }
    }
  }

  /**
   * Seconds from launch to exit, peak heap MB (garbage included: the collector lets it grow to what
   * the heap allows) and the most heap in use right after a collection (what the report keeps) over
   * {@code log}.
   */
  static double[] runReport(Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Child.class.getName());
    command.add(log.toString());
    long started = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IllegalStateException("the report failed:\n" + out);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    return new double[] {seconds, number(out, "peak-heap-mb "), number(out, "live-heap-mb ")};
  }

  private static double number(String out, String prefix) {
    String line = out.lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow();
    return Double.parseDouble(line.substring(prefix.length()));
  }

  /** Seconds the parse-only Python loop takes over {@code log}; -1 without python3. */
  static double runPython(Path log) throws InterruptedException {
    try {
      long started = System.nanoTime();
      Process p =
          new ProcessBuilder(
                  "python3",
                  "-c",
                  "import json, sys\nfor line in open(sys.argv[1], 'rb'):\n    json.loads(line)",
                  log.toString())
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        return -1;
      }
      return (System.nanoTime() - started) / 1e9;
    } catch (IOException e) {
      return -1;
    }
  }

  /** The report, in the forked JVM; then the heap's peak use and its most after a collection. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws IOException {
      // The heap in use right after each collection is what the report keeps; its maximum over
      // the run is the memory the report needs, whatever the collector let the garbage grow to.
      AtomicLong maxAfterGc = new AtomicLong();
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        ((NotificationEmitter) gc)
            .addNotificationListener(
                (notification, handback) -> {
                  GcInfo info =
                      GarbageCollectionNotificationInfo.from(
                              (CompositeData) notification.getUserData())
                          .getGcInfo();
                  long used =
                      info.getMemoryUsageAfterGc().values().stream()
                          .mapToLong(MemoryUsage::getUsed)
                          .sum();
                  maxAfterGc.accumulateAndGet(used, Math::max);
                },
                n ->
                    n.getType()
                        .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION),
                null);
      }
      Path dir = Files.createTempDirectory("report-scale");
      int code =
          LlmReport.run(
              new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
              args[0],
              "--html",
              dir.resolve("report.html").toString(),
              "--markdown",
              dir.resolve("report.md").toString());
      if (code != 0) {
        throw new IllegalStateException("the report exited with " + code);
      }
      long peak = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peak += pool.getPeakUsage().getUsed();
        }
      }
      System.out.println("peak-heap-mb " + peak / (1024.0 * 1024.0));
      System.out.println("live-heap-mb " + maxAfterGc.get() / (1024.0 * 1024.0));
    }
  }
}

package io.otelllm.integration.stop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A forked JVM whose output lines are collected as they come, to be stopped as the world stops
 * applications: SIGTERM, or SIGKILL.
 */
final class RunningProcess {
  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private RunningProcess(Process process) {
    this.process = process;
    this.reader =
        new Thread(
            () -> {
              try (BufferedReader out =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process is gone: what was read is what it printed
              }
            },
            "output of " + process.pid());
    reader.start();
  }

  static RunningProcess start(ProcessBuilder builder) throws IOException {
    return new RunningProcess(builder.start());
  }

  /** The lines printed so far. */
  List<String> lines() {
    return lines;
  }

  /** Waits until {@code condition} holds over the lines so far, the process ends, or 2 minutes. */
  void awaitOutput(Predicate<List<String>> condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (!condition.test(lines) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Sends SIGTERM and waits (at most 30 s) for the process to exit and its output to end; how long
   * it took to exit, or {@code null} if it did not (then it is killed).
   */
  Duration sigtermAndAwaitExit() throws InterruptedException {
    long sent = System.nanoTime();
    // Through the handle: Process.destroy() sends the same signal but also closes our end of the
    // process's output, and what it prints while it shuts down would be lost.
    if (!process.toHandle().destroy()) {
      throw new IllegalStateException("SIGTERM could not be sent to " + process.pid());
    }
    boolean exited = process.waitFor(30, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - sent);
    if (!exited) {
      process.destroyForcibly();
      return null;
    }
    reader.join(10_000);
    return took;
  }

  /** Sends SIGKILL — as {@code kill -9} or the kernel's OOM killer — and waits for the exit. */
  void sigkillAndAwaitExit() throws InterruptedException {
    if (!process.toHandle().destroyForcibly()) {
      throw new IllegalStateException("SIGKILL could not be sent to " + process.pid());
    }
    process.waitFor(30, TimeUnit.SECONDS);
    reader.join(10_000);
  }

  int exitValue() {
    return process.exitValue();
  }
}

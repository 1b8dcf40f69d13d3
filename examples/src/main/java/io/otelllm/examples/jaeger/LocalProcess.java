package io.otelllm.examples.jaeger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A Go-built service (Jaeger, the collector) run as a child process with its config taken from the
 * classpath and its ports moved by environment variables; stopped on close or JVM exit.
 */
final class LocalProcess implements AutoCloseable {
  private final String name;
  private final Process process;
  private final Path log;

  private LocalProcess(String name, Process process, Path log) {
    this.name = name;
    this.process = process;
    this.log = log;
  }

  static LocalProcess start(
      String name,
      Path binary,
      List<String> configResources,
      Map<String, String> env,
      BooleanSupplier ready,
      Duration timeout) {
    try {
      Path dir = Files.createTempDirectory("otel-llm-" + name);
      List<String> command = new ArrayList<>(List.of(binary.toString()));
      for (String resource : configResources) {
        // Later files are laid over earlier ones (the collector's way of merging configs).
        Path config = dir.resolve(command.size() + "-" + Path.of(resource).getFileName());
        try (InputStream in = LocalProcess.class.getClassLoader().getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException("missing classpath resource " + resource);
          }
          Files.copy(in, config);
        }
        command.add("--config");
        command.add(config.toString());
      }
      Path log = dir.resolve(name + ".log");
      ProcessBuilder pb =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().putAll(env);
      LocalProcess running = new LocalProcess(name, pb.start(), log);
      Runtime.getRuntime().addShutdownHook(new Thread(running::close));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!ready.getAsBoolean()) {
        if (!running.process.isAlive()) {
          throw new IllegalStateException(
              name + " exited with " + running.process.exitValue() + ":\n" + running.logTail());
        }
        if (System.nanoTime() > deadline) {
          running.close();
          throw new IllegalStateException(
              name + " not ready after " + timeout + ":\n" + running.logTail());
        }
        Thread.sleep(100);
      }
      return running;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " from " + binary, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting " + name, e);
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + ", log " + log + ")";
  }

  String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A free loopback port below the kernel's ephemeral range, for a server that is stopped and
   * started again on the same port: a port in that range can be taken meanwhile as the local port
   * of any outgoing connection (a collector retrying its exports opens dozens), and the restart
   * then fails with "address already in use". Below it, only an explicit bind can take it.
   */
  static int freeFixedPort() {
    int ephemeralLow = ephemeralRangeStart();
    int low = 10_000;
    if (ephemeralLow - low >= 1_000) {
      java.util.concurrent.ThreadLocalRandom random =
          java.util.concurrent.ThreadLocalRandom.current();
      for (int attempt = 0; attempt < 100; attempt++) {
        int port = random.nextInt(low, ephemeralLow);
        try (ServerSocket socket =
            new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
          return socket.getLocalPort();
        } catch (IOException taken) {
          // try another
        }
      }
    }
    return freePort();
  }

  /** The first port of Linux's ephemeral range (32768 unless configured), or 0 when unknown. */
  private static int ephemeralRangeStart() {
    try {
      String range =
          java.nio.file.Files.readString(
                  java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
              .trim();
      return Integer.parseInt(range.split("\\s+", 2)[0]);
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port", e);
    }
  }

  static boolean httpOk(String url) {
    try {
      HttpResponse<Void> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                  HttpResponse.BodyHandlers.discarding());
      return r.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The body of a 200 answer to a GET of {@code url}, if there is one within a second. */
  static java.util.Optional<String> httpBody(String url) {
    try {
      HttpResponse<String> r =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1)).build(),
                  HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? java.util.Optional.of(r.body()) : java.util.Optional.empty();
    } catch (IOException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return java.util.Optional.empty();
    }
  }

  static boolean tcpOpen(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 500);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}

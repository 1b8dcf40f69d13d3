package io.otelllm.testing.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A program run in a JVM of its own, with or without the OpenTelemetry Java agent. */
public final class ForkedJvm {

  /** What the program printed, and how it ended. */
  public record Result(int exitCode, String stdout, String stderr) {

    /** What the program printed after {@code step + ": "}, on the first line that starts so. */
    public String printed(String step) {
      return stdout
          .lines()
          .filter(l -> l.startsWith(step + ": "))
          .map(l -> l.substring(step.length() + 2))
          .findFirst()
          .orElseThrow(() -> new AssertionError("the program printed no " + step + ":\n" + this));
    }
  }

  private ForkedJvm() {}

  /**
   * The test class path's entries that {@code keep} accepts, by name: a jar's file name, or for a
   * module's {@code target/classes} (or {@code test-classes}) the module's directory name.
   */
  public static String classPath(Predicate<String> keep) {
    List<String> kept = new ArrayList<>();
    for (String entry : classPathEntries()) {
      if (keep.test(nameOf(Path.of(entry)))) {
        kept.add(entry);
      }
    }
    return String.join(File.pathSeparator, kept);
  }

  private static List<String> classPathEntries() {
    return List.of(
        java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(File.pathSeparator))
            .split(System.getProperty("java.class.path", "")));
  }

  private static String nameOf(Path entry) {
    String name = entry.getFileName().toString();
    if ((name.equals("classes") || name.equals("test-classes"))
        && entry.getParent() != null
        && entry.getParent().getParent() != null) {
      return entry.getParent().getParent().getFileName() + "/" + name;
    }
    return name;
  }

  /** The jar of the test class path named {@code artifact}-{version}.jar. */
  public static Path jar(String artifact) {
    for (String entry : classPathEntries()) {
      String name = Path.of(entry).getFileName().toString();
      if (name.matches(java.util.regex.Pattern.quote(artifact) + "-\\d[^-]*\\.jar")) {
        return Path.of(entry);
      }
    }
    throw new IllegalStateException("no " + artifact + " jar on the test class path");
  }

  /** Runs {@code mainClass} with {@code jvmArgs} and waits (two minutes at most) for it to end. */
  public static Result run(
      List<String> jvmArgs, String classPath, String mainClass, List<String> args)
      throws IOException, InterruptedException {
    return run(jvmArgs, classPath, mainClass, args, java.util.Map.of());
  }

  /**
   * {@link #run(List, String, String, List)} with {@code environment} added to this JVM's (a user's
   * {@code OTEL_*} settings, say); its standard input is empty.
   */
  public static Result run(
      List<String> jvmArgs,
      String classPath,
      String mainClass,
      List<String> args,
      java.util.Map<String, String> environment)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.addAll(args);
    Path out = Files.createTempFile("forked", ".out");
    Path err = Files.createTempFile("forked", ".err");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      builder.environment().putAll(environment);
      Process process = builder.start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the forked program did not end in two minutes: "
                + Files.readString(err, StandardCharsets.UTF_8));
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}

package io.otelllm.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.otelllm.testing.internal.HeadlessChromium;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A real headless Chromium, as the probe here starts it, for opening the report. */
final class Chromium {

  private Chromium() {}

  /** Runs headless Chromium on {@code page} with {@code action} (--dump-dom: returns the DOM). */
  static String run(Path binary, String action, Path page, Path dir)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--headless"));
    command.addAll(HeadlessChromium.QUIET_SWITCHES);
    command.addAll(
        List.of(
            "--user-data-dir=" + Files.createTempDirectory(dir, "profile"),
            "--window-size=1400,1900",
            "--virtual-time-budget=5000",
            action,
            page.toUri().toString()));
    Path out = Files.createTempFile(dir, "chromium", ".out");
    Process p =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(p.exitValue()).isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  /** Debian's Chromium, or CHROMIUM_BIN. */
  static Optional<Path> find() {
    String named = System.getenv("CHROMIUM_BIN");
    for (String candidate :
        named != null
            ? List.of(named)
            : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      Path p = Path.of(candidate);
      if (Files.isExecutable(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }
}

package io.otelllm.calllog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The log read in one pass: every call in file order, bad lines named by number wherever they fall
 * (inside a block of lines, across the reader's buffer boundaries, last and cut short).
 */
class LlmCallLogReaderTest {

  @TempDir Path dir;

  static LlmCallRecord call(long i) {
    return LlmCallRecord.builder()
        .setRequestId("id-" + i)
        .setTimestamp(Instant.EPOCH.plusMillis(i))
        .setLabel("label")
        .setOperation("chat")
        .setProvider("ollama")
        .setRequestModel("llama3.2")
        .setAgent("agent-" + i % 7)
        .setSuccess(true)
        .setDurationMs(i)
        .setPromptTokens(i)
        .setColdStart(false)
        .build();
  }

  @Test
  void aLargeLogIsReadWhole_andBadLinesAreNamedWhereverTheyFall() throws IOException {
    // 20,000 lines of ~330 bytes: many 64 KiB reads, so lines and bad lines straddle reads.
    Path log = dir.resolve("calls.log");
    long written = 0;
    try (OutputStream out = Files.newOutputStream(log)) {
      for (long line = 1; line <= 20_000; line++) {
        String text;
        if (line == 1) {
          text = "not json";
        } else if (line == 150) {
          text = "{\"request_id\":\"x\"}";
        } else if (line == 199 || line == 200) {
          text = LlmCallJson.toLine(call(line)).replace(",\"label\"", ",\n\"label\"");
          line++; // the call spread over lines 199 and 200: two bad halves
        } else if (line == 5_000) {
          text = LlmCallJson.toLine(call(line)) + LlmCallJson.toLine(call(line));
        } else if (line == 19_999) {
          text = "";
        } else {
          text = LlmCallJson.toLine(call(line));
          written++;
        }
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
      out.write(
          LlmCallJson.toLine(call(20_001)).substring(0, 100).getBytes(StandardCharsets.UTF_8));
    }
    List<Long> seen = new ArrayList<>();
    List<String> problems = new ArrayList<>();

    LlmCallLogReader.Result result =
        LlmCallLogReader.read(
            log,
            c -> seen.add(c.durationMs() == Math.rint(c.durationMs()) ? (long) c.durationMs() : -1),
            (file, line, why) -> problems.add(file.getFileName() + ":" + line + " " + why));

    assertThat(result.calls()).isEqualTo(written).isEqualTo(seen.size());
    assertThat(result.skippedLines()).isEqualTo(6);
    assertThat(seen).isSorted().doesNotContain(-1L, 150L, 199L, 5_000L, 19_999L);
    assertThat(seen.get(0)).isEqualTo(2L);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(20_000L);
    assertThat(problems)
        .containsExactly(
            "calls.log:1 not JSON (Unrecognized token 'not': was expecting (JSON String, Number,"
                + " Array, Object or token 'null', 'true' or 'false'))",
            "calls.log:150 missing field timestamp",
            "calls.log:199 not JSON (the line ends inside the object)",
            "calls.log:200 not a JSON object",
            "calls.log:5000 more than one JSON value on the line",
            "calls.log:20001 not JSON (the line ends inside the object)");
  }

  @Test
  void anEmptyFileHasNoCallsAndNoProblems() throws IOException {
    Path empty = Files.createFile(dir.resolve("empty.log"));
    List<String> problems = new ArrayList<>();

    LlmCallLogReader.Result result =
        LlmCallLogReader.read(
            empty, c -> problems.add("call"), (f, l, why) -> problems.add(l + " " + why));

    assertThat(result).isEqualTo(new LlmCallLogReader.Result(empty, 0, 0));
    assertThat(problems).isEmpty();
  }

  @Test
  void windowsLineEndsAndALineLongerThanTheBufferAreRead() throws IOException {
    Path log = dir.resolve("crlf.log");
    LlmCallRecord longLabel =
        LlmCallRecord.builder()
            .setRequestId("long")
            .setTimestamp(Instant.EPOCH)
            .setLabel("x".repeat(200_000))
            .setSuccess(true)
            .setDurationMs(3)
            .setColdStart(false)
            .build();
    Files.writeString(
        log,
        LlmCallJson.toLine(call(1))
            + "\r\n"
            + LlmCallJson.toLine(longLabel)
            + "\r\n"
            + LlmCallJson.toLine(call(2))
            + "\r\n",
        StandardCharsets.UTF_8);
    List<LlmCallRecord> calls = new ArrayList<>();

    LlmCallLogReader.Result result =
        LlmCallLogReader.read(log, calls::add, (f, l, why) -> calls.add(null));

    assertThat(result.calls()).isEqualTo(3);
    assertThat(calls).extracting(LlmCallRecord::requestId).containsExactly("id-1", "long", "id-2");
    assertThat(calls.get(1).label()).hasSize(200_000);
  }
}

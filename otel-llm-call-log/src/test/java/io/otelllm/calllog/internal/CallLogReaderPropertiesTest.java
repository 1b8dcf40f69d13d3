package io.otelllm.calllog.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Properties of the call-log reader, which reads files anyone may have written: a call's line reads
 * back as the same call; whatever lines surround them, the reader hands on exactly the calls, in
 * order, names every other non-blank line, and throws nothing.
 */
class CallLogReaderPropertiesTest {
  static Path dir;

  @BeforeContainer
  static void directory() throws IOException {
    dir = Files.createTempDirectory("call-log-properties");
  }

  @AfterContainer
  static void removeDirectory() throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.delete(f);
      }
    }
    Files.delete(dir);
  }

  @Property
  void aCallsLineReadsBackAsTheSameCall(@ForAll("calls") LlmCallRecord call) {
    String line = LlmCallJson.toLine(call);
    assertThat(LlmCallJson.toLine(LlmCallJson.parse(line))).isEqualTo(line);
  }

  @Property
  void amongAnyOtherLinesExactlyTheCallsAreReadAndTheRestNamed(@ForAll("logs") List<Object> entries)
      throws IOException {
    Path file = Files.createTempFile(dir, "log", ".log");
    List<String> expected = new ArrayList<>();
    long expectedSkipped = 0;
    try (var out = Files.newOutputStream(file)) {
      for (Object entry : entries) {
        byte[] line;
        if (entry instanceof LlmCallRecord call) {
          // As the exporter writes it: in UTF-8, where a lone surrogate of a name becomes '?'.
          line = LlmCallJson.toLine(call).getBytes(StandardCharsets.UTF_8);
          expected.add(new String(line, StandardCharsets.UTF_8));
        } else {
          line = (byte[]) entry;
          if (!blank(line)) {
            expectedSkipped++;
          }
        }
        out.write(line);
        out.write('\n');
      }
    }
    List<String> read = new ArrayList<>();
    List<Long> skippedLines = new ArrayList<>();
    LlmCallLogReader.Result result =
        LlmCallLogReader.read(
            file, c -> read.add(LlmCallJson.toLine(c)), (f, line, why) -> skippedLines.add(line));
    assertThat(read).isEqualTo(expected);
    assertThat(result.calls()).isEqualTo(expected.size());
    assertThat(result.skippedLines()).isEqualTo(expectedSkipped);
    assertThat(skippedLines).isSorted().doesNotHaveDuplicates().allMatch(n -> n <= entries.size());
    Files.delete(file);
  }

  @Property
  void onAnyBytesNothingIsThrown(@ForAll("bytes") byte[] content) {
    try {
      Path file = Files.createTempFile(dir, "bytes", ".log");
      Files.write(file, content);
      LlmCallLogReader.read(file, c -> {}, (f, line, why) -> {});
      Files.delete(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean blank(byte[] line) {
    for (byte b : line) {
      if (b != ' ' && b != '\t' && b != '\r') {
        return false;
      }
    }
    return true;
  }

  @Provide
  Arbitrary<LlmCallRecord> calls() {
    Arbitrary<String> names = Arbitraries.strings().all().ofMaxLength(40).injectNull(0.2);
    Arbitrary<Double> millis =
        Arbitraries.longs().between(0, 86_400_000_000L).map(micros -> micros / 1000.0);
    Arbitrary<Long> tokens = Arbitraries.longs().between(0, 1_000_000_000_000L).injectNull(0.3);
    Arbitrary<Instant> times =
        Arbitraries.longs()
            .between(
                Instant.parse("0001-01-01T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-31T23:59:59Z").getEpochSecond())
            .flatMap(
                s ->
                    Arbitraries.integers()
                        .between(0, 999_999_999)
                        .map(n -> Instant.ofEpochSecond(s, n)));
    return Builders.withBuilder(LlmCallRecord::builder)
        .use(Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(16))
        .in(LlmCallRecord.Builder::setRequestId)
        .use(times)
        .in(LlmCallRecord.Builder::setTimestamp)
        .use(names)
        .in(LlmCallRecord.Builder::setLabel)
        .use(names)
        .in(LlmCallRecord.Builder::setAgent)
        .use(names)
        .in(LlmCallRecord.Builder::setRequestModel)
        .use(Arbitraries.of(true, false))
        .in(LlmCallRecord.Builder::setSuccess)
        .use(names)
        .in(LlmCallRecord.Builder::setErrorType)
        .use(names)
        .in(LlmCallRecord.Builder::setErrorMessage)
        .use(millis)
        .in(LlmCallRecord.Builder::setDurationMs)
        .use(millis.injectNull(0.5))
        .in(LlmCallRecord.Builder::setTtftMs)
        .use(tokens)
        .in(LlmCallRecord.Builder::setPromptTokens)
        .use(tokens)
        .in(LlmCallRecord.Builder::setCompletionTokens)
        .use(millis.injectNull(0.5))
        .in(LlmCallRecord.Builder::setLoadMs)
        .use(Arbitraries.of(true, false))
        .in(LlmCallRecord.Builder::setColdStart)
        .build(LlmCallRecord.Builder::build);
  }

  /** Calls among garbage: random bytes, JSON-ish text, a call cut short, lines past 64 KiB. */
  @Provide
  Arbitrary<List<Object>> logs() {
    Arbitrary<byte[]> noise =
        Arbitraries.bytes().filter(b -> b != '\n').array(byte[].class).ofMaxSize(300);
    Arbitrary<byte[]> jsonish =
        Arbitraries.strings()
            .withChars("{}[]\":,\\ -0123456789.eEtrufalsn_dimq")
            .ofMaxLength(200)
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> cutCalls =
        Combinators.combine(calls(), Arbitraries.doubles().between(0, 0.99))
            .as(
                (call, at) -> {
                  String line = LlmCallJson.toLine(call);
                  return line.substring(0, (int) (line.length() * at))
                      .getBytes(StandardCharsets.UTF_8);
                });
    Arbitrary<byte[]> long_ =
        Arbitraries.integers()
            .between(60_000, 200_000)
            .map(n -> ("{\"request_id\":\"" + "x".repeat(n)).getBytes(StandardCharsets.UTF_8));
    Arbitrary<Object> entry =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(10, calls().map(c -> (Object) c)),
            net.jqwik.api.Tuple.of(3, noise.map(b -> (Object) b)),
            net.jqwik.api.Tuple.of(3, jsonish.map(b -> (Object) b)),
            net.jqwik.api.Tuple.of(3, cutCalls.map(b -> (Object) b)),
            net.jqwik.api.Tuple.of(1, long_.map(b -> (Object) b)));
    return entry.list().ofMaxSize(60);
  }

  @Provide
  Arbitrary<byte[]> bytes() {
    return Arbitraries.bytes().array(byte[].class).ofMaxSize(200_000);
  }
}

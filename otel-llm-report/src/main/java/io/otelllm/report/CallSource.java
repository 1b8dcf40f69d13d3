package io.otelllm.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.otelllm.calllog.internal.LlmCallLogReader;
import io.otelllm.calllog.internal.LlmCallRecord;
import io.otelllm.calllog.internal.LlmCallRecords;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the calls come from, handed on one at a time as they are read: JSON-lines logs (files,
 * directories or globs, in time order), or Jaeger's query API, a page of traces at a time.
 */
final class CallSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_PROBLEMS_LISTED = 20;

  /** A rolled log's time in its name (see the llm-jsonl exporter): sorting by it is by time. */
  private static final Pattern ROLLED =
      Pattern.compile("\\.(\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}\\.\\d{3}Z)\\.[^.]*$");

  /** What was read: how many calls, from where, and a line per problem. */
  record Outcome(long calls, List<String> read, List<String> problems) {}

  private CallSource() {}

  /**
   * The log files that {@code inputs} name — files, directories (their {@code *.log} and {@code
   * *.jsonl} files) or globs — oldest first: a rolled file by the time in its name, before the file
   * still being written; a problem per input that names nothing.
   */
  static List<Path> logFiles(List<String> inputs, List<String> problems) {
    Set<Path> files = new LinkedHashSet<>();
    for (String input : inputs) {
      Path path = Path.of(input);
      if (Files.isRegularFile(path)) {
        files.add(path);
      } else if (Files.isDirectory(path)) {
        List<Path> found = list(path, "glob:*.{log,jsonl}", problems);
        if (found.isEmpty()) {
          problems.add(input + ": a directory without .log or .jsonl files");
        }
        files.addAll(found);
      } else if (input.contains("*") || input.contains("?") || input.contains("[")) {
        Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
        List<Path> found =
            Files.isDirectory(dir) ? list(dir, "glob:" + path.getFileName(), problems) : List.of();
        if (found.isEmpty()) {
          problems.add(input + ": no file matches");
        }
        files.addAll(found);
      } else {
        problems.add(input + ": no such file");
      }
    }
    List<Path> ordered = new ArrayList<>(files);
    ordered.sort(
        Comparator.comparing((Path p) -> rolledAt(p).isEmpty() ? 1 : 0)
            .thenComparing(CallSource::rolledAt)
            .thenComparing(Path::toString));
    return ordered;
  }

  /** The time in a rolled log's name; empty for a log still being written. */
  private static String rolledAt(Path file) {
    Matcher m = ROLLED.matcher(file.getFileName().toString());
    return m.find() ? m.group(1) : "";
  }

  private static List<Path> list(Path dir, String glob, List<String> problems) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher(glob);
    try (Stream<Path> entries = Files.list(dir)) {
      return entries
          .filter(Files::isRegularFile)
          .filter(p -> matcher.matches(p.getFileName()))
          .sorted()
          .toList();
    } catch (IOException e) {
      problems.add(dir + ": cannot be listed (" + e.getMessage() + ")");
      return List.of();
    }
  }

  static Outcome fromLogs(List<Path> files, Consumer<LlmCallRecord> calls) {
    List<String> problems = new ArrayList<>();
    List<String> read = new ArrayList<>();
    long total = 0;
    long[] skipped = {0};
    LlmCallLogReader.Problems report =
        (file, line, why) -> {
          skipped[0]++;
          if (skipped[0] <= MAX_PROBLEMS_LISTED) {
            problems.add(file + ":" + line + ": skipped, " + why);
          }
        };
    for (Path file : files) {
      try {
        LlmCallLogReader.Result result = LlmCallLogReader.read(file, calls, report);
        total += result.calls();
        read.add(
            file
                + " ("
                + result.calls()
                + " calls"
                + (result.skippedLines() > 0 ? ", " + result.skippedLines() + " lines skipped" : "")
                + ")");
        if (result.calls() == 0) {
          problems.add(file + ": no LLM calls in it");
        }
      } catch (IOException e) {
        problems.add(file + ": cannot be read (" + e.getMessage() + ")");
      }
    }
    if (skipped[0] > MAX_PROBLEMS_LISTED) {
      problems.add("… and " + (skipped[0] - MAX_PROBLEMS_LISTED) + " more skipped lines");
    }
    return new Outcome(total, read, problems);
  }

  /**
   * The LLM calls of {@code service}'s traces of the last {@code lookback}, at most {@code limit}
   * traces, newest first, asking Jaeger for at most {@code pageSize} traces at a time, each answer
   * parsed trace by trace as it streams in: memory holds one page, whatever the limit.
   *
   * <p>Jaeger's API pages by nothing but time: a window that comes back full is split in two and
   * each half asked for, until every window comes back with fewer traces than asked for; a trace is
   * counted in the window its earliest span starts in, so none is counted twice.
   */
  static Outcome fromJaeger(
      String baseUrl,
      String service,
      Duration lookback,
      int limit,
      int pageSize,
      Consumer<LlmCallRecord> calls) {
    List<String> problems = new ArrayList<>();
    String base = baseUrl.replaceAll("/+$", "");
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long nowMicros = Instant.now().toEpochMilli() * 1000 + 1000;
    // Windows [start, end) still to read, the newest on top.
    java.util.ArrayDeque<long[]> windows = new java.util.ArrayDeque<>();
    windows.push(new long[] {nowMicros - lookback.toMillis() * 1000, nowMicros});
    long traces = 0;
    long found = 0;
    int requests = 0;
    try {
      while (!windows.isEmpty() && traces < limit) {
        long[] window = windows.pop();
        String url =
            base
                + "/api/traces?service="
                + URLEncoder.encode(service, StandardCharsets.UTF_8)
                + "&start="
                + window[0]
                + "&end="
                + window[1]
                + "&limit="
                + pageSize;
        requests++;
        HttpResponse<InputStream> r =
            client.send(
                HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
          r.body().close();
          problems.add("Jaeger " + url + " answered HTTP " + r.statusCode());
          break;
        }
        long middle = window[0] + (window[1] - window[0]) / 2;
        boolean split = middle > window[0];
        Page page =
            readPage(r.body(), window, limit - traces, split ? pageSize : Integer.MAX_VALUE, calls);
        if (page.full() && split) {
          windows.push(new long[] {window[0], middle}); // the older half, read second
          windows.push(new long[] {middle, window[1]});
          continue;
        }
        traces += page.traces();
        found += page.calls();
      }
      if (found == 0) {
        problems.add(
            "Jaeger "
                + baseUrl
                + " has no LLM calls of service '"
                + service
                + "' in the last "
                + lookback);
      }
    } catch (IOException | IllegalArgumentException e) {
      problems.add(
          "Jaeger "
              + baseUrl
              + " unreachable ("
              + e.getClass().getSimpleName()
              + (e.getMessage() == null ? "" : ": " + e.getMessage())
              + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problems.add("interrupted while reading Jaeger " + baseUrl);
    }
    return new Outcome(
        found,
        List.of("Jaeger " + base + ": " + traces + " traces in " + requests + " requests"),
        problems);
  }

  /** One answer: whether it was full (to be split, nothing used), its traces and calls used. */
  private record Page(boolean full, long traces, long calls) {}

  /**
   * Reads one answer for {@code window}: when it holds {@code full} traces or more it is not used
   * (the window will be split); else the traces that start in the window, up to {@code room}, go to
   * {@code calls}. Calls are handed on only once the answer is known not to be full, so a full
   * answer is parsed twice at most — never counted.
   */
  private static Page readPage(
      InputStream body, long[] window, long room, int full, Consumer<LlmCallRecord> calls)
      throws IOException {
    List<JsonNode> kept = new ArrayList<>();
    int received = 0;
    try (JsonParser p = JSON.getFactory().createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException("Jaeger's answer is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        if (!field.equals("data") || p.nextToken() != JsonToken.START_ARRAY) {
          p.nextToken();
          p.skipChildren();
          continue;
        }
        while (p.nextToken() == JsonToken.START_OBJECT) {
          JsonNode trace = JSON.readTree(p);
          received++;
          if (received >= full) {
            return new Page(true, 0, 0);
          }
          long start = Long.MAX_VALUE;
          for (JsonNode span : trace.path("spans")) {
            start = Math.min(start, span.path("startTime").asLong(Long.MAX_VALUE));
          }
          if (start >= window[0] && start < window[1]) {
            kept.add(trace); // fewer than a page: bounded by the page size
          }
        }
      }
    }
    long traces = 0;
    long found = 0;
    for (JsonNode trace : kept) {
      if (traces >= room) {
        break;
      }
      traces++;
      for (JsonNode span : trace.path("spans")) {
        var record = LlmCallRecords.of(new JaegerSpanFacts(span));
        if (record.isPresent()) {
          calls.accept(record.get());
          found++;
        }
      }
    }
    return new Page(false, traces, found);
  }
}

package io.otelllm.report;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
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
import java.net.http.HttpTimeoutException;
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
import org.jspecify.annotations.Nullable;

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
   * What to read from Jaeger: {@code service}'s traces of the last {@code lookback}, at most {@code
   * limit} traces, {@code pageSize} a request, at most {@code maxRequests} requests and {@code
   * timeLimit} in all.
   */
  record JaegerQuery(
      String baseUrl,
      String service,
      Duration lookback,
      int limit,
      int pageSize,
      int maxRequests,
      Duration timeLimit) {}

  /** The most one answer may hold: a page of traces is far smaller; more is not Jaeger at work. */
  static final long MAX_ANSWER_BYTES = 256L << 20;

  /**
   * The LLM calls of the query's traces, newest first, each answer parsed trace by trace as it
   * streams in: memory holds one page, whatever the limit.
   *
   * <p>Jaeger's API pages by nothing but time: a window that comes back full is split in two and
   * each half asked for, until every window comes back with fewer traces than asked for; a trace is
   * counted in the window its earliest span starts in, so none is counted twice.
   *
   * <p>The read runs on a worker thread, bounded in time as a whole: an HTTP timeout covers only
   * the headers, and a server that sends half a body and stalls would otherwise hang the report.
   * When the time is up the calls read so far make the report, and a problem says what was cut.
   */
  static Outcome fromJaeger(JaegerQuery query, Consumer<LlmCallRecord> calls) {
    JaegerRead read = new JaegerRead(query, calls);
    Thread worker = new Thread(read::run, "llm-report-jaeger");
    worker.setDaemon(true); // a stalled read is abandoned, never waited for at exit
    worker.start();
    try {
      worker.join(Math.max(1, query.timeLimit().toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return read.outcome(worker.isAlive());
  }

  /** One read of Jaeger, on its worker; what it found is taken under its lock, once. */
  private static final class JaegerRead {
    private final JaegerQuery query;
    private final Consumer<LlmCallRecord> calls;
    private final String base;
    private final List<String> problems = new ArrayList<>();
    private long traces;
    private long found;
    private long outOfRange;
    private int requests;
    private boolean cut; // the outcome was taken: the worker hands nothing on after that

    JaegerRead(JaegerQuery query, Consumer<LlmCallRecord> calls) {
      this.query = query;
      this.calls = calls;
      this.base = query.baseUrl().replaceAll("/+$", "");
    }

    synchronized Outcome outcome(boolean stillReading) {
      cut = true;
      List<String> said = new ArrayList<>(problems);
      if (stillReading) {
        said.add(
            "Jaeger "
                + base
                + ": stopped after "
                + query.timeLimit().toSeconds()
                + " s (--time-limit) with a request still unanswered; the report holds the "
                + found
                + " calls read by then");
      }
      if (outOfRange > 0) {
        said.add(outOfRange + " spans skipped: a duration or token count out of range");
      }
      if (found == 0 && said.isEmpty()) {
        said.add(
            "Jaeger "
                + query.baseUrl()
                + " has no LLM calls of service '"
                + query.service()
                + "' in the last "
                + query.lookback());
      }
      return new Outcome(
          found,
          List.of("Jaeger " + base + ": " + traces + " traces in " + requests + " requests"),
          said);
    }

    private synchronized void problem(String problem) {
      problems.add(problem);
    }

    /** Hands {@code call} on unless the outcome was taken; false then. */
    private synchronized boolean handOn(LlmCallRecord call) {
      if (cut) {
        return false;
      }
      if (LlmCallRecords.outOfRange(call) != null) {
        outOfRange++;
        return true;
      }
      calls.accept(call);
      found++;
      return true;
    }

    void run() {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      long nowMicros = Instant.now().toEpochMilli() * 1000 + 1000;
      // Windows [start, end) still to read, the newest on top.
      java.util.ArrayDeque<long[]> windows = new java.util.ArrayDeque<>();
      windows.push(new long[] {nowMicros - query.lookback().toMillis() * 1000, nowMicros});
      String url = base;
      try {
        while (!windows.isEmpty() && traces() < query.limit()) {
          if (requests() >= query.maxRequests()) {
            problem(
                "Jaeger "
                    + base
                    + ": stopped after "
                    + query.maxRequests()
                    + " requests (--max-requests) with "
                    + windows.size()
                    + " windows of the lookback unread (its pages came back full: try a larger"
                    + " --page-size)");
            return;
          }
          long[] window = windows.pop();
          url =
              base
                  + "/api/traces?service="
                  + URLEncoder.encode(query.service(), StandardCharsets.UTF_8)
                  + "&start="
                  + window[0]
                  + "&end="
                  + window[1]
                  + "&limit="
                  + query.pageSize();
          countRequest();
          HttpResponse<InputStream> r =
              client.send(
                  HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
                  HttpResponse.BodyHandlers.ofInputStream());
          if (r.statusCode() != 200) {
            r.body().close();
            problem("Jaeger " + url + " answered HTTP " + r.statusCode());
            return;
          }
          long middle = window[0] + (window[1] - window[0]) / 2;
          boolean split = middle > window[0];
          Page page;
          try (InputStream body = new BoundedInputStream(r.body(), MAX_ANSWER_BYTES)) {
            page =
                readPage(
                    body,
                    window,
                    query.limit() - traces(),
                    split ? query.pageSize() : Integer.MAX_VALUE);
          } catch (JsonProcessingException | IllegalArgumentException e) {
            problem(
                "Jaeger "
                    + url
                    + " answered with something that is not Jaeger's JSON (Content-Type: "
                    + r.headers().firstValue("Content-Type").orElse("none")
                    + "): is "
                    + base
                    + " the address of Jaeger's query service (port 16686)?");
            return;
          }
          if (page == null) {
            return; // cut
          }
          if (page.full() && split) {
            windows.push(new long[] {window[0], middle}); // the older half, read second
            windows.push(new long[] {middle, window[1]});
            continue;
          }
          countTraces(page.traces());
        }
      } catch (HttpTimeoutException e) {
        problem("Jaeger " + url + " did not answer within 60 s");
      } catch (IOException | IllegalArgumentException e) {
        problem(
            "Jaeger "
                + base
                + " unreachable ("
                + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + ")");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problem("interrupted while reading Jaeger " + base);
      }
    }

    private synchronized long traces() {
      return traces;
    }

    private synchronized int requests() {
      return requests;
    }

    private synchronized void countRequest() {
      requests++;
    }

    private synchronized void countTraces(long more) {
      traces += more;
    }

    /**
     * Reads one answer for {@code window}: when it holds {@code full} traces or more it is not used
     * (the window will be split); else the traces that start in the window, up to {@code room}, are
     * handed on. Calls are handed on only once the answer is known not to be full, so a full answer
     * is parsed twice at most — never counted. Null when the read was cut.
     */
    private @Nullable Page readPage(InputStream body, long[] window, long room, int full)
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
              return new Page(true, 0);
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
      long used = 0;
      for (JsonNode trace : kept) {
        if (used >= room) {
          break;
        }
        used++;
        for (JsonNode span : trace.path("spans")) {
          var record = LlmCallRecords.of(new JaegerSpanFacts(span));
          if (record.isPresent() && !handOn(record.get())) {
            return null;
          }
        }
      }
      return new Page(false, used);
    }
  }

  /** One answer: whether it was full (to be split, nothing used), and its traces used. */
  private record Page(boolean full, long traces) {}

  /** An answer cut off with an {@code IOException} past {@code max} bytes. */
  private static final class BoundedInputStream extends java.io.FilterInputStream {
    private final long max;
    private long read;

    BoundedInputStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      count(b < 0 ? 0 : 1);
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      count(Math.max(n, 0));
      return n;
    }

    private void count(int n) throws IOException {
      read += n;
      if (read > max) {
        throw new IOException("an answer larger than " + (max >> 20) + " MB, not read further");
      }
    }
  }
}

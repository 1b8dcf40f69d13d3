package io.otelllm.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The performance report: reads JSON-lines call logs (or pulls traces from a Jaeger) and writes a
 * self-contained HTML report with charts plus a Markdown summary (printed, and optionally saved).
 * Bad input never ends in a stack trace: it is listed, and the report shows what could be read.
 */
@Command(
    name = "llm-report",
    mixinStandardHelpOptions = true,
    description = "Writes an HTML performance report and a Markdown summary of LLM calls.")
public final class LlmReport implements Callable<Integer> {

  @Parameters(
      arity = "0..*",
      paramLabel = "LOG",
      description =
          "JSON-lines call logs (otel-llm's llm-jsonl exporter): files, directories or globs;"
              + " read oldest first")
  List<String> logs = new ArrayList<>();

  @Option(
      names = "--jaeger",
      paramLabel = "URL",
      description =
          "read traces from this Jaeger query service instead, e.g. http://localhost:16686")
  @Nullable String jaeger;

  @Option(
      names = "--service",
      defaultValue = "agent-simulation",
      description = "the service whose traces to read (default ${DEFAULT-VALUE})")
  @SuppressWarnings("NullAway.Init") // set by picocli, from its default
  String service;

  @Option(
      names = "--lookback",
      defaultValue = "1h",
      description = "how far back to read from Jaeger: 30m, 2h, 1d (default ${DEFAULT-VALUE})")
  @SuppressWarnings("NullAway.Init") // set by picocli, from its default
  String lookback;

  @Option(
      names = "--limit",
      defaultValue = "500",
      description = "at most this many traces from Jaeger (default ${DEFAULT-VALUE})")
  int limit;

  @Option(
      names = "--page-size",
      defaultValue = "100",
      description = "traces per request to Jaeger (default ${DEFAULT-VALUE})")
  int pageSize;

  @Option(
      names = "--max-requests",
      defaultValue = "2000",
      description = "at most this many requests to Jaeger (default ${DEFAULT-VALUE})")
  int maxRequests;

  @Option(
      names = "--time-limit",
      defaultValue = "10m",
      description = "stop reading Jaeger after this long: 30s, 10m (default ${DEFAULT-VALUE})")
  @SuppressWarnings("NullAway.Init") // set by picocli, from its default
  String timeLimit;

  @Option(
      names = "--jaeger-ui",
      paramLabel = "URL",
      description = "link the slowest calls to their traces here (default: --jaeger)")
  @Nullable String jaegerUi;

  @Option(
      names = "--html",
      defaultValue = "llm-report.html",
      description = "HTML output (default ${DEFAULT-VALUE})")
  @SuppressWarnings("NullAway.Init") // set by picocli, from its default
  Path html;

  @Option(names = "--markdown", description = "also save the Markdown summary here")
  @Nullable Path markdown;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "also save the report as JSON here: totals, rows and findings")
  @Nullable Path json;

  private final PrintStream out;

  /** The command, printing to standard output (picocli instantiates it). */
  public LlmReport() {
    this(System.out);
  }

  LlmReport(PrintStream out) {
    this.out = out;
  }

  /** The command line: exits with the code of {@link #run}. */
  public static void main(String[] args) {
    int code = run(System.out, args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /**
   * Runs the command; returns its exit code (0 report written, 1 nothing could be read, 2 usage).
   */
  public static int run(PrintStream out, String... args) {
    CommandLine cli = new CommandLine(new LlmReport(out));
    java.io.PrintWriter writer =
        new java.io.PrintWriter(
            new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8), true);
    cli.setOut(writer);
    cli.setErr(writer);
    return cli.execute(args);
  }

  @Override
  public Integer call() {
    if (jaeger == null && logs.isEmpty()) {
      out.println("llm-report: give one or more JSON-lines logs, or --jaeger URL (see --help)");
      return 2;
    }
    ReportModel model = new ReportModel();
    CallSource.Outcome outcome;
    String source;
    if (jaeger != null) {
      Duration window;
      Duration readLimit;
      try {
        window = parseDuration("--lookback", lookback);
        readLimit = parseDuration("--time-limit", timeLimit);
      } catch (IllegalArgumentException e) {
        out.println("llm-report: " + e.getMessage());
        return 2;
      }
      if (limit < 1 || pageSize < 1 || maxRequests < 1) {
        out.println("llm-report: --limit, --page-size and --max-requests must be at least 1");
        return 2;
      }
      outcome =
          CallSource.fromJaeger(
              new CallSource.JaegerQuery(
                  jaeger, service, window, limit, pageSize, maxRequests, readLimit),
              model);
      source = "Jaeger " + jaeger + ", service " + service + ", last " + lookback;
      if (jaegerUi == null) {
        jaegerUi = jaeger.replaceAll("/+$", "");
      }
    } else {
      List<String> problems = new ArrayList<>();
      List<Path> files = CallSource.logFiles(logs, problems);
      CallSource.Outcome read = CallSource.fromLogs(files, model);
      problems.addAll(read.problems());
      outcome = new CallSource.Outcome(read.calls(), read.read(), problems);
      source = files.size() == 1 ? files.get(0).toString() : files.size() + " log files";
    }
    outcome.read().forEach(r -> out.println("Read: " + PlainText.terminal(r)));
    outcome.problems().forEach(p -> out.println("llm-report: " + PlainText.terminal(p)));
    String md = MarkdownReport.render(model, source, outcome.problems(), jaegerUi);
    out.println();
    out.print(md);
    try {
      Files.writeString(
          html,
          HtmlReport.render(model, source, outcome.problems(), jaegerUi),
          StandardCharsets.UTF_8);
      out.println();
      out.println("HTML report: " + html.toAbsolutePath());
      if (markdown != null) {
        Files.writeString(markdown, md, StandardCharsets.UTF_8);
        out.println("Markdown summary: " + markdown.toAbsolutePath());
      }
      if (json != null) {
        Files.writeString(
            json, JsonReport.render(model, source, outcome.problems()), StandardCharsets.UTF_8);
        out.println("JSON report: " + json.toAbsolutePath());
      }
    } catch (IOException e) {
      out.println("llm-report: cannot write the report (" + e.getMessage() + ")");
      return 1;
    }
    return model.isEmpty() ? 1 : 0;
  }

  static Duration parseDuration(String option, String text) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("(\\d{1,9})([smhd])").matcher(text.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new IllegalArgumentException(
          option + " must look like 30s, 30m, 2h or 1d, was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }
}

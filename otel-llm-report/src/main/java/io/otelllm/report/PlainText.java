package io.otelllm.report;

import org.jspecify.annotations.Nullable;

/**
 * Data made safe for the report's text outputs — a terminal and Markdown — whatever names, labels
 * and error types a log or a Jaeger held: control characters (ESC, BEL, NUL, …, and the C1 set)
 * shown as {@code \\u001b} rather than sent to the terminal or the file, line breaks folded, and in
 * Markdown what would change the table or the page ({@code | \\ ` * _ [ ] < > #}) escaped.
 */
final class PlainText {

  private PlainText() {}

  /** One line of text for a terminal: control characters shown, line breaks folded. */
  static String terminal(@Nullable String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      appendVisible(out, s.charAt(i));
    }
    return out.toString();
  }

  /** A Markdown table cell (or inline text): {@link #terminal} plus Markdown's own characters. */
  static String markdown(@Nullable String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '|', '\\', '`', '*', '_', '[', ']', '#' -> out.append('\\').append(c);
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        default -> appendVisible(out, c);
      }
    }
    return out.toString();
  }

  private static void appendVisible(StringBuilder out, char c) {
    if (c == '\n' || c == '\r' || c == '\t' || c == '\u2028' || c == '\u2029') {
      out.append(' ');
    } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      out.append(String.format("\\u%04x", (int) c));
    } else {
      out.append(c);
    }
  }
}

package io.otelllm.core.internal;

/**
 * Writes JSON string literals. Escapes quotes, backslashes, control characters, the JavaScript line
 * separators and lone surrogates — so the output is valid JSON that is also valid UTF-8 once
 * exported, whatever the model or the user put in the text.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /** Appends {@code s} as a quoted JSON string. */
  public static void appendString(StringBuilder out, String s) {
    out.append('"');
    int end = s.length();
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            appendEscaped(out, c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
              out.append(c).append(s.charAt(++i));
            } else {
              appendEscaped(out, c);
            }
          } else if (Character.isLowSurrogate(c)) {
            appendEscaped(out, c); // a low surrogate without its high half
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static void appendEscaped(StringBuilder out, char c) {
    out.append("\\u")
        .append(HEX[(c >> 12) & 0xF])
        .append(HEX[(c >> 8) & 0xF])
        .append(HEX[(c >> 4) & 0xF])
        .append(HEX[c & 0xF]);
  }

  private JsonText() {}
}

package io.otelllm.report;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML page's template, filled in one pass: each {@code <!--slot:name-->} of the template is
 * replaced by its value, and a value is never searched again — so no data, whatever it contains
 * ({@code <!--slot:data-->}, {@code </script>}, a whole page), can be read as template or become
 * another slot's content. Values are HTML the caller built with {@link #html(String)} escaping.
 */
final class PageTemplate {
  private static final Pattern SLOT = Pattern.compile("<!--slot:([a-z-]+)-->");

  private PageTemplate() {}

  /** {@code template} with every slot replaced; a slot without a value is an error. */
  static String fill(String template, Map<String, String> values) {
    Matcher m = SLOT.matcher(template);
    StringBuilder out = new StringBuilder(template.length() + 1024);
    int at = 0;
    while (m.find()) {
      String value = values.get(m.group(1));
      if (value == null) {
        throw new IllegalStateException("no value for slot " + m.group(1));
      }
      out.append(template, at, m.start()).append(value);
      at = m.end();
    }
    return out.append(template, at, template.length()).toString();
  }

  /** {@code s} as HTML text or an attribute value: {@code & < > " '} escaped. */
  static String html(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * JSON text made safe inside a {@code <script>} element: {@code < > &} and the line separators
   * U+2028, U+2029 as {@code \\uXXXX} escapes, which JSON reads back as the same characters — so
   * the data can never close the element or open a comment.
   */
  static String scriptSafeJson(String json) {
    StringBuilder out = new StringBuilder(json.length() + 64);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      switch (c) {
        case '<' -> out.append("\\u003c");
        case '>' -> out.append("\\u003e");
        case '&' -> out.append("\\u0026");
        case '\u2028' -> out.append("\\u2028");
        case '\u2029' -> out.append("\\u2029");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The Content-Security-Policy source that allows exactly the inline script {@code code}. */
  static String scriptHash(String code) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8));
      return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}

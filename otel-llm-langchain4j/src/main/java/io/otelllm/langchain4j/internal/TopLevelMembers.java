package io.otelllm.langchain4j.internal;

import org.jspecify.annotations.Nullable;

/**
 * Walks the top-level members of one JSON object, by the JSON grammar's structure alone: it finds
 * each member's name and where its value starts and ends, and skips nested values — an embedding
 * batch's vectors, a message — without tokenizing them. Strings are skipped with their escapes, so
 * brackets, quotes or keys inside content cannot fool it.
 *
 * <p>Why not a JSON library's streaming parser: a parser tokenizes every number it skips, which on
 * a 3 MB embedding answer cost a fifth of the untraced call's time; jumping from one structural
 * character to the next with {@link String#indexOf(int, int)} costs about one percent. Values the
 * caller reads are small scalars, handed over as their raw text.
 *
 * <pre>{@code
 * TopLevelMembers members = TopLevelMembers.of(json);
 * while (members != null && members.next()) {
 *   if (members.nameIs("total_duration")) { ... members.value() ... }
 * }
 * }</pre>
 *
 * <p>Names are compared as written: a name that spells one of its letters as a backslash escape
 * does not match. Ollama never writes one.
 */
final class TopLevelMembers {
  private final String json;
  private int position; // after the last value read, or after '{'
  private int nameStart;
  private int nameEnd;
  private int valueStart;
  private int valueEnd;
  private boolean closed;

  // Where the next structural character of each kind is, from the last search on: each search
  // runs at most once past any position, so a walk costs a few intrinsic scans of the text.
  private int nextQuote = -2;
  private int nextOpenBracket = -2;
  private int nextCloseBracket = -2;
  private int nextOpenBrace = -2;
  private int nextCloseBrace = -2;

  private TopLevelMembers(String json, int position) {
    this.json = json;
    this.position = position;
  }

  /** A walk over {@code json}'s members, or {@code null} when it does not start an object. */
  static @Nullable TopLevelMembers of(@Nullable String json) {
    if (json == null) {
      return null;
    }
    int start = skipWhitespace(json, 0);
    return start < json.length() && json.charAt(start) == '{'
        ? new TopLevelMembers(json, start + 1)
        : null;
  }

  /**
   * Moves to the next member; returns {@code false} at the object's end, or when the text is not
   * well-formed there (then {@link #closed()} stays {@code false}).
   */
  boolean next() {
    int i = skipWhitespace(json, position);
    if (i >= json.length()) {
      return false;
    }
    char c = json.charAt(i);
    if (c == '}') {
      closed = true;
      return false;
    }
    if (valueEnd > 0) { // after the first member, a comma
      if (c != ',') {
        return false;
      }
      i = skipWhitespace(json, i + 1);
      if (i >= json.length()) {
        return false;
      }
      c = json.charAt(i);
    }
    if (c != '"') {
      return false;
    }
    int end = endOfString(i);
    if (end < 0) {
      return false;
    }
    nameStart = i + 1;
    nameEnd = end;
    i = skipWhitespace(json, end + 1);
    if (i >= json.length() || json.charAt(i) != ':') {
      return false;
    }
    i = skipWhitespace(json, i + 1);
    int after = endOfValue(i);
    if (after < 0) {
      return false;
    }
    valueStart = i;
    valueEnd = after;
    position = after;
    return true;
  }

  /** Whether the current member is named {@code name}. */
  boolean nameIs(String name) {
    return nameEnd - nameStart == name.length() && json.startsWith(name, nameStart);
  }

  /** The current member's value as written (a scalar's text; a nested value's whole text). */
  String value() {
    return json.substring(valueStart, valueEnd);
  }

  /** Whether the current member's value is written exactly as {@code literal} ({@code true}). */
  boolean valueIs(String literal) {
    return valueEnd - valueStart == literal.length() && json.startsWith(literal, valueStart);
  }

  /** Whether the walk reached the object's closing brace. */
  boolean closed() {
    return closed;
  }

  /** The index just after the value starting at {@code i}, or -1 if it is not complete. */
  private int endOfValue(int i) {
    if (i >= json.length()) {
      return -1;
    }
    char c = json.charAt(i);
    if (c == '"') {
      int end = endOfString(i);
      return end < 0 ? -1 : end + 1;
    }
    if (c == '{' || c == '[') {
      return endOfContainer(i);
    }
    // A number or a literal: up to the next delimiter.
    int j = i;
    while (j < json.length()) {
      char d = json.charAt(j);
      if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r') {
        break;
      }
      j++;
    }
    return j == i ? -1 : j;
  }

  /** The index just after the object or array opening at {@code open}, or -1. */
  private int endOfContainer(int open) {
    int depth = 0;
    int i = open;
    while (true) {
      int next = nextStructural(i);
      if (next < 0) {
        return -1;
      }
      char c = json.charAt(next);
      if (c == '"') {
        int end = endOfString(next);
        if (end < 0) {
          return -1;
        }
        i = end + 1;
        continue;
      }
      if (c == '{' || c == '[') {
        depth++;
      } else if (--depth == 0) {
        return next + 1; // brackets are not checked for kind: a mismatch fails the client's parse
      }
      i = next + 1;
    }
  }

  /** The first of '"', '[', ']', '{', '}' at or after {@code from}, or -1. */
  private int nextStructural(int from) {
    if (nextQuote != -1 && nextQuote < from) {
      nextQuote = json.indexOf('"', from);
    }
    if (nextOpenBracket != -1 && nextOpenBracket < from) {
      nextOpenBracket = json.indexOf('[', from);
    }
    if (nextCloseBracket != -1 && nextCloseBracket < from) {
      nextCloseBracket = json.indexOf(']', from);
    }
    if (nextOpenBrace != -1 && nextOpenBrace < from) {
      nextOpenBrace = json.indexOf('{', from);
    }
    if (nextCloseBrace != -1 && nextCloseBrace < from) {
      nextCloseBrace = json.indexOf('}', from);
    }
    return earliest(
        earliest(earliest(nextQuote, nextOpenBracket), earliest(nextCloseBracket, nextOpenBrace)),
        nextCloseBrace);
  }

  /** The smaller of two indexes, -1 meaning none. */
  private static int earliest(int a, int b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  /** The index of the quote closing the string that opens at {@code open}, or -1. */
  private int endOfString(int open) {
    int i = open + 1;
    while (true) {
      int quote = json.indexOf('"', i);
      if (quote < 0) {
        return -1;
      }
      int backslashes = 0;
      for (int b = quote - 1; b > open && json.charAt(b) == '\\'; b--) {
        backslashes++;
      }
      if (backslashes % 2 == 0) {
        return quote;
      }
      i = quote + 1; // an escaped quote
    }
  }

  private static int skipWhitespace(String s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }
}

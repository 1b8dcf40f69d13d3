package io.otelllm.langchain4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * Walks the top-level members of one JSON object, by the JSON grammar's structure alone: it finds
 * each member's name and where its value starts and ends, and skips nested values — an embedding
 * batch's vectors, a message — without tokenizing them. Strings are skipped with their escapes, so
 * brackets, quotes or keys inside content cannot fool it.
 *
 * <p>Why not a JSON library's streaming parser: a parser tokenizes every number it skips, which on
 * a 3 MB embedding answer cost a fifth of the untraced call's time; jumping from one structural
 * character to the next costs about one percent. A body is walked as the client holds it — a stream
 * line as its {@code String}, a whole answer as its bytes (decoding 3 MB to read five numbers would
 * double what telemetry allocates) — the structural characters being ASCII, which UTF-8 never uses
 * inside a multi-byte character. Values the caller reads are small scalars, handed over as their
 * raw text.
 *
 * <pre>{@code
 * TopLevelMembers members = TopLevelMembers.of(json); // or of(bytes)
 * while (members != null && members.next()) {
 *   if (members.nameIs("total_duration")) { ... members.value() ... }
 * }
 * }</pre>
 *
 * <p>Names are compared as written: a name that spells one of its letters as a backslash escape
 * does not match. Ollama never writes one.
 */
final class TopLevelMembers {
  private final Text json;
  private int position; // after the last value read, or after '{'
  private int nameStart;
  private int nameEnd;
  private int valueStart;
  private int valueEnd;
  private boolean closed;

  private TopLevelMembers(Text json, int position) {
    this.json = json;
    this.position = position;
  }

  /** A walk over {@code json}'s members, or {@code null} when it does not start an object. */
  static @Nullable TopLevelMembers of(@Nullable String json) {
    return json == null ? null : of(new StringText(json));
  }

  /** A walk over the members of the UTF-8 {@code json}, or {@code null} as {@link #of(String)}. */
  static @Nullable TopLevelMembers of(byte @Nullable [] json) {
    return json == null ? null : of(new BytesText(json));
  }

  private static @Nullable TopLevelMembers of(Text json) {
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
    return nameEnd - nameStart == name.length() && json.regionIs(nameStart, name);
  }

  /** The current member's value as written (a scalar's text; a nested value's whole text). */
  String value() {
    return json.text(valueStart, valueEnd);
  }

  /** Whether the current member's value is written exactly as {@code literal} ({@code true}). */
  boolean valueIs(String literal) {
    return valueEnd - valueStart == literal.length() && json.regionIs(valueStart, literal);
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
      int next = json.nextStructural(i);
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

  /** The index of the quote closing the string that opens at {@code open}, or -1. */
  private int endOfString(int open) {
    int i = open + 1;
    while (true) {
      int quote = json.nextQuote(i);
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

  private static int skipWhitespace(Text s, int i) {
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        break;
      }
      i++;
    }
    return i;
  }

  /** The text walked: the few operations the walk needs, on a {@code String} or on bytes. */
  private abstract static class Text {
    abstract int length();

    abstract char charAt(int i);

    /** The first of '"', '[', ']', '{', '}' at or after {@code from}, or -1. */
    abstract int nextStructural(int from);

    /** The first '"' at or after {@code from}, or -1. */
    abstract int nextQuote(int from);

    /** Whether the text at {@code at} is {@code ascii}. */
    abstract boolean regionIs(int at, String ascii);

    abstract String text(int start, int end);
  }

  /**
   * A {@code String}, searched with {@link String#indexOf(int, int)} (vectorized by the JIT): the
   * next position of each structural character is kept from the last search on, so each search runs
   * at most once past any position and a walk costs a few scans of the text.
   */
  private static final class StringText extends Text {
    private final String s;
    private int nextQuote = -2;
    private int nextOpenBracket = -2;
    private int nextCloseBracket = -2;
    private int nextOpenBrace = -2;
    private int nextCloseBrace = -2;

    StringText(String s) {
      this.s = s;
    }

    @Override
    int length() {
      return s.length();
    }

    @Override
    char charAt(int i) {
      return s.charAt(i);
    }

    @Override
    int nextStructural(int from) {
      if (nextQuote != -1 && nextQuote < from) {
        nextQuote = s.indexOf('"', from);
      }
      if (nextOpenBracket != -1 && nextOpenBracket < from) {
        nextOpenBracket = s.indexOf('[', from);
      }
      if (nextCloseBracket != -1 && nextCloseBracket < from) {
        nextCloseBracket = s.indexOf(']', from);
      }
      if (nextOpenBrace != -1 && nextOpenBrace < from) {
        nextOpenBrace = s.indexOf('{', from);
      }
      if (nextCloseBrace != -1 && nextCloseBrace < from) {
        nextCloseBrace = s.indexOf('}', from);
      }
      return earliest(
          earliest(earliest(nextQuote, nextOpenBracket), earliest(nextCloseBracket, nextOpenBrace)),
          nextCloseBrace);
    }

    @Override
    int nextQuote(int from) {
      return s.indexOf('"', from);
    }

    @Override
    boolean regionIs(int at, String ascii) {
      return s.startsWith(ascii, at);
    }

    @Override
    String text(int start, int end) {
      return s.substring(start, end);
    }

    /** The smaller of two indexes, -1 meaning none. */
    private static int earliest(int a, int b) {
      return a < 0 ? b : b < 0 ? a : Math.min(a, b);
    }
  }

  /**
   * UTF-8 bytes, searched eight at a time: a word is looked at byte by byte only when a bit trick
   * says it may hold a structural character — in an embedding's numbers, almost never.
   */
  private static final class BytesText extends Text {
    private static final VarHandle WORDS =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    // '[' ']' '{' '}' (0x5B 0x5D 0x7B 0x7D) are the bytes b with (b & 0xD9) == 0x59, and so are
    // four others ('Y' '_' 'y' DEL), sorted out byte by byte.
    private static final long BRACKET_MASK = 0xD9D9D9D9D9D9D9D9L;
    private static final long BRACKETS = 0x5959595959595959L;
    private static final long QUOTES = 0x2222222222222222L;

    private final byte[] b;

    BytesText(byte[] b) {
      this.b = b;
    }

    @Override
    int length() {
      return b.length;
    }

    @Override
    char charAt(int i) {
      return (char) (b[i] & 0xFF); // only ever compared with ASCII
    }

    @Override
    int nextStructural(int from) {
      int i = from;
      for (; i + 8 <= b.length; i += 8) {
        long word = (long) WORDS.get(b, i);
        if (hasZeroByte((word & BRACKET_MASK) ^ BRACKETS) || hasZeroByte(word ^ QUOTES)) {
          for (int j = i; j < i + 8; j++) {
            if (isStructural(b[j])) {
              return j;
            }
          }
        }
      }
      for (; i < b.length; i++) {
        if (isStructural(b[i])) {
          return i;
        }
      }
      return -1;
    }

    @Override
    int nextQuote(int from) {
      int i = from;
      for (; i + 8 <= b.length; i += 8) {
        if (hasZeroByte((long) WORDS.get(b, i) ^ QUOTES)) {
          break;
        }
      }
      for (; i < b.length; i++) {
        if (b[i] == '"') {
          return i;
        }
      }
      return -1;
    }

    @Override
    boolean regionIs(int at, String ascii) {
      if (at + ascii.length() > b.length) {
        return false;
      }
      for (int k = 0; k < ascii.length(); k++) {
        if (b[at + k] != ascii.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    @Override
    String text(int start, int end) {
      return new String(b, start, end - start, StandardCharsets.UTF_8);
    }

    private static boolean isStructural(byte c) {
      return c == '"' || c == '[' || c == ']' || c == '{' || c == '}';
    }

    /** Whether some byte of {@code x} is zero (exact: a borrow only follows a zero byte). */
    private static boolean hasZeroByte(long x) {
      return ((x - ONES) & ~x & HIGHS) != 0;
    }
  }
}

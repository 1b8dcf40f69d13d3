package io.otelllm.core.internal;

import io.otelllm.core.ContentRedactor;
import io.otelllm.core.spi.LlmMessage;
import io.otelllm.core.spi.MessagePart;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Turns captured content into the semconv JSON: every string passed through the user's redactor,
 * then the whole cut to {@code maxLength} characters while staying valid JSON — long strings are
 * shortened evenly (each keeps the same maximum, found by bisection) and marked, and if even empty
 * strings do not fit, the oldest messages are dropped.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change
 * at any time.
 */
public final class ContentPolicy {

  static final String REDACTION_FAILED = "[REDACTION_FAILED]";
  static final String REDACTED = "[REDACTED]";

  private final ContentRedactor redactor;
  private final int maxLength;

  /**
   * Content passed through {@code redactor}, each attribute at most {@code maxLength} characters.
   */
  public ContentPolicy(ContentRedactor redactor, int maxLength) {
    this.redactor = redactor;
    this.maxLength = maxLength;
  }

  /** The messages as a JSON array, within the size limit; {@code null} for none. */
  public @Nullable String messagesJson(List<LlmMessage> messages) {
    if (messages.isEmpty()) {
      return null;
    }
    List<LlmMessage> redacted = new ArrayList<>(messages.size());
    for (LlmMessage m : messages) {
      redacted.add(LlmMessage.create(m.role(), redactParts(m.parts()), m.name(), m.finishReason()));
    }
    return fit(new MessagesRenderer(redacted));
  }

  /** Parts (system instructions) as a JSON array, within the size limit; {@code null} for none. */
  public @Nullable String partsJson(List<MessagePart> parts) {
    if (parts.isEmpty()) {
      return null;
    }
    return fit(new PartsRenderer(redactParts(parts)));
  }

  /** A plain text (tool arguments, results): redacted, then cut to the limit with a mark. */
  public String text(String text) {
    return Truncation.fit(redact(text), maxLength);
  }

  private String fit(Renderer renderer) {
    String full = renderer.render(Integer.MAX_VALUE);
    if (full.length() <= maxLength) {
      return full;
    }
    while (true) {
      if (renderer.render(0).length() <= maxLength) {
        int lo = 0; // fits
        int hi = renderer.longestString(); // does not fit (the full render did not)
        while (hi - lo > 1) {
          int mid = (lo + hi) >>> 1;
          if (renderer.render(mid).length() <= maxLength) {
            lo = mid;
          } else {
            hi = mid;
          }
        }
        return renderer.render(lo);
      }
      if (!renderer.dropOldest()) {
        return "[]"; // not even one empty message fits: record an empty, valid array
      }
    }
  }

  private List<MessagePart> redactParts(List<MessagePart> parts) {
    List<MessagePart> out = new ArrayList<>(parts.size());
    for (MessagePart p : parts) {
      String content = p.content();
      String arguments = p.arguments();
      out.add(
          MessagePart.create(
              p.type(),
              content == null ? null : redact(content),
              p.id(),
              p.name(),
              arguments == null ? null : redact(arguments)));
    }
    return out;
  }

  private String redact(String content) {
    try {
      String r = redactor.redact(content);
      return r == null ? REDACTED : r;
    } catch (Throwable t) {
      SafeLog.failure("redacting content", t);
      return REDACTION_FAILED;
    }
  }

  /** Renders content with every string cut to a given length. */
  private abstract static class Renderer {
    abstract String render(int maxStringChars);

    abstract int longestString();

    abstract boolean dropOldest();

    static void appendCut(StringBuilder out, String s, int maxChars) {
      JsonText.appendString(out, s.length() <= maxChars ? s : Truncation.cut(s, maxChars));
    }

    static void appendParts(StringBuilder out, List<MessagePart> parts, int max) {
      out.append('[');
      for (int i = 0; i < parts.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        MessagePart p = parts.get(i);
        out.append("{\"type\":");
        JsonText.appendString(out, p.type() == null ? "text" : p.type());
        if (p.id() != null) {
          out.append(",\"id\":");
          JsonText.appendString(out, p.id());
        }
        if (p.name() != null) {
          out.append(",\"name\":");
          JsonText.appendString(out, p.name());
        }
        if (p.arguments() != null) {
          out.append(",\"arguments\":");
          appendCut(out, p.arguments(), max);
        }
        if (p.content() != null) {
          out.append("tool_call_response".equals(p.type()) ? ",\"response\":" : ",\"content\":");
          appendCut(out, p.content(), max);
        }
        out.append('}');
      }
      out.append(']');
    }

    static int longest(List<MessagePart> parts) {
      int longest = 0;
      for (MessagePart p : parts) {
        longest = Math.max(longest, p.content() == null ? 0 : p.content().length());
        longest = Math.max(longest, p.arguments() == null ? 0 : p.arguments().length());
      }
      return longest;
    }
  }

  private static final class MessagesRenderer extends Renderer {
    private final List<LlmMessage> messages;

    MessagesRenderer(List<LlmMessage> messages) {
      this.messages = messages;
    }

    @Override
    String render(int max) {
      StringBuilder out = new StringBuilder();
      out.append('[');
      for (int i = 0; i < messages.size(); i++) {
        LlmMessage m = messages.get(i);
        if (i > 0) {
          out.append(',');
        }
        out.append("{\"role\":");
        JsonText.appendString(out, m.role() == null ? "user" : m.role());
        out.append(",\"parts\":");
        appendParts(out, m.parts(), max);
        if (m.name() != null) {
          out.append(",\"name\":");
          JsonText.appendString(out, m.name());
        }
        if (m.finishReason() != null) {
          out.append(",\"finish_reason\":");
          JsonText.appendString(out, m.finishReason());
        }
        out.append('}');
      }
      return out.append(']').toString();
    }

    @Override
    int longestString() {
      int longest = 0;
      for (LlmMessage m : messages) {
        longest = Math.max(longest, longest(m.parts()));
      }
      return longest;
    }

    @Override
    boolean dropOldest() {
      // The latest messages say most about why the model answered as it did.
      if (messages.size() <= 1) {
        return false;
      }
      messages.remove(0);
      return true;
    }
  }

  private static final class PartsRenderer extends Renderer {
    private final List<MessagePart> parts;

    PartsRenderer(List<MessagePart> parts) {
      this.parts = parts;
    }

    @Override
    String render(int max) {
      StringBuilder out = new StringBuilder();
      appendParts(out, parts, max);
      return out.toString();
    }

    @Override
    int longestString() {
      return longest(parts);
    }

    @Override
    boolean dropOldest() {
      if (parts.size() <= 1) {
        return false;
      }
      parts.remove(0);
      return true;
    }
  }
}

package io.otelllm.langchain4j.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.otelllm.core.spi.ServerTimings;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

/**
 * Properties of the reader of Ollama's response bodies, bytes any server may send: on any text it
 * never throws, and on any JSON object it reads what a full JSON parser reads at the top level —
 * whatever the object nests, quotes or escapes, and whatever decoys of the same names it holds.
 */
class WireReaderPropertiesTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  static final List<String> NAMES =
      List.of(
          "total_duration",
          "load_duration",
          "prompt_eval_duration",
          "eval_duration",
          "eval_count",
          "done",
          "model",
          "message",
          "embeddings",
          "x\"y",
          "{",
          "}",
          "[",
          "\\");

  @Property
  void onAnyTextNothingIsThrownAndBytesReadAsTheText(@ForAll("texts") String text) {
    ServerTimings timings = OllamaWireReader.parseTimings(text);
    OllamaWireReader.isFinalLine(text);
    assertThat(OllamaWireReader.parseTimings(text.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(timings);
  }

  @Property
  void onAnyBytesNothingIsThrown(@ForAll byte[] bytes) {
    OllamaWireReader.parseTimings(bytes);
  }

  @Property
  void onAnyObjectTheTimingsAreWhatAFullParserReads(@ForAll("bodies") String body)
      throws JsonProcessingException {
    JsonNode tree = JSON.readTree(body);
    assertThat(OllamaWireReader.parseTimings(body)).isEqualTo(expectedTimings(tree));
    assertThat(OllamaWireReader.parseTimings(body.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(expectedTimings(tree));
    assertThat(OllamaWireReader.isFinalLine(body))
        .isEqualTo(tree.path("done").isBoolean() && tree.path("done").booleanValue());
  }

  @Property
  void aBodyCutShortHasNoTimings(@ForAll("bodies") String body, @ForAll double where) {
    String cut = body.substring(0, (int) (Math.abs(where) % 1.0 * body.length()));
    assertThat(OllamaWireReader.parseTimings(cut)).isNull();
    assertThat(OllamaWireReader.parseTimings(cut.getBytes(StandardCharsets.UTF_8))).isNull();
  }

  @Property
  void aBodyWithOneCharacterChangedNeverThrows(
      @ForAll("bodies") String body, @ForAll int where, @ForAll char replacement) {
    int at = Math.floorMod(where, body.length());
    String changed = body.substring(0, at) + replacement + body.substring(at + 1);
    ServerTimings timings = OllamaWireReader.parseTimings(changed);
    JsonNode tree = parsed(changed);
    if (tree != null && tree.isObject()) {
      assertThat(timings).isEqualTo(expectedTimings(tree)); // still JSON: still what it says
    }
  }

  /** What a full parser finds: the top-level timings, each a non-negative long, or none. */
  static @Nullable ServerTimings expectedTimings(JsonNode tree) {
    Long total = nonNegativeLong(tree.get("total_duration"));
    if (total == null) {
      return null;
    }
    return ServerTimings.builder()
        .setLoadNanos(nonNegativeLong(tree.get("load_duration")))
        .setPromptEvalNanos(nonNegativeLong(tree.get("prompt_eval_duration")))
        .setEvalNanos(nonNegativeLong(tree.get("eval_duration")))
        .setTotalNanos(total)
        .setEvalCount(nonNegativeLong(tree.get("eval_count")))
        .build();
  }

  static @Nullable Long nonNegativeLong(@Nullable JsonNode n) {
    if (n == null || !n.isNumber()) {
      return null;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() && n.longValue() >= 0 ? n.longValue() : null;
    }
    double d = n.doubleValue();
    return d >= 0 && d <= Long.MAX_VALUE ? (long) d : null;
  }

  static @Nullable JsonNode parsed(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(200),
        Arbitraries.strings().withChars("{}[]\":,\\ -0123456789.eE+tfnul").ofMaxLength(200),
        bodies());
  }

  /** Ollama-like answers: the timings and decoys among random members, compact or pretty. */
  @Provide
  Arbitrary<String> bodies() {
    Arbitrary<ObjectNode> objects = members(3);
    return Combinators.combine(objects, Arbitraries.of(false, true))
        .as(
            (object, pretty) -> {
              try {
                return pretty
                    ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(object)
                    : JSON.writeValueAsString(object);
              } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  Arbitrary<ObjectNode> members(int depth) {
    Arbitrary<Tuple.Tuple2<String, JsonNode>> member =
        Combinators.combine(Arbitraries.of(NAMES), values(depth)).as(Tuple::of);
    return member
        .list()
        .ofMaxSize(8)
        .map(
            list -> {
              ObjectNode o = NODES.objectNode();
              list.forEach(m -> o.set(m.get1(), m.get2()));
              return o;
            });
  }

  Arbitrary<JsonNode> values(int depth) {
    Arbitrary<JsonNode> scalars =
        Arbitraries.oneOf(
            Arbitraries.longs().map(NODES::numberNode),
            Arbitraries.longs().between(0, 10_000_000_000L).map(NODES::numberNode),
            Arbitraries.doubles().map(NODES::numberNode),
            Arbitraries.strings().all().ofMaxLength(30).map(NODES::textNode),
            Arbitraries.of(NODES.booleanNode(true), NODES.booleanNode(false), NODES.nullNode()));
    if (depth == 0) {
      return scalars;
    }
    Arbitrary<JsonNode> arrays =
        values(depth - 1)
            .list()
            .ofMaxSize(5)
            .map(
                list -> {
                  ArrayNode a = NODES.arrayNode();
                  list.forEach(a::add);
                  return a;
                });
    return Arbitraries.frequencyOf(
        Tuple.of(6, scalars),
        Tuple.of(2, arrays),
        Tuple.of(2, members(depth - 1).map(o -> (JsonNode) o)));
  }
}

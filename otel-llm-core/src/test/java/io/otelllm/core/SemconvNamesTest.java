package io.otelllm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.HttpAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes;
import io.otelllm.core.spi.GenAiOperationName;
import io.otelllm.core.spi.OtelLlmAttributes;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every key otel-llm declares is either the semantic conventions' own — same name, same type as the
 * official constant (semconv-incubating 1.41.0-alpha, a test dependency only) — or otel-llm's, in
 * the {@code otel_llm.} namespace. Checked by reflection, so a new key cannot escape the check.
 */
class SemconvNamesTest {

  static Map<String, AttributeKey<?>> constants(Class<?>... holders) throws IllegalAccessException {
    Map<String, AttributeKey<?>> byName = new HashMap<>();
    for (Class<?> holder : holders) {
      for (Field f : holder.getFields()) {
        if (Modifier.isStatic(f.getModifiers())
            && AttributeKey.class.isAssignableFrom(f.getType())) {
          AttributeKey<?> key = (AttributeKey<?>) f.get(null);
          byName.put(key.getKey(), key);
        }
      }
    }
    return byName;
  }

  /**
   * Semconv v1.41 defines these with structured ("any") types, which the Java constants generator
   * skips: their names are checked against the specification's list instead.
   */
  static final Map<String, String> STRUCTURED =
      Map.of(
          "gen_ai.system_instructions",
          "STRING",
          "gen_ai.input.messages",
          "STRING",
          "gen_ai.output.messages",
          "STRING",
          "gen_ai.tool.call.arguments",
          "STRING",
          "gen_ai.tool.call.result",
          "STRING");

  @Test
  void everyDeclaredKeyIsTheOfficialOneOrOtelLlmsOwn() throws Exception {
    Map<String, AttributeKey<?>> official =
        constants(
            GenAiIncubatingAttributes.class,
            ServerAttributes.class,
            ErrorAttributes.class,
            HttpAttributes.class,
            io.opentelemetry.semconv.CodeAttributes.class);
    List<String> checked = new ArrayList<>();
    for (Field f : OtelLlmAttributes.class.getFields()) {
      if (!AttributeKey.class.isAssignableFrom(f.getType())) {
        continue;
      }
      AttributeKey<?> key = (AttributeKey<?>) f.get(null);
      if (key.getKey().startsWith("otel_llm.")) {
        assertThat(f.getName())
            .as("an otel_llm key's constant is not named like a semconv one")
            .doesNotStartWith("GEN_AI_");
      } else if (STRUCTURED.containsKey(key.getKey())) {
        assertThat(key.getType().name()).isEqualTo(STRUCTURED.get(key.getKey()));
        assertThat(official)
            .as("%s came into the constants: compare with them", key.getKey())
            .doesNotContainKey(key.getKey());
      } else {
        assertThat(official)
            .as("%s (%s) is a semantic-convention key", f.getName(), key.getKey())
            .containsKey(key.getKey());
        assertThat(key.getType())
            .as("type of %s", key.getKey())
            .isEqualTo(official.get(key.getKey()).getType());
        assertThat(f.getName())
            .as("constant of %s", key.getKey())
            .isEqualTo(key.getKey().toUpperCase(java.util.Locale.ROOT).replace('.', '_'));
      }
      checked.add(key.getKey());
    }
    assertThat(checked).as("keys checked").hasSizeGreaterThan(40).doesNotHaveDuplicates();
  }

  @Test
  void everyOperationNameIsAnOfficialValue() throws Exception {
    Map<String, Object> official = new HashMap<>();
    for (Field f : GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues.class.getFields()) {
      official.put(f.getName(), f.get(null));
    }
    Field[] ours = GenAiOperationName.class.getFields();
    assertThat(ours).hasSizeGreaterThanOrEqualTo(6);
    for (Field f : ours) {
      assertThat(official).as(f.getName()).containsEntry(f.getName(), f.get(null));
    }
  }
}

package io.otelllm.integration.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldNode;
import org.objectweb.asm.tree.InnerClassNode;
import org.objectweb.asm.tree.MethodNode;

/**
 * The published modules' public API: the user-facing top-level types (public, outside {@code
 * internal} and {@code spi} packages) are exactly those listed here — at most 15 in all, so that a
 * newcomer can hold them in their head; adding one means adding it here — and no public type
 * outside an {@code internal} package shows an internal type in what users see of it: its
 * supertypes, and the parameters, results, exceptions and fields of its public and protected
 * members. Checked on the compiled class files (ASM), without loading them.
 */
class PublicApiExposesNoInternalsTest {

  /** The user-facing types of each published module. */
  static final Map<String, List<String>> USER_FACING =
      Map.of(
          "otel-llm-core",
          List.of(
              "io.otelllm.core.AgentTurn",
              "io.otelllm.core.CallLabel",
              "io.otelllm.core.ContentRedactor",
              "io.otelllm.core.LlmTelemetry",
              "io.otelllm.core.LlmTelemetryBuilder",
              "io.otelllm.core.ToolExecution"),
          "otel-llm-langchain4j",
          List.of(
              "io.otelllm.langchain4j.LangChain4jTelemetry",
              "io.otelllm.langchain4j.LangChain4jTelemetryBuilder",
              "io.otelllm.langchain4j.TracedAiServices"),
          "otel-llm-langchain4j-agentic",
          List.of("io.otelllm.langchain4j.agentic.AgenticTelemetry"),
          "otel-llm-javaagent",
          List.of(),
          "otel-llm-exporters",
          List.of(
              "io.otelllm.exporters.LlmAggregatesExporter",
              "io.otelllm.exporters.LlmJsonLinesExporter"),
          "otel-llm-autoconfigure",
          List.of("io.otelllm.autoconfigure.LlmTelemetrySdk"),
          "otel-llm-call-log",
          List.of(),
          "otel-llm-report",
          List.of("io.otelllm.report.LlmReport"));

  @Test
  void aNewcomerMeetsAtMostFifteenTypes() {
    assertThat(USER_FACING.values().stream().mapToInt(List::size).sum()).isLessThanOrEqualTo(15);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "otel-llm-core",
        "otel-llm-langchain4j",
        "otel-llm-langchain4j-agentic",
        "otel-llm-javaagent",
        "otel-llm-exporters",
        "otel-llm-autoconfigure",
        "otel-llm-call-log",
        "otel-llm-report"
      })
  void publicTypesAreTheListedOnesAndExposeNoInternalType(String module) throws Exception {
    Path classes = Path.of("..", module, "target", "classes").toAbsolutePath().normalize();
    List<String> leaks = new ArrayList<>();
    List<String> userFacing = new ArrayList<>();
    for (String name : classNames(classes)) {
      if (name.contains(".internal.")) {
        continue;
      }
      ClassNode type = new ClassNode();
      new ClassReader(Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class")))
          .accept(type, ClassReader.SKIP_CODE);
      if ((type.access & Opcodes.ACC_PUBLIC) == 0 || !visibleOutside(type)) {
        continue;
      }
      if (type.outerClass == null && !isNested(type) && !name.contains(".spi.")) {
        userFacing.add(name);
      }
      check(leaks, name + " extends", type.superName);
      for (String i : type.interfaces) {
        check(leaks, name + " implements", i);
      }
      check(leaks, name + " is", type.signature);
      for (FieldNode f : type.fields) {
        if (visible(f.access)) {
          check(leaks, name + "." + f.name, f.desc);
          check(leaks, name + "." + f.name, f.signature);
        }
      }
      for (MethodNode m : type.methods) {
        if (!visible(m.access) || (m.access & Opcodes.ACC_SYNTHETIC) != 0) {
          continue;
        }
        check(leaks, name + "." + m.name, m.desc);
        check(leaks, name + "." + m.name, m.signature);
        for (String e : m.exceptions) {
          check(leaks, name + "." + m.name + " throws", e);
        }
      }
    }
    assertThat(userFacing)
        .as("user-facing types of %s", module)
        .containsExactlyInAnyOrderElementsOf(USER_FACING.get(module));
    assertThat(leaks).as("internal types in the public API of %s", module).isEmpty();
  }

  static boolean visible(int access) {
    return (access & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) != 0;
  }

  /** A nested class is public to users only when every class around it is too. */
  static boolean visibleOutside(ClassNode type) {
    for (InnerClassNode inner : type.innerClasses) {
      if (inner.name.equals(type.name) && (inner.access & Opcodes.ACC_PUBLIC) == 0) {
        return false;
      }
    }
    return true;
  }

  static boolean isNested(ClassNode type) {
    return type.innerClasses.stream()
        .anyMatch(inner -> inner.name.equals(type.name) && inner.outerName != null);
  }

  /** Any otel-llm internal type named in a descriptor, signature or internal name. */
  static void check(List<String> leaks, String where, @Nullable String descriptor) {
    if (descriptor == null) {
      return;
    }
    Matcher m = INTERNAL.matcher(descriptor);
    while (m.find()) {
      leaks.add(where + " " + m.group().replace('/', '.'));
    }
  }

  static final Pattern INTERNAL =
      Pattern.compile("io/otelllm/[A-Za-z0-9_/$]*/internal/[A-Za-z0-9_$]+");

  static List<String> classNames(Path classes) throws IOException {
    try (Stream<Path> walk = Files.walk(classes)) {
      return walk.filter(
              p ->
                  p.toString().endsWith(".class")
                      && !p.getFileName().toString().equals("package-info.class"))
          .map(p -> classes.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", ""))
          .toList();
    }
  }
}

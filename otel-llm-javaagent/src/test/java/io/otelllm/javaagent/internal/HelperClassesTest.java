package io.otelllm.javaagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.commons.ClassRemapper;
import org.objectweb.asm.commons.Remapper;

/**
 * The build-time check of the helper classes: every otel-llm class the advice reaches — directly,
 * or through the helpers it calls — is declared in {@link HelperClasses}, and nothing else is. A
 * class the advice needs but the agent was not told to inject would fail in the application with a
 * {@code NoClassDefFoundError} (swallowed by the advice: the call untraced, silently).
 */
class HelperClassesTest {

  static final List<Class<?>> INSTRUMENTATIONS =
      List.of(
          ChatModelInstrumentation.class,
          StreamingChatModelInstrumentation.class,
          EmbeddingModelInstrumentation.class,
          HttpClientBuilderInstrumentation.class,
          AiServicesInstrumentation.class,
          LibraryInstrumentation.class);

  @Test
  void theDeclaredHelpersAreExactlyTheOtelLlmClassesTheAdviceReaches() throws IOException {
    Set<String> adviceClasses = new TreeSet<>();
    for (Class<?> instrumentation : INSTRUMENTATIONS) {
      for (Class<?> nested : instrumentation.getDeclaredClasses()) {
        if (nested.getSimpleName().endsWith("Advice")) {
          adviceClasses.add(nested.getName());
        }
      }
    }
    assertThat(adviceClasses).hasSizeGreaterThanOrEqualTo(INSTRUMENTATIONS.size());

    Set<String> reached = new TreeSet<>();
    Deque<String> toRead = new ArrayDeque<>();
    for (String advice : adviceClasses) {
      for (String referenced : otelLlmReferences(advice)) {
        assertThat(referenced)
            .as("%s refers to a class of the extension that is not a helper", advice)
            .matches(
                name -> !name.startsWith("io.otelllm.javaagent.") || HelperClasses.isHelper(name));
        if (!referenced.equals(advice) && reached.add(referenced)) {
          toRead.add(referenced);
        }
      }
    }
    while (!toRead.isEmpty()) {
      for (String referenced : otelLlmReferences(toRead.pop())) {
        if (reached.add(referenced)) {
          toRead.add(referenced);
        }
      }
    }
    reached.removeIf(name -> adviceClasses.contains(name));

    assertThat(new TreeSet<>(HelperClasses.NAMES))
        .as("HelperClasses.NAMES (left) against what the advice reaches (right)")
        .containsExactlyElementsOf(reached);
    assertThat(HelperClasses.NAMES).doesNotHaveDuplicates();
  }

  /** A visitor that goes into every method body, so that the remapper sees the code's types. */
  static ClassVisitor everyMethod() {
    return new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(
          int access, String name, String descriptor, String signature, String[] exceptions) {
        return new MethodVisitor(Opcodes.ASM9) {};
      }
    };
  }

  /** The otel-llm classes (io.otelllm.*) that the class file of {@code className} refers to. */
  static Set<String> otelLlmReferences(String className) throws IOException {
    Set<String> found = new TreeSet<>();
    String resource = className.replace('.', '/') + ".class";
    try (InputStream in = HelperClassesTest.class.getClassLoader().getResourceAsStream(resource)) {
      assertThat(in).as("class file of %s", className).isNotNull();
      ClassReader reader = new ClassReader(in);
      Remapper recorder =
          new Remapper(Opcodes.ASM9) {
            @Override
            public String map(String internalName) {
              String name = internalName.replace('/', '.');
              if (name.startsWith("io.otelllm.")) {
                found.add(name);
              }
              return internalName;
            }
          };
      // What the code uses: the nest and inner-class attributes only name relatives.
      ClassVisitor codeOnly =
          new ClassRemapper(everyMethod(), recorder) {
            @Override
            public void visitNestHost(String nestHost) {}

            @Override
            public void visitNestMember(String nestMember) {}

            @Override
            public void visitOuterClass(String owner, String name, String descriptor) {}

            @Override
            public void visitInnerClass(
                String name, String outerName, String innerName, int access) {}
          };
      reader.accept(codeOnly, ClassReader.SKIP_DEBUG);
    }
    found.remove(className);
    return found;
  }
}

package io.otelllm.examples.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No public type outside an {@code internal} package shows an internal type in what users see of
 * it: its supertypes, and the parameters, results, exceptions and fields of its public and
 * protected members. Checked by reflection over the compiled published modules.
 */
class PublicApiExposesNoInternalsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "otel-llm-core",
        "otel-llm-langchain4j",
        "otel-llm-calls",
        "otel-llm-sdk",
        "otel-llm-report"
      })
  void publicTypesExposeNoInternalType(String module) throws Exception {
    Path classes = Path.of("..", module, "target", "classes").toAbsolutePath().normalize();
    List<String> leaks = new ArrayList<>();
    int checked = 0;
    for (String name : classNames(classes)) {
      if (name.contains(".internal.")) {
        continue;
      }
      Class<?> type = Class.forName(name, false, getClass().getClassLoader());
      if (!Modifier.isPublic(type.getModifiers())) {
        continue;
      }
      checked++;
      check(leaks, type.getName() + " extends", type.getGenericSuperclass());
      for (Type t : type.getGenericInterfaces()) {
        check(leaks, type.getName() + " implements", t);
      }
      for (Field f : type.getDeclaredFields()) {
        if (visible(f.getModifiers())) {
          check(leaks, type.getName() + "." + f.getName(), f.getGenericType());
        }
      }
      List<Executable> members = new ArrayList<>(List.of(type.getDeclaredMethods()));
      members.addAll(List.<Constructor<?>>of(type.getDeclaredConstructors()));
      for (Executable m : members) {
        if (!visible(m.getModifiers()) || m.isSynthetic()) {
          continue;
        }
        String where = type.getName() + "." + m.getName();
        if (m instanceof Method method) {
          check(leaks, where + " returns", method.getGenericReturnType());
        }
        for (Type p : m.getGenericParameterTypes()) {
          check(leaks, where + " takes", p);
        }
        for (Type e : m.getGenericExceptionTypes()) {
          check(leaks, where + " throws", e);
        }
      }
    }
    assertThat(checked).as("public API types in %s", module).isPositive();
    assertThat(leaks).as("internal types in the public API of %s", module).isEmpty();
  }

  static boolean visible(int modifiers) {
    return Modifier.isPublic(modifiers) || Modifier.isProtected(modifiers);
  }

  static void check(List<String> leaks, String where, Type type) {
    if (type == null) {
      return;
    }
    if (type instanceof Class<?> c) {
      Class<?> element = c;
      while (element.isArray()) {
        element = element.getComponentType();
      }
      if (element.getName().startsWith("io.otelllm.") && element.getName().contains(".internal.")) {
        leaks.add(where + " " + element.getName());
      }
    } else if (type instanceof ParameterizedType p) {
      check(leaks, where, p.getRawType());
      for (Type argument : p.getActualTypeArguments()) {
        check(leaks, where, argument);
      }
    } else if (type instanceof WildcardType w) {
      for (Type bound : w.getUpperBounds()) {
        check(leaks, where, bound);
      }
      for (Type bound : w.getLowerBounds()) {
        check(leaks, where, bound);
      }
    }
  }

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

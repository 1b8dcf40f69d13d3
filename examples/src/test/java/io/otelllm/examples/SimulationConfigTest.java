package io.otelllm.examples;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otelllm.examples.sim.SimulationConfig;
import org.junit.jupiter.api.Test;

class SimulationConfigTest {

  static SimulationConfig config(int agents, int rounds, int parallelism, double errorRate) {
    return new SimulationConfig(
        agents, rounds, parallelism, "m", "e", 1, errorRate, "http://x", true, false);
  }

  @Test
  void outOfRangeOptionsAreRejectedNamingTheOption() {
    assertThatThrownBy(() -> config(6, 1, 1, 0))
        .hasMessage("--agents must be between 1 and 5, was 6");
    assertThatThrownBy(() -> config(3, 0, 1, 0)).hasMessage("--rounds must be at least 1, was 0");
    assertThatThrownBy(() -> config(3, 1, -2, 0))
        .hasMessage("--parallelism must be at least 1, was -2");
    assertThatThrownBy(() -> config(3, 1, 1, 1.5))
        .hasMessage("--error-rate must be between 0 and 1, was 1.5");
  }
}

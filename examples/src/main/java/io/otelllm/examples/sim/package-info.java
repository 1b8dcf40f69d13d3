/** The simulation: agents, their models, the summary of a run. Not published. */
package io.otelllm.examples.sim;

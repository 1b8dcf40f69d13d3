/** The agent-simulation demo. Not published. */
package io.otelllm.examples;

/** The README's Java code, compiled. Not published. */
package io.otelllm.examples.readme;

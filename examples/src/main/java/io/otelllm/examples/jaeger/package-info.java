/** Starting and querying a Jaeger for the demo and the end-to-end tests. Not published. */
package io.otelllm.examples.jaeger;

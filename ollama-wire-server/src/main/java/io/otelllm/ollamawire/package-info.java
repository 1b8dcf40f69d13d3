/**
 * An in-process server speaking Ollama's wire format: the tests' and the demo's stand-in LLM. Not
 * published.
 */
package io.otelllm.ollamawire;

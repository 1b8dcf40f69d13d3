/**
 * The extension's helper classes: injected into the application's class loaders, where the advice
 * inlined into langchain4j's classes calls them.
 */
package io.otelllm.javaagent.internal.bridge;

package io.otelllm.ollamawire;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which models are loaded, as Ollama 0.17.4's scheduler (server/sched.go) decides it: requests are
 * scheduled one at a time in arrival order; a request for a loaded model is handed its runner at
 * once; one for a model not loaded, with {@code OLLAMA_MAX_LOADED_MODELS} already loaded, waits
 * until a loaded model has no request in flight, unloads the least recently used such model and
 * loads its own — and every request behind it waits too. Ollama's {@code load_duration} runs from a
 * request's arrival until it is handed its runner, so it holds the waiting for a swap as well as
 * the load.
 */
final class ModelScheduler {
  /** Requests are scheduled in arrival order, one at a time, as by Ollama's scheduler loop. */
  private final ReentrantLock turn = new ReentrantLock(true);

  /** Loaded models and their requests in flight, least recently used first. */
  private final LinkedHashMap<String, Integer> loaded = new LinkedHashMap<>(16, 0.75f, true);

  /** Models asked to unload ({@code keep_alive: 0}) once their requests are done. */
  private final java.util.Set<String> unloadWhenIdle = new java.util.HashSet<>();

  private volatile int maxLoaded;
  private long loads;

  ModelScheduler(int maxLoaded) {
    this.maxLoaded = maxLoaded;
  }

  void setMaxLoaded(int maxLoaded) {
    this.maxLoaded = maxLoaded;
  }

  /**
   * Hands {@code script}'s model to one request, loading it first if it is not loaded, and returns
   * the load duration Ollama would report: from now until handed over, plus the model's warm load
   * time when it was loaded already. Pair with {@link #release}.
   */
  long acquire(ModelScript script) throws InterruptedException {
    long arrived = System.nanoTime();
    boolean cold;
    turn.lockInterruptibly();
    try {
      synchronized (loaded) {
        Integer inFlight = loaded.get(script.name);
        cold = inFlight == null;
        if (cold) {
          while (loaded.size() >= maxLoaded && !unloadIdle()) {
            loaded.wait();
          }
          loads++;
        }
        loaded.merge(script.name, 1, Integer::sum);
        unloadWhenIdle.remove(script.name);
      }
      if (cold) {
        // Loading holds up the scheduler: the requests behind this one wait for it.
        OllamaWireServer.sleep(script.coldLoad.toNanos());
      }
    } finally {
      turn.unlock();
    }
    long handedOver = System.nanoTime() - arrived;
    return Math.max(1, handedOver + (cold ? 0 : OllamaWireServer.sleep(script.warmLoad.toNanos())));
  }

  /** The request is answered: its model may be unloaded now if asked, or evicted by another. */
  void release(ModelScript script) {
    synchronized (loaded) {
      Integer inFlight = loaded.get(script.name);
      if (inFlight != null) {
        if (inFlight <= 1 && unloadWhenIdle.remove(script.name)) {
          loaded.remove(script.name);
        } else {
          loaded.put(script.name, Math.max(0, inFlight - 1));
        }
      }
      loaded.notifyAll();
    }
  }

  /** {@code keep_alive: 0}: unloads the model once no request is in flight on it. */
  void unload(ModelScript script) {
    synchronized (loaded) {
      Integer inFlight = loaded.get(script.name);
      if (inFlight == null) {
        return;
      }
      if (inFlight == 0) {
        loaded.remove(script.name);
        loaded.notifyAll();
      } else {
        unloadWhenIdle.add(script.name);
      }
    }
  }

  /** Models loaded so far (each load, not each model). */
  long loads() {
    synchronized (loaded) {
      return loads;
    }
  }

  /** Unloads the least recently used model with nothing in flight; false when all are busy. */
  private boolean unloadIdle() {
    for (Iterator<Map.Entry<String, Integer>> it = loaded.entrySet().iterator(); it.hasNext(); ) {
      if (it.next().getValue() == 0) {
        it.remove();
        return true;
      }
    }
    return false;
  }
}

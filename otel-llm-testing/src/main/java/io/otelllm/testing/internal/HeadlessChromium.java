package io.otelllm.testing.internal;

import java.util.List;

/** How the tests run Chromium: headless, and quiet — no network of its own, no first-run pages. */
public final class HeadlessChromium {

  /**
   * The switches every test's Chromium gets (the headless mode itself is the caller's: the
   * command-line screenshots and WebDriver want different ones).
   */
  public static final List<String> QUIET_SWITCHES =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--hide-scrollbars");

  private HeadlessChromium() {}
}

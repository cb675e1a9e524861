// Headless Chromium for the dashboard's browser tests and its benchmark: Debian's `chromium` (Playwright's own
// download does not work here) driven by playwright-core, with the flags that work in containers.
import { execFileSync } from "node:child_process";
import { chromium, type Browser } from "playwright-core";

/** The Chromium Debian installs (`apt-get install chromium`). */
function chromiumPath(): string {
  try {
    return execFileSync("sh", ["-c", "command -v chromium"], { encoding: "utf8" }).trim();
  } catch {
    throw new Error("Chromium is not installed: run `apt-get update && apt-get install -y chromium` (.ci/run does).");
  }
}

/** Launches headless Chromium with the flags that work in containers. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

// A runner's pre-started executor, released without a run: it ends at the end of its stdin, and one that does not
// (stuck in its start-up) is killed after the grace, so a stopping runner leaves no process behind.
import { describe, expect, it } from "vitest";
import { startWarmProcess } from "../../../src/worker/flow-run-process.js";

const node = (script: string) => ({ command: process.execPath, args: ["-e", script] });

describe("a pre-started executor released without a run", () => {
  it("exits by itself at the end of its input", async () => {
    const warm = startWarmProcess({
      env: process.env,
      quiet: true,
      command: node("process.stdin.resume(); process.stdin.on('end', () => process.exit(0));"),
    });
    const exit = await warm.release(60_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(warm.alive).toBe(false);
  });

  it("is killed after the grace when it does not read its input", async () => {
    const warm = startWarmProcess({ env: process.env, quiet: true, command: node("setInterval(() => {}, 1000);") });
    const exit = await warm.release(200);
    expect(exit.signal).toBe("SIGKILL");
    expect(warm.alive).toBe(false);
  });
});

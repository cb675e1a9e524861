// The engine's clocks: systemClock's sleep ends early on abort; ManualClock's sleeps end only as advance() passes
// their time, earliest first; every() beats once per interval until stopped.
import { describe, expect, it } from "vitest";
import { every, systemClock } from "../../../src/engine/clock.js";
import { ManualClock, waitFor } from "../../../src/testing/index.js";

describe("systemClock", () => {
  it("reads wall time and ends a sleep at once when its signal aborts", async () => {
    expect(Math.abs(systemClock.now() - Date.now())).toBeLessThan(1000);
    const abort = new AbortController();
    const sleep = systemClock.sleep(3_600_000, abort.signal);
    abort.abort();
    await expect(sleep).resolves.toBeUndefined();
  });
});

describe("ManualClock", () => {
  it("ends sleeps only as advance() passes their time, earliest first", async () => {
    const clock = new ManualClock(new Date("2026-01-01T00:00:00Z"));
    const ended: string[] = [];
    const long = clock.sleep(2000).then(() => ended.push("2s"));
    const short = clock.sleep(1000).then(() => ended.push("1s"));
    expect(clock.sleepers).toBe(2);
    clock.advance(999);
    await Promise.resolve();
    expect(ended).toEqual([]);
    clock.advance(1001);
    await Promise.all([long, short]);
    expect(ended).toEqual(["1s", "2s"]);
    expect(clock.now()).toBe(Date.parse("2026-01-01T00:00:02Z"));
    expect(clock.sleepers).toBe(0);
  });

  it("ends a sleep whose signal aborts, and returns at once for no time or an aborted signal", async () => {
    const clock = new ManualClock(0);
    const abort = new AbortController();
    const sleep = clock.sleep(5000, abort.signal);
    abort.abort();
    await sleep;
    expect(clock.sleepers).toBe(0);
    await clock.sleep(0);
    await clock.sleep(10, abort.signal);
    expect(clock.now()).toBe(0);
  });
});

describe("every", () => {
  it("beats once per interval of the clock until stopped", async () => {
    const clock = new ManualClock(0);
    let beats = 0;
    const stop = every(clock, 30_000, () => beats++);
    for (let i = 1; i <= 3; i++) {
      await waitFor(() => clock.sleepers === 1);
      clock.advance(30_000);
      await waitFor(() => beats === i);
    }
    stop();
    await waitFor(() => clock.sleepers === 0);
    clock.advance(60_000);
    await Promise.resolve();
    expect(beats).toBe(3);
  });
});

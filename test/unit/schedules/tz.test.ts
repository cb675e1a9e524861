// The same computations in child processes with different TZ give identical results (rrule, cron-parser and our
// zone conversions never read the process's zone). The children load rrule through Node's own ESM loader.
import { execFile } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { battery } from "./fixtures/battery.js";

const run = promisify(execFile);
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");

describe("process TZ independence", () => {
  it("Asia/Tokyo, America/Los_Angeles, Europe/London and UTC agree with this process", async () => {
    const expected = battery();
    const zones = ["Asia/Tokyo", "America/Los_Angeles", "Europe/London", "UTC"];
    const outputs = await Promise.all(
      zones.map((tz) =>
        run(process.execPath, ["--import", "tsx", join(here, "fixtures", "tz-probe.ts")], {
          cwd: root,
          env: { ...process.env, TZ: tz },
          timeout: 30_000,
        }),
      ),
    );
    outputs.forEach(({ stdout }, i) => {
      const got = JSON.parse(stdout) as { tz: string; results: string[][] };
      expect(got.tz).toBe(zones[i]);
      expect(got.results).toEqual(expected);
    });
    // A sanity anchor: the hand-checked spring-forward case from dst.test.ts.
    expect(expected[0]?.slice(0, 3)).toEqual([
      "2026-03-06T07:30:00.000Z",
      "2026-03-07T07:30:00.000Z",
      "2026-03-08T07:30:00.000Z",
    ]);
  }, 30_000);
});

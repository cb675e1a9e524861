// The scheduler service: one `runOnce()` over 1,000 deployments (cron, interval and rrule mixed, each schedule its own,
// rrules with DTSTART in 2020) on a fresh SQLite file, then a second pass that finds nothing to insert. Target: first pass <= 1 s.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createApp, openStore } from "../src/server/index.js";
import { createSchedulerService } from "../src/server/services/index.js";
import { figure, type Figure } from "./figure.js";

const DEPLOYMENTS = 1000;
const ROUNDS = 3;

const two = (n: number): string => String(n).padStart(2, "0");

/** The i-th deployment's schedule: the kinds rotate, and each schedule differs (minutes, hours, anchors). */
function scheduleFor(i: number): Record<string, unknown> {
  const m = i % 60;
  const h = i % 24;
  switch (i % 7) {
    case 0:
      return { cron: `${m} * * * *` };
    case 1:
      return { cron: `${i % 15}-59/15 * * * *`, timezone: "America/New_York" };
    case 2:
      return { cron: `${m} ${h} * * *`, timezone: "Europe/London" };
    case 3:
      return { interval: 60, anchor_date: `2020-01-01T00:00:${two(m)}Z` };
    case 4:
      return { interval: 3600, anchor_date: `2020-01-01T00:${two(m)}:00`, timezone: "America/New_York" };
    case 5:
      return { rrule: `DTSTART:20200101T${two(h)}${two(m)}00Z\nRRULE:FREQ=DAILY;BYHOUR=${h},${(h + 8) % 24}` };
    default:
      return {
        rrule: `DTSTART;TZID=Europe/Paris:20200101T0000${two(m)}\nRRULE:FREQ=HOURLY;BYDAY=MO,TU,WE,TH,FR;BYMINUTE=${m}`,
      };
  }
}

async function oneRound(): Promise<{ first: number; second: number; inserted: number }> {
  const dir = mkdtempSync(join(tmpdir(), "prefect-ts-bench-scheduler-"));
  const store = openStore(join(dir, "prefect.db"));
  try {
    const now = new Date("2026-03-02T10:00:30.000Z");
    const app = createApp({ store, now: () => now, scheduler: false });
    const post = async (path: string, body: unknown) => {
      const res = await app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return (await res.json()) as { id: string };
    };
    const flow = await post("/api/flows/", { name: "bench" });
    for (let i = 0; i < DEPLOYMENTS; i++) {
      await post("/api/deployments/", {
        flow_id: flow.id,
        name: `d${i}`,
        tags: ["bench"],
        parameters: { i },
        enforce_parameter_schema: false,
        schedules: [{ schedule: scheduleFor(i) }],
      });
    }
    const scheduler = createSchedulerService(store, { now: () => now });
    let s = performance.now();
    const { inserted } = await scheduler.runOnce();
    const first = performance.now() - s;
    s = performance.now();
    const again = await scheduler.runOnce();
    const second = performance.now() - s;
    if (again.inserted !== 0) throw new Error(`second pass inserted ${again.inserted} runs`);
    return { first, second, inserted };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** First-pass and second-pass latency of one scheduler pass over 1,000 deployments, in ms. */
export async function run(): Promise<Figure[]> {
  const firsts: number[] = [];
  const seconds: number[] = [];
  let inserted = 0;
  for (let i = 0; i < ROUNDS; i++) {
    const round = await oneRound();
    firsts.push(round.first);
    seconds.push(round.second);
    inserted = round.inserted;
  }
  return [
    figure(
      `scheduler runOnce, ${DEPLOYMENTS} deployments (fresh file)`,
      "ms",
      firsts,
      "<= 1000",
      `${inserted} runs inserted per pass`,
    ),
    figure(`scheduler runOnce again (nothing to insert)`, "ms", seconds, "<= 1000"),
  ];
}

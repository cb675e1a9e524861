// The scheduler's pure parts: which times one pass schedules (Prefect's min/max rules) and the time format of
// idempotency keys (Python's str(datetime) in the schedule's zone).
import { describe, expect, it } from "vitest";
import { pythonDateTime, scheduledRunKey, timesToSchedule } from "../../../src/server/services/run-times.js";
import { DEFAULT_SCHEDULER_LIMITS } from "../../../src/server/services/scheduler-limits.js";

const iso = (dates: Date[]) => dates.map((d) => d.toISOString());
const start = new Date("2026-01-05T10:00:00.000Z");

describe("timesToSchedule", () => {
  it("includes a time equal to the start, and stops at the first time with 3 runs and 1 h covered", () => {
    expect(iso(timesToSchedule({ cron: "0 * * * *" }, start, DEFAULT_SCHEDULER_LIMITS))).toEqual([
      "2026-01-05T10:00:00.000Z",
      "2026-01-05T11:00:00.000Z",
      "2026-01-05T12:00:00.000Z",
    ]);
  });

  it("keeps every time before +1 h, then one more", () => {
    const times = timesToSchedule(
      { interval: 600, anchor_date: "2026-01-01T00:05:00Z" },
      start,
      DEFAULT_SCHEDULER_LIMITS,
    );
    expect(iso(times)).toEqual([
      "2026-01-05T10:05:00.000Z",
      "2026-01-05T10:15:00.000Z",
      "2026-01-05T10:25:00.000Z",
      "2026-01-05T10:35:00.000Z",
      "2026-01-05T10:45:00.000Z",
      "2026-01-05T10:55:00.000Z",
      "2026-01-05T11:05:00.000Z",
    ]);
  });

  it("honours zero minimums, maxRuns and the max time", () => {
    const none = { ...DEFAULT_SCHEDULER_LIMITS, minRuns: 0, minScheduledTimeSeconds: 0 };
    expect(iso(timesToSchedule({ cron: "0 * * * *" }, new Date("2026-01-05T10:00:01Z"), none))).toEqual([
      "2026-01-05T11:00:00.000Z",
    ]);
    expect(timesToSchedule({ cron: "* * * * *" }, start, DEFAULT_SCHEDULER_LIMITS, 7)).toHaveLength(7);
    const short = { ...DEFAULT_SCHEDULER_LIMITS, maxScheduledTimeSeconds: 1800 };
    expect(iso(timesToSchedule({ cron: "0 * * * *" }, new Date("2026-01-05T10:00:01Z"), short))).toEqual([]);
    expect(timesToSchedule({ cron: "0 * * * *" }, start, DEFAULT_SCHEDULER_LIMITS, 0)).toEqual([]);
  });
});

describe("idempotency key times", () => {
  it("writes Python's str(datetime): space, offset, microseconds only when set", () => {
    expect(pythonDateTime(new Date("2026-01-05T11:00:00Z"), "UTC")).toBe("2026-01-05 11:00:00+00:00");
    expect(pythonDateTime(new Date("2026-07-05T13:00:00Z"), "America/New_York")).toBe("2026-07-05 09:00:00-04:00");
    expect(pythonDateTime(new Date("2026-01-05T11:00:00.250Z"), "Asia/Kolkata")).toBe(
      "2026-01-05 16:30:00.250000+05:30",
    );
    expect(scheduledRunKey("d", "s", new Date("2026-01-05T11:00:00Z"), "UTC")).toBe(
      "scheduled d s 2026-01-05 11:00:00+00:00",
    );
  });
});

// The schedule options of toDeployment()/serve() -> Prefect's DeploymentScheduleCreate list, validated up front.
import { describe, expect, it } from "vitest";
import { schedulesFromOptions } from "../../../src/deploy/schedule-options.js";
import { ScheduleError } from "../../../src/errors.js";

describe("schedulesFromOptions", () => {
  it("turns cron, interval and rrule shorthands (one or many) into slugged schedules with the shared time zone", () => {
    expect(schedulesFromOptions({ cron: "0 2 * * *", timezone: "America/New_York" })).toEqual([
      { schedule: { cron: "0 2 * * *", timezone: "America/New_York" }, slug: "cron-1" },
    ]);
    expect(schedulesFromOptions({ interval: [60, 3600] })).toEqual([
      { schedule: { interval: 60 }, slug: "interval-1" },
      { schedule: { interval: 3600 }, slug: "interval-2" },
    ]);
    expect(schedulesFromOptions({ rrule: "FREQ=DAILY;COUNT=3" })).toEqual([
      { schedule: { rrule: "FREQ=DAILY;COUNT=3" }, slug: "rrule-1" },
    ]);
    expect(schedulesFromOptions({})).toEqual([]);
  });

  it("keeps each schedule's own options: day_or, anchor date, active, parameters, slug, max runs", () => {
    const anchor = new Date("2026-01-01T00:00:00Z");
    expect(
      schedulesFromOptions({
        timezone: "Europe/London",
        schedules: [
          { cron: "0 9 * * 1-5", dayOr: false, active: false, parameters: { region: "eu" }, slug: "weekdays" },
          { interval: 900, anchorDate: anchor, timezone: "UTC", maxScheduledRuns: 10 },
        ],
      }),
    ).toEqual([
      {
        schedule: { cron: "0 9 * * 1-5", timezone: "Europe/London", day_or: false },
        slug: "weekdays",
        active: false,
        parameters: { region: "eu" },
      },
      {
        schedule: { interval: 900, timezone: "UTC", anchor_date: "2026-01-01T00:00:00.000Z" },
        slug: "interval-1",
        maxScheduledRuns: 10,
      },
    ]);
  });

  it("refuses several kinds at once, naming them and the fix", () => {
    expect(() => schedulesFromOptions({ cron: "* * * * *", interval: 60 })).toThrow(ScheduleError);
    expect(() => schedulesFromOptions({ cron: "* * * * *", interval: 60 })).toThrow(
      /Only one of cron, interval, rrule or schedules.*cron and interval.*schedules: \[/,
    );
  });

  it("names the schedule and the fix for an invalid cron, time zone, interval or rrule", () => {
    expect(() => schedulesFromOptions({ cron: "61 * * * *" })).toThrow(/Invalid schedule cron: .*minute must be 0-59/);
    expect(() => schedulesFromOptions({ cron: ["0 * * * *", "0 2 * * *"], timezone: "Mars/Olympus" })).toThrow(
      /Invalid schedule cron\[0\]: .*Mars\/Olympus/,
    );
    expect(() => schedulesFromOptions({ interval: -5 })).toThrow(/Invalid schedule interval: /);
    expect(() => schedulesFromOptions({ schedules: [{ cron: "0 * * * *" }, { rrule: "FREQ=SOMETIMES" }] })).toThrow(
      /Invalid schedule schedules\[1\]: /,
    );
  });

  it("refuses two schedules with one slug", () => {
    expect(() =>
      schedulesFromOptions({
        schedules: [
          { cron: "0 * * * *", slug: "a" },
          { interval: 60, slug: "a" },
        ],
      }),
    ).toThrow(/slug "a"/);
  });
});

// Each schedule kind's features: cron aliases, day_or, seconds; interval lattice; rrule COUNT/UNTIL/EXDATE/RDATE/EXRULE;
// the bounds of nextScheduledTimes; scheduleKind and withScheduleDefaults.
import { describe, expect, it } from "vitest";
import { nextScheduledTimes, scheduleKind, withScheduleDefaults } from "../../../src/schedules/index.js";
import type { ScheduleInput } from "../../../src/schemas/schedules.js";

function times(schedule: ScheduleInput, after: string, count: number, until?: string): string[] {
  return nextScheduledTimes(schedule, {
    after: new Date(after),
    count,
    ...(until ? { until: new Date(until) } : {}),
  }).map((d) => d.toISOString().replace(".000Z", "Z"));
}

const NEW_YEAR = "2026-01-01T00:00:00Z"; // a Thursday

describe("cron", () => {
  it.each([
    ["@hourly", "2026-01-01T01:00:00Z"],
    ["@daily", "2026-01-02T00:00:00Z"],
    ["@midnight", "2026-01-02T00:00:00Z"],
    ["@weekly", "2026-01-04T00:00:00Z"], // Sunday
    ["@monthly", "2026-02-01T00:00:00Z"],
    ["@yearly", "2027-01-01T00:00:00Z"],
    ["@annually", "2027-01-01T00:00:00Z"],
    ["@DAILY", "2026-01-02T00:00:00Z"],
  ])("alias %s", (cron, first) => {
    expect(times({ cron }, NEW_YEAR, 1)).toEqual([first]);
  });

  it("an alias is read in the schedule's zone", () => {
    expect(times({ cron: "@daily", timezone: "America/New_York" }, NEW_YEAR, 2)).toEqual([
      "2026-01-01T05:00:00Z",
      "2026-01-02T05:00:00Z",
    ]);
  });

  it("day_or true ORs day-of-month and day-of-week (classic cron); false ANDs them", () => {
    // The 13th or a Friday: Fri 2, Fri 9, Tue 13, Fri 16.
    expect(times({ cron: "0 0 13 * 5", day_or: true }, NEW_YEAR, 4)).toEqual([
      "2026-01-02T00:00:00Z",
      "2026-01-09T00:00:00Z",
      "2026-01-13T00:00:00Z",
      "2026-01-16T00:00:00Z",
    ]);
    expect(times({ cron: "0 0 13 * 5" }, NEW_YEAR, 1)).toEqual(["2026-01-02T00:00:00Z"]); // default day_or = true
    // Friday the 13th in 2026: February, March, November.
    expect(times({ cron: "0 0 13 * 5", day_or: false }, NEW_YEAR, 3)).toEqual([
      "2026-02-13T00:00:00Z",
      "2026-03-13T00:00:00Z",
      "2026-11-13T00:00:00Z",
    ]);
    // With one side a wildcard, day_or makes no difference.
    expect(times({ cron: "0 0 * * 5", day_or: false }, NEW_YEAR, 2)).toEqual([
      "2026-01-02T00:00:00Z",
      "2026-01-09T00:00:00Z",
    ]);
  });

  it("day_or false: the second Friday of the month (fcron style, Prefect's docstring example)", () => {
    expect(times({ cron: "0 9 8-14 * FRI", day_or: false }, NEW_YEAR, 3)).toEqual([
      "2026-01-09T09:00:00Z",
      "2026-02-13T09:00:00Z",
      "2026-03-13T09:00:00Z",
    ]);
  });

  it("names, ranges, steps, lists, L and #", () => {
    expect(times({ cron: "*/20 9-10 * * MON-FRI" }, NEW_YEAR, 3)).toEqual([
      "2026-01-01T09:00:00Z",
      "2026-01-01T09:20:00Z",
      "2026-01-01T09:40:00Z",
    ]);
    expect(times({ cron: "0 0 L * *" }, NEW_YEAR, 2)).toEqual(["2026-01-31T00:00:00Z", "2026-02-28T00:00:00Z"]);
    expect(times({ cron: "0 0 * * 5#2" }, NEW_YEAR, 1)).toEqual(["2026-01-09T00:00:00Z"]);
    expect(times({ cron: "0 0 1 JAN,jul *" }, NEW_YEAR, 2)).toEqual(["2026-07-01T00:00:00Z", "2027-01-01T00:00:00Z"]);
    expect(times({ cron: "0 0 * * 7" }, NEW_YEAR, 1)).toEqual(["2026-01-04T00:00:00Z"]); // 7 is Sunday
  });

  it("a sixth field is seconds, written last, as croniter (Prefect) reads it", () => {
    expect(times({ cron: "0 2 * * * 30" }, NEW_YEAR, 2)).toEqual(["2026-01-01T02:00:30Z", "2026-01-02T02:00:30Z"]);
  });
});

describe("interval", () => {
  it("is a lattice through the anchor, before it too, strictly after `after`", () => {
    const s = { interval: 600, anchor_date: "2026-01-01T00:05:00Z" };
    expect(times(s, "2026-01-01T00:05:00Z", 2)).toEqual(["2026-01-01T00:15:00Z", "2026-01-01T00:25:00Z"]);
    expect(times(s, "2025-12-31T23:50:00Z", 2)).toEqual(["2025-12-31T23:55:00Z", "2026-01-01T00:05:00Z"]);
  });

  it("without anchor_date the caller's `now` anchors it", () => {
    const got = nextScheduledTimes(
      { interval: 3600 },
      { after: new Date(NEW_YEAR), count: 2, now: new Date("2026-01-01T00:20:00Z") },
    );
    expect(got.map((d) => d.toISOString())).toEqual(["2026-01-01T00:20:00.000Z", "2026-01-01T01:20:00.000Z"]);
  });

  it("fractional seconds", () => {
    expect(times({ interval: 0.5, anchor_date: NEW_YEAR }, NEW_YEAR, 2).map((t) => t.slice(17))).toEqual([
      "00.500Z",
      "01Z",
    ]);
  });
});

describe("rrule", () => {
  it("COUNT, UNTIL (inclusive), EXDATE and RDATE", () => {
    const start = "DTSTART:20260101T090000\n";
    expect(times({ rrule: `${start}RRULE:FREQ=DAILY;COUNT=3` }, "2025-12-01T00:00:00Z", 10)).toEqual([
      "2026-01-01T09:00:00Z",
      "2026-01-02T09:00:00Z",
      "2026-01-03T09:00:00Z",
    ]);
    expect(
      times({ rrule: `${start}RRULE:FREQ=DAILY;UNTIL=20260103T090000Z` }, "2025-12-01T00:00:00Z", 10),
    ).toHaveLength(3);
    expect(
      times({ rrule: `${start}RRULE:FREQ=DAILY;COUNT=3\nEXDATE:20260102T090000Z` }, "2025-12-01T00:00:00Z", 10),
    ).toEqual(["2026-01-01T09:00:00Z", "2026-01-03T09:00:00Z"]);
    expect(
      times(
        { rrule: `${start}RRULE:FREQ=DAILY;COUNT=2\nRDATE:20260110T120000,20260105T120000` },
        "2025-12-01T00:00:00Z",
        10,
      ),
    ).toEqual(["2026-01-01T09:00:00Z", "2026-01-02T09:00:00Z", "2026-01-05T12:00:00Z", "2026-01-10T12:00:00Z"]);
  });

  it("every date in the string is a wall-clock time in the schedule's zone (Prefect localizes them)", () => {
    const rrule = "DTSTART:20260101T090000\nRRULE:FREQ=DAILY;COUNT=2\nRDATE:20260110T120000Z\nEXDATE:20260102T090000Z";
    expect(times({ rrule, timezone: "America/New_York" }, "2025-12-01T00:00:00Z", 10)).toEqual([
      "2026-01-01T14:00:00Z",
      "2026-01-10T17:00:00Z",
    ]);
  });

  it("EXRULE, a bare rule line, lowercase names, folded lines, CRLF", () => {
    const rrule =
      "DTSTART:20260105T090000\r\nrrule:FREQ=DAILY;BY\r\n DAY=MO,TU,WE,TH,FR\r\nEXRULE:FREQ=WEEKLY;BYDAY=WE";
    expect(times({ rrule }, "2026-01-04T00:00:00Z", 4)).toEqual([
      "2026-01-05T09:00:00Z",
      "2026-01-06T09:00:00Z",
      "2026-01-08T09:00:00Z",
      "2026-01-09T09:00:00Z",
    ]);
    // From 2020-01-01 (Prefect's default DTSTART) every other day: 2026-01-01 is day 2192, an occurrence.
    expect(times({ rrule: "FREQ=DAILY;INTERVAL=2" }, NEW_YEAR, 2)).toEqual([
      "2026-01-03T00:00:00Z",
      "2026-01-05T00:00:00Z",
    ]);
  });

  it("without DTSTART a rule starts at Prefect's default, 2020-01-01T00:00 in the zone", () => {
    // Prefect's test_create_with_timezone: a DAILY rule fires at local midnight.
    expect(times({ rrule: "RRULE:FREQ=DAILY", timezone: "America/New_York" }, NEW_YEAR, 2)).toEqual([
      "2026-01-01T05:00:00Z",
      "2026-01-02T05:00:00Z",
    ]);
    // ... and a COUNT without DTSTART is spent in 2020, so it never runs again (as in Prefect).
    expect(times({ rrule: "RRULE:FREQ=DAILY;COUNT=5" }, NEW_YEAR, 2)).toEqual([]);
  });

  it("returns nothing before a future DTSTART and stops at the rule's end", () => {
    expect(times({ rrule: "DTSTART:20300101T000000\nRRULE:FREQ=YEARLY" }, NEW_YEAR, 2)).toEqual([
      "2030-01-01T00:00:00Z",
      "2031-01-01T00:00:00Z",
    ]);
    expect(
      times(
        { rrule: "DTSTART:19970902T090000\nRRULE:FREQ=YEARLY;COUNT=2;BYDAY=TU\nRRULE:FREQ=YEARLY;COUNT=1;BYDAY=TH" },
        "2000-01-01T00:00:00Z",
        5,
      ),
    ).toEqual([]);
    expect(
      times(
        { rrule: "DTSTART:19970902T090000\nRRULE:FREQ=YEARLY;COUNT=2;BYDAY=TU\nRRULE:FREQ=YEARLY;COUNT=1;BYDAY=TH" },
        "1900-01-01T00:00:00Z",
        5,
      ),
    ).toHaveLength(3);
  });

  it("an EXRULE that removes everything ends the search instead of looping", () => {
    expect(times({ rrule: "DTSTART:20260101T000000\nRRULE:FREQ=HOURLY\nEXRULE:FREQ=HOURLY" }, NEW_YEAR, 3)).toEqual([]);
  });
});

describe("nextScheduledTimes bounds", () => {
  it("at most count, none past until (inclusive), count 0 is empty", () => {
    const s = { cron: "0 * * * *" };
    expect(times(s, NEW_YEAR, 100, "2026-01-01T03:00:00Z")).toEqual([
      "2026-01-01T01:00:00Z",
      "2026-01-01T02:00:00Z",
      "2026-01-01T03:00:00Z",
    ]);
    expect(times(s, NEW_YEAR, 0)).toEqual([]);
    expect(times({ interval: 3600, anchor_date: NEW_YEAR }, NEW_YEAR, 100, "2026-01-01T02:30:00Z")).toHaveLength(2);
    expect(
      times({ rrule: "DTSTART:20260101T000000\nRRULE:FREQ=HOURLY" }, NEW_YEAR, 100, "2026-01-01T02:30:00Z"),
    ).toHaveLength(2);
  });

  it("strictly after, also with milliseconds", () => {
    expect(times({ cron: "0 * * * *" }, "2026-01-01T00:59:59.999Z", 1)).toEqual(["2026-01-01T01:00:00Z"]);
    expect(times({ cron: "0 * * * *" }, "2026-01-01T01:00:00.001Z", 1)).toEqual(["2026-01-01T02:00:00Z"]);
  });
});

describe("scheduleKind and withScheduleDefaults", () => {
  it("tells the kinds apart", () => {
    expect(scheduleKind({ cron: "* * * * *" })).toBe("cron");
    expect(scheduleKind({ interval: 60 })).toBe("interval");
    expect(scheduleKind({ rrule: "FREQ=DAILY" })).toBe("rrule");
  });

  it("fills an interval's anchor and an rrule's DTSTART, leaves cron and given values alone", () => {
    const now = new Date("2026-05-04T12:34:56Z");
    expect(withScheduleDefaults({ interval: 60, timezone: null }, now)).toEqual({
      interval: 60,
      timezone: null,
      anchor_date: now.toISOString(),
    });
    expect(withScheduleDefaults({ interval: 60, anchor_date: NEW_YEAR }, now)).toEqual({
      interval: 60,
      anchor_date: NEW_YEAR,
    });
    expect(withScheduleDefaults({ rrule: "RRULE:FREQ=DAILY", timezone: "UTC" }, now)).toEqual({
      rrule: "DTSTART:20260504T000000\nRRULE:FREQ=DAILY",
      timezone: "UTC",
    });
    expect(withScheduleDefaults({ cron: "0 2 * * *", timezone: "UTC", day_or: true }, now)).toEqual({
      cron: "0 2 * * *",
      timezone: "UTC",
      day_or: true,
    });
  });
});

describe("cron agrees with cron-parser's own iteration (UTC, day_or true)", () => {
  it.each([
    "*/7 * * * *",
    "0 9-17/2 * * MON-FRI",
    "30 0 L * *",
    "0 12 * * 5#3",
    "0 6 * * 5L",
    "15 3 1,15 * 0",
    "0 0 31 * *",
    "5 4 * * *",
    "0 2 * * * 30",
  ])("%s", async (cron) => {
    const { CronExpressionParser } = await import("cron-parser");
    const after = new Date("2026-02-27T13:14:15Z");
    const fields = cron.split(" ");
    const sixFields = fields.length === 6 ? [fields[5], ...fields.slice(0, 5)] : ["0", ...fields];
    const expr = CronExpressionParser.parse(sixFields.join(" "), { tz: "UTC", currentDate: after });
    const expected = Array.from({ length: 30 }, () => expr.next().toDate().toISOString());
    expect(nextScheduledTimes({ cron }, { after, count: 30 }).map((d) => d.toISOString())).toEqual(expected);
  });
});

it("cron looks up to 30 years ahead (leap days fire; 100 of them are past the horizon)", () => {
  expect(times({ cron: "0 0 29 2 *" }, NEW_YEAR, 100)).toEqual(
    ["2028", "2032", "2036", "2040", "2044", "2048", "2052"].map((y) => `${y}-02-29T00:00:00Z`),
  );
});

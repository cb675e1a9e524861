// Every invalid schedule is a ScheduleError whose message names the field and the fix; valid ones pass.
import { describe, expect, it } from "vitest";
import { ScheduleError } from "../../../src/errors.js";
import { isValidTimeZone, nextScheduledTimes, validateSchedule } from "../../../src/schedules/index.js";
import type { ScheduleInput } from "../../../src/schemas/schedules.js";

function messageOf(schedule: unknown): string {
  try {
    validateSchedule(schedule as ScheduleInput);
  } catch (err) {
    expect(err).toBeInstanceOf(ScheduleError);
    return (err as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(schedule)}`);
}

describe("cron", () => {
  it.each([
    [{ cron: "61 * * * *" }, 'cron "61 * * * *": minute must be 0-59, got 61. Use five fields, e.g. "0 2 * * *".'],
    [{ cron: "0 24 * * *" }, "hour must be 0-23, got 24"],
    [{ cron: "0 0 0 * *" }, "day-of-month must be 1-31, got 0"],
    [{ cron: "0 0 * 13 *" }, "month must be 1-12 (or JAN-DEC), got 13"],
    [{ cron: "0 0 * * 8" }, "day-of-week must be 0-7 (0 or 7 is Sunday, or SUN-SAT), got 8"],
    [{ cron: "0 0-60 * * *" }, "hour must be 0-23, got 60"],
    [{ cron: "* * * *" }, "has 4 fields; expected minute hour day-of-month month day-of-week"],
    [{ cron: "0 0 1 1 * 0 2026" }, "has 7 fields"],
    [{ cron: "   " }, "is empty"],
    [
      { cron: "@reboot" },
      "unknown alias; use one of @midnight, @hourly, @daily, @weekly, @monthly, @yearly, @annually",
    ],
    [{ cron: "H * * * *" }, "random (R) and hashed (H) expressions are not supported"],
    [{ cron: "0 0 R * *" }, "random (R) and hashed (H) expressions are not supported"],
    [{ cron: "*/0 * * * *" }, 'minute step "0" must be a positive whole number'],
    [{ cron: "0 0 31 2 *" }, "day-of-month never occurs in the given month(s)"],
    [{ cron: "abc * * * *" }, 'minute "abc" is not a number'],
    [{ cron: "0 0 * * 5#6" }, 'day-of-week "#6" must be #1-#5'],
    [{ cron: "0 0 * JANX *" }, 'month "JANX" is not a number'],
    [{ cron: 5 }, 'cron must be a string such as "0 2 * * *", got number'],
    [
      { cron: "0 2 * * *", day_or: "yes" },
      'day_or must be true (day-of-month OR day-of-week, as cron) or false (AND), got "yes"',
    ],
  ])("%j", (schedule, fragment) => {
    expect(messageOf(schedule)).toContain(fragment);
  });

  it.each([
    "0 2 * * *",
    "*/15 9-17 * * MON-FRI",
    "0 0 L * *",
    "0 0 * * 5#2",
    "@daily",
    "0 2 * * * 30",
    "0 0 1,15 * ?",
    " 0  2 * * * ",
  ])("accepts %j", (cron) => {
    expect(() => validateSchedule({ cron })).not.toThrow();
  });
});

describe("timezone", () => {
  it.each([
    [
      { cron: "0 2 * * *", timezone: "Mars/Olympus" },
      'timezone "Mars/Olympus" is not an IANA time zone, e.g. "America/New_York"',
    ],
    [{ cron: "0 2 * * *", timezone: "america/new_york" }, 'timezone "america/new_york" is not an IANA time zone'],
    [{ cron: "0 2 * * *", timezone: "+02:00" }, 'timezone "+02:00" is not an IANA time zone'],
    [{ interval: 60, timezone: "Nowhere" }, 'timezone "Nowhere" is not an IANA time zone'],
    [{ rrule: "RRULE:FREQ=DAILY", timezone: "Mars/Olympus" }, 'timezone "Mars/Olympus" is not an IANA time zone'],
  ])("%j", (schedule, fragment) => {
    expect(messageOf(schedule)).toContain(fragment);
  });

  it("a bad zone is an error when computing too, never UTC", () => {
    expect(() =>
      nextScheduledTimes({ cron: "0 2 * * *", timezone: "Mars/Olympus" }, { after: new Date(), count: 1 }),
    ).toThrow(ScheduleError);
  });

  it("null and empty mean UTC; IANA names and aliases are zones", () => {
    expect(() => validateSchedule({ cron: "0 2 * * *", timezone: null })).not.toThrow();
    expect(() => validateSchedule({ cron: "0 2 * * *", timezone: "" })).not.toThrow();
    for (const zone of ["UTC", "America/New_York", "Europe/London", "Asia/Kolkata", "US/Pacific", "Etc/GMT+5"]) {
      expect(isValidTimeZone(zone), zone).toBe(true);
    }
  });
});

describe("interval", () => {
  it.each([
    [{ interval: 0 }, "interval must be a positive number of seconds, got 0"],
    [{ interval: -5 }, "interval must be a positive number of seconds, got -5"],
    [{ interval: Number.NaN }, "got NaN"],
    [{ interval: "60" }, 'got "60"'],
    [
      { interval: 60, anchor_date: "yesterday" },
      'anchor_date "yesterday" is not an ISO 8601 date-time; use e.g. "2026-01-01T09:00:00"',
    ],
    [{ interval: 60, anchor_date: "2026-02-30T00:00:00Z" }, 'anchor_date "2026-02-30T00:00:00Z"'],
  ])("%j", (schedule, fragment) => {
    expect(messageOf(schedule)).toContain(fragment);
  });
});

describe("rrule", () => {
  const long = `RDATE:${Array.from({ length: 400 }, () => "20260101T000000Z").join(",")}`;
  it.each([
    [{ rrule: "" }, "is empty"],
    [
      { rrule: "FREQ=DAILYBAD" },
      'RRULE FREQ "DAILYBAD" must be one of YEARLY, MONTHLY, WEEKLY, DAILY, HOURLY, MINUTELY, SECONDLY',
    ],
    [{ rrule: "bad rrule string" }, 'RRULE has unknown part "bad rrule string"'],
    [{ rrule: "RRULE:FREQ=DAILY;FOO=1" }, 'RRULE has unknown part "FOO"'],
    [{ rrule: "RRULE:INTERVAL=2" }, "RRULE needs FREQ, e.g. FREQ=DAILY"],
    [{ rrule: "RRULE:FREQ=DAILY;BYHOUR=24" }, 'RRULE BYHOUR must be 0-23, got "24"'],
    [{ rrule: "RRULE:FREQ=DAILY;COUNT=0" }, 'RRULE COUNT must be a positive whole number, got "0"'],
    [{ rrule: "RRULE:FREQ=WEEKLY;BYDAY=XX" }, 'RRULE BYDAY "XX" must list days such as MO,WE'],
    [{ rrule: "RRULE:FREQ=DAILY;UNTIL=2026" }, 'RRULE UNTIL "2026" is not a date, use YYYYMMDDTHHMMSS'],
    [{ rrule: "DTSTART:2026-01-01\nRRULE:FREQ=DAILY" }, 'DTSTART "2026-01-01" is not a date, use YYYYMMDDTHHMMSS'],
    [{ rrule: "DTSTART:20260230T000000\nRRULE:FREQ=DAILY" }, 'DTSTART "20260230T000000" is not a valid date-time'],
    [
      { rrule: "DTSTART;TZID=Mars/Olympus:20260101T090000\nRRULE:FREQ=DAILY" },
      'DTSTART TZID "Mars/Olympus" is not an IANA time zone',
    ],
    [
      { rrule: "DTSTART;TZID=Europe/London:20260101T090000\nRRULE:FREQ=DAILY", timezone: "America/New_York" },
      'DTSTART TZID "Europe/London" differs from timezone "America/New_York"',
    ],
    [{ rrule: "DTSTART:20260101T090000\nDTSTART:20260102T090000\nRRULE:FREQ=DAILY" }, "has more than one DTSTART"],
    [
      { rrule: "X-FOO:bar\nRRULE:FREQ=DAILY" },
      'has an unsupported line "X-FOO"; use DTSTART, RRULE, EXRULE, RDATE or EXDATE',
    ],
    [{ rrule: "DTSTART:20260101T090000" }, "has no RRULE and no RDATE, so it never runs"],
    [{ rrule: "RDATE;VALUE=PERIOD:20260101T000000Z/PT1H" }, "RDATE;VALUE=PERIOD is not supported"],
    [{ rrule: long }, `is ${long.length} characters; the maximum is 6500`],
    [{ rrule: 7 }, "rrule must be an RFC 5545 string"],
  ])("%j", (schedule, fragment) => {
    const message = messageOf(schedule);
    expect(message).toContain(fragment);
    expect(message).toMatch(/^(rrule|timezone)/);
  });

  it("accepts RFC 5545 strings Prefect accepts", () => {
    for (const rrule of [
      "FREQ=DAILY",
      "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR;BYHOUR=9",
      "DTSTART;TZID=America/New_York:20260101T090000\nRRULE:FREQ=DAILY;UNTIL=20261231T000000Z",
      "DTSTART:19970902T090000\nRRULE:FREQ=YEARLY;COUNT=2;BYDAY=TU\nRRULE:FREQ=YEARLY;COUNT=1;BYDAY=TH",
      "RDATE:20221012T134000Z,20221012T230000Z",
      "DTSTART;VALUE=DATE:20260101\nRRULE:FREQ=MONTHLY;BYDAY=-1FR",
    ]) {
      expect(() => validateSchedule({ rrule, timezone: "America/New_York" }), rrule).not.toThrow();
    }
  });
});

describe("schedule shape", () => {
  it("needs one of interval, cron, rrule", () => {
    expect(messageOf({})).toBe(
      'schedule needs one of "interval" (seconds), "cron" or "rrule", e.g. {"cron": "0 2 * * *"}',
    );
  });
});

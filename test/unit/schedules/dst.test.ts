// DST spring-forward and fall-back for every schedule kind, in America/New_York (2026-03-08, 2026-11-01) and
// Europe/London (2026-03-29, 2026-10-25), against hand-checked instants.
import { describe, expect, it } from "vitest";
import { nextScheduledTimes } from "../../../src/schedules/index.js";
import type { ScheduleInput } from "../../../src/schemas/schedules.js";

const NY = "America/New_York";
const LDN = "Europe/London";

function times(schedule: ScheduleInput, after: string, count: number): string[] {
  return nextScheduledTimes(schedule, { after: new Date(after), count }).map((d) =>
    d.toISOString().replace(".000Z", "Z"),
  );
}

// New York: 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z); 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z).
// London: 2026-03-29 01:00 GMT -> 02:00 BST (01:00Z); 2026-10-25 02:00 BST -> 01:00 GMT (01:00Z).

describe("cron across DST (wall-clock times, as Prefect)", () => {
  it("New York spring-forward: 01:30 exists, 02:30 moves forward by the gap to 03:30 EDT", () => {
    expect(times({ cron: "30 1 * * *", timezone: NY }, "2026-03-07T00:00:00Z", 3)).toEqual([
      "2026-03-07T06:30:00Z", // 01:30 EST
      "2026-03-08T06:30:00Z", // 01:30 EST, before the gap
      "2026-03-09T05:30:00Z", // 01:30 EDT
    ]);
    expect(times({ cron: "30 2 * * *", timezone: NY }, "2026-03-07T00:00:00Z", 3)).toEqual([
      "2026-03-07T07:30:00Z", // 02:30 EST
      "2026-03-08T07:30:00Z", // 02:30 does not exist: 03:30 EDT
      "2026-03-09T06:30:00Z", // 02:30 EDT
    ]);
  });

  it("New York fall-back: 01:30 fires once, at its first (EDT) occurrence; 02:30 is EST", () => {
    expect(times({ cron: "30 1 * * *", timezone: NY }, "2026-10-31T00:00:00Z", 3)).toEqual([
      "2026-10-31T05:30:00Z",
      "2026-11-01T05:30:00Z", // 01:30 EDT; 01:30 EST (06:30Z) does not fire
      "2026-11-02T06:30:00Z",
    ]);
    expect(times({ cron: "30 2 * * *", timezone: NY }, "2026-10-31T00:00:00Z", 3)).toEqual([
      "2026-10-31T06:30:00Z",
      "2026-11-01T07:30:00Z",
      "2026-11-02T07:30:00Z",
    ]);
  });

  it("New York hourly: skips 02:00 in spring (no duplicate at 03:00), a two-hour pause in the fall", () => {
    // Prefect's own tests (2018 dates): local hours [23, 0, 1, 3, 4], UTC [4, 5, 6, 7, 8].
    expect(times({ cron: "0 * * * *", timezone: NY }, "2026-03-08T04:30:00Z", 4)).toEqual([
      "2026-03-08T05:00:00Z", // 00:00 EST
      "2026-03-08T06:00:00Z", // 01:00 EST
      "2026-03-08T07:00:00Z", // 02:00 -> 03:00 EDT (03:00 itself is the same instant)
      "2026-03-08T08:00:00Z", // 04:00 EDT
    ]);
    // Prefect: local [23, 0, 1, 2, 3], UTC [3, 4, 5, 7, 8].
    expect(times({ cron: "0 * * * *", timezone: NY }, "2026-11-01T03:30:00Z", 4)).toEqual([
      "2026-11-01T04:00:00Z", // 00:00 EDT
      "2026-11-01T05:00:00Z", // 01:00 EDT
      "2026-11-01T07:00:00Z", // 02:00 EST
      "2026-11-01T08:00:00Z",
    ]);
  });

  it("a start inside the repeated hour does not return times before it", () => {
    // 01:10 EST (second pass); "45 * * * *" at 01:45 maps to 01:45 EDT (05:45Z), which is earlier: skipped.
    expect(times({ cron: "45 * * * *", timezone: NY }, "2026-11-01T06:10:00Z", 2)).toEqual([
      "2026-11-01T07:45:00Z",
      "2026-11-01T08:45:00Z",
    ]);
  });

  it("London spring-forward and fall-back", () => {
    expect(times({ cron: "30 1 * * *", timezone: LDN }, "2026-03-28T00:00:00Z", 3)).toEqual([
      "2026-03-28T01:30:00Z", // 01:30 GMT
      "2026-03-29T01:30:00Z", // 01:30 does not exist: 02:30 BST
      "2026-03-30T00:30:00Z", // 01:30 BST
    ]);
    expect(times({ cron: "30 2 * * *", timezone: LDN }, "2026-03-28T00:00:00Z", 3)).toEqual([
      "2026-03-28T02:30:00Z",
      "2026-03-29T01:30:00Z", // 02:30 BST
      "2026-03-30T01:30:00Z",
    ]);
    expect(times({ cron: "30 1 * * *", timezone: LDN }, "2026-10-24T00:00:00Z", 3)).toEqual([
      "2026-10-24T00:30:00Z",
      "2026-10-25T00:30:00Z", // first 01:30 (BST) only
      "2026-10-26T01:30:00Z",
    ]);
    expect(times({ cron: "30 2 * * *", timezone: LDN }, "2026-10-24T00:00:00Z", 3)).toEqual([
      "2026-10-24T01:30:00Z",
      "2026-10-25T02:30:00Z", // 02:30 GMT
      "2026-10-26T02:30:00Z",
    ]);
  });

  it("London hourly", () => {
    expect(times({ cron: "0 * * * *", timezone: LDN }, "2026-03-28T23:30:00Z", 4)).toEqual([
      "2026-03-29T00:00:00Z", // 00:00 GMT
      "2026-03-29T01:00:00Z", // 01:00 -> 02:00 BST
      "2026-03-29T02:00:00Z", // 03:00 BST
      "2026-03-29T03:00:00Z",
    ]);
    expect(times({ cron: "0 * * * *", timezone: LDN }, "2026-10-24T22:30:00Z", 4)).toEqual([
      "2026-10-24T23:00:00Z", // 00:00 BST
      "2026-10-25T00:00:00Z", // 01:00 BST
      "2026-10-25T02:00:00Z", // 02:00 GMT
      "2026-10-25T03:00:00Z",
    ]);
  });
});

describe("interval across DST", () => {
  it("under 24 h follows elapsed time: every UTC hour, 01:xx twice in the fall", () => {
    const hourly = { interval: 3600, anchor_date: "2026-03-01T00:00:00", timezone: NY };
    expect(times(hourly, "2026-03-08T05:30:00Z", 3)).toEqual([
      "2026-03-08T06:00:00Z",
      "2026-03-08T07:00:00Z",
      "2026-03-08T08:00:00Z",
    ]);
    expect(times(hourly, "2026-11-01T04:30:00Z", 3)).toEqual([
      "2026-11-01T05:00:00Z", // 01:00 EDT
      "2026-11-01T06:00:00Z", // 01:00 EST
      "2026-11-01T07:00:00Z",
    ]);
    const ldn = { interval: 3600, anchor_date: "2026-03-01T00:00:00", timezone: LDN };
    expect(times(ldn, "2026-03-29T00:30:00Z", 2)).toEqual(["2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z"]);
    expect(times(ldn, "2026-10-25T00:30:00Z", 2)).toEqual(["2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z"]);
  });

  it("24 h keeps the anchor's local time; a missing time moves forward only that day", () => {
    expect(
      times({ interval: 86400, anchor_date: "2026-01-01T01:30:00", timezone: NY }, "2026-03-07T00:00:00Z", 3),
    ).toEqual(["2026-03-07T06:30:00Z", "2026-03-08T06:30:00Z", "2026-03-09T05:30:00Z"]);
    expect(
      times({ interval: 86400, anchor_date: "2026-01-01T02:30:00", timezone: NY }, "2026-03-07T00:00:00Z", 3),
    ).toEqual([
      "2026-03-07T07:30:00Z",
      "2026-03-08T07:30:00Z", // 03:30 EDT
      "2026-03-09T06:30:00Z", // back to 02:30
    ]);
    expect(
      times({ interval: 86400, anchor_date: "2026-01-01T01:30:00", timezone: NY }, "2026-10-31T00:00:00Z", 3),
    ).toEqual([
      "2026-10-31T05:30:00Z",
      "2026-11-01T05:30:00Z", // first 01:30
      "2026-11-02T06:30:00Z",
    ]);
    expect(
      times({ interval: 86400, anchor_date: "2026-01-01T01:30:00", timezone: LDN }, "2026-03-28T00:00:00Z", 3),
    ).toEqual([
      "2026-03-28T01:30:00Z",
      "2026-03-29T01:30:00Z", // 02:30 BST
      "2026-03-30T00:30:00Z",
    ]);
    expect(
      times({ interval: 86400, anchor_date: "2026-01-01T01:30:00", timezone: LDN }, "2026-10-24T00:00:00Z", 3),
    ).toEqual(["2026-10-24T00:30:00Z", "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z"]);
  });

  it("an anchor with an offset is that instant; without a timezone the days are UTC days", () => {
    expect(times({ interval: 86400, anchor_date: "2026-01-01T09:00:00-05:00" }, "2026-03-07T00:00:00Z", 3)).toEqual([
      "2026-03-07T14:00:00Z",
      "2026-03-08T14:00:00Z",
      "2026-03-09T14:00:00Z",
    ]);
  });

  it("36 h steps one calendar day plus 12 elapsed hours", () => {
    expect(
      times({ interval: 129600, anchor_date: "2026-03-06T09:00:00", timezone: NY }, "2026-03-06T00:00:00Z", 3),
    ).toEqual([
      "2026-03-06T14:00:00Z", // Fri 09:00 EST
      "2026-03-08T02:00:00Z", // Sat 09:00 EST + 12 h
      "2026-03-09T13:00:00Z", // Sun 09:00 EDT (two calendar days) + 2 x 12 h elapsed
    ]);
  });
});

describe("rrule across DST (TZID DTSTART, BYHOUR)", () => {
  const nyRule = "DTSTART;TZID=America/New_York:20260301T013000\nRRULE:FREQ=DAILY;BYHOUR=1,2;BYMINUTE=30";
  const ldnRule = "DTSTART;TZID=Europe/London:20260301T013000\nRRULE:FREQ=DAILY;BYHOUR=1,2;BYMINUTE=30";

  it("New York spring-forward and fall-back", () => {
    expect(times({ rrule: nyRule }, "2026-03-07T00:00:00Z", 6)).toEqual([
      "2026-03-07T06:30:00Z",
      "2026-03-07T07:30:00Z",
      "2026-03-08T06:30:00Z", // 01:30 EST
      "2026-03-08T07:30:00Z", // 02:30 -> 03:30 EDT
      "2026-03-09T05:30:00Z",
      "2026-03-09T06:30:00Z",
    ]);
    expect(times({ rrule: nyRule, timezone: NY }, "2026-10-31T00:00:00Z", 6)).toEqual([
      "2026-10-31T05:30:00Z",
      "2026-10-31T06:30:00Z",
      "2026-11-01T05:30:00Z", // 01:30 EDT only
      "2026-11-01T07:30:00Z", // 02:30 EST
      "2026-11-02T06:30:00Z",
      "2026-11-02T07:30:00Z",
    ]);
  });

  it("London: the gap-shifted 01:30 and the real 02:30 BST are one run", () => {
    expect(times({ rrule: ldnRule, timezone: "UTC" }, "2026-03-28T00:00:00Z", 5)).toEqual([
      "2026-03-28T01:30:00Z",
      "2026-03-28T02:30:00Z",
      "2026-03-29T01:30:00Z", // 01:30 -> 02:30 BST, which is also the 02:30 run
      "2026-03-30T00:30:00Z",
      "2026-03-30T01:30:00Z",
    ]);
    expect(times({ rrule: ldnRule }, "2026-10-24T00:00:00Z", 6)).toEqual([
      "2026-10-24T00:30:00Z",
      "2026-10-24T01:30:00Z",
      "2026-10-25T00:30:00Z", // 01:30 BST only
      "2026-10-25T02:30:00Z", // 02:30 GMT
      "2026-10-26T01:30:00Z",
      "2026-10-26T02:30:00Z",
    ]);
  });

  it("a daily 09:00 keeps 09:00 local through both changes (Prefect's test, 2026 dates)", () => {
    const rule = { rrule: "DTSTART:20260305T090000\nRRULE:FREQ=DAILY", timezone: NY };
    const got = nextScheduledTimes(rule, { after: new Date("2026-03-05T00:00:00Z"), count: 5 });
    expect(got.map((d) => d.getUTCHours())).toEqual([14, 14, 14, 13, 13]);
  });
});

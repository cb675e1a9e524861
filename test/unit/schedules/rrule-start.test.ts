// Starting an rrule near `after` (instead of walking from an old DTSTART) and filling a missing DTSTART must not
// change a single occurrence: checked against rrule iterating from DTSTART, and against Prefect's 2020 default.
import { describe, expect, it } from "vitest";
import { nextScheduledTimes, withDtstart } from "../../../src/schedules/index.js";
import { RRule } from "../../../src/schedules/rrule-parse.js";

const RULES = [
  "FREQ=DAILY",
  "FREQ=DAILY;INTERVAL=3",
  "FREQ=WEEKLY;INTERVAL=2",
  "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR;WKST=SU",
  "FREQ=MONTHLY",
  "FREQ=MONTHLY;INTERVAL=5;BYDAY=-1FR",
  "FREQ=MONTHLY;BYMONTHDAY=31",
  "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1",
  "FREQ=YEARLY",
  "FREQ=YEARLY;INTERVAL=3;BYMONTH=2;BYMONTHDAY=29",
  "FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO",
  "FREQ=HOURLY;INTERVAL=7",
  "FREQ=HOURLY;INTERVAL=5;BYDAY=SA",
  "FREQ=MINUTELY;INTERVAL=97",
];
const DTSTART = Date.UTC(2020, 0, 31, 9, 17, 23); // a 31st, a Friday, odd time: every derived field is visible
const AFTERS = ["2024-02-28T23:00:00Z", "2026-05-04T12:34:56Z", "2031-12-31T23:59:59Z"];

function bruteForce(rule: string, dtstart: number, after: number, count: number): string[] {
  const out: string[] = [];
  new RRule({ ...RRule.parseString(`RRULE:${rule}`), dtstart: new Date(dtstart) }, true).all((d) => {
    if (d.getTime() > after) out.push(d.toISOString());
    return out.length < count;
  });
  return out;
}

describe("rrule started near `after`", () => {
  it.each(RULES)("%s from a 2020 DTSTART matches iterating from DTSTART", (rule) => {
    const rrule = `DTSTART:20200131T091723\nRRULE:${rule}`;
    for (const after of AFTERS) {
      const got = nextScheduledTimes({ rrule, timezone: "UTC" }, { after: new Date(after), count: 8 }).map((d) =>
        d.toISOString(),
      );
      expect(got, after).toEqual(bruteForce(rule, DTSTART, Date.parse(after), 8));
    }
  });
});

describe("withDtstart", () => {
  it.each(RULES)("%s: the filled rule fires exactly when Prefect's (DTSTART 2020-01-01) would", (rule) => {
    const now = new Date("2026-05-04T12:34:56Z");
    for (const timezone of ["UTC", "America/New_York", "Asia/Kolkata"]) {
      const filled = withDtstart(`RRULE:${rule}`, now, timezone);
      expect(filled).toMatch(/^DTSTART:\d{8}T\d{6}\nRRULE:/);
      const from = (rrule: string): string[] =>
        nextScheduledTimes({ rrule, timezone }, { after: now, count: 8 }).map((d) => d.toISOString());
      expect(from(filled), timezone).toEqual(from(`RRULE:${rule}`));
      // The filled DTSTART is at or before now, within one period of the rule.
      const utc = bruteForce(rule, Date.UTC(2020, 0, 1), now.getTime(), 1);
      if (timezone === "UTC") expect(from(filled)[0]).toBe(utc[0]);
    }
  });

  it("keeps a given DTSTART, and fills one for several rules on a common grid", () => {
    const given = "DTSTART:20260101T090000\nRRULE:FREQ=DAILY";
    expect(withDtstart(given, new Date(), "UTC")).toBe(given);
    expect(withDtstart("RRULE:FREQ=DAILY\nEXRULE:FREQ=WEEKLY;BYDAY=SA", new Date("2026-05-04T12:00:00Z"), "UTC")).toBe(
      "DTSTART:20260429T000000\nRRULE:FREQ=DAILY\nEXRULE:FREQ=WEEKLY;BYDAY=SA", // a Wednesday, as 2020-01-01
    );
  });
});

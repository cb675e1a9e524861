// Schedule maths: the cost of the next 100 run times for each schedule kind (what the scheduler asks per schedule),
// including an rrule whose DTSTART is in 2020 (the cost must not grow with the rule's age).
import { performance } from "node:perf_hooks";
import { nextScheduledTimes } from "../src/schedules/index.js";
import type { ScheduleInput } from "../src/schemas/schedules.js";
import { figure, type Figure } from "./figure.js";

const DAY = 86_400_000;
// [name, schedule, horizon in days (the scheduler never looks more than 100 days ahead)]
const KINDS: readonly [string, ScheduleInput, number?][] = [
  ["cron */15 (America/New_York)", { cron: "*/15 * * * *", timezone: "America/New_York" }],
  // 100 Friday-the-13ths span 58 years of cron-parser's day walk (~0.2 s); the scheduler's 100 days is a few.
  [
    "cron 13th AND Friday (day_or false), 100 days",
    { cron: "0 9 13 * 5", day_or: false, timezone: "Europe/London" },
    100,
  ],
  ["cron 0 2 * * * (Europe/London)", { cron: "0 2 * * *", timezone: "Europe/London" }],
  [
    "interval 1 h (America/New_York)",
    { interval: 3600, anchor_date: "2020-01-01T00:00:00", timezone: "America/New_York" },
  ],
  [
    "interval 1 day (America/New_York)",
    { interval: 86400, anchor_date: "2020-01-01T09:00:00", timezone: "America/New_York" },
  ],
  [
    "rrule daily TZID, DTSTART 2020",
    { rrule: "DTSTART;TZID=America/New_York:20200101T090000\nRRULE:FREQ=DAILY;BYHOUR=9,17" },
  ],
  [
    "rrule hourly + EXDATE, DTSTART 2020",
    {
      rrule: "DTSTART:20200101T000000\nRRULE:FREQ=HOURLY;BYDAY=MO,TU,WE,TH,FR\nEXDATE:20260504T120000",
      timezone: "Asia/Tokyo",
    },
  ],
];

/** Next-100-times latency per schedule kind, in ms. */
export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const after = new Date("2026-03-01T00:00:00Z");
  for (const [name, schedule, days] of KINDS) {
    const window = (at: Date) => (days ? { until: new Date(at.getTime() + days * DAY) } : {});
    for (let i = 0; i < 20; i++) nextScheduledTimes(schedule, { after, count: 100, ...window(after) }); // warm-up
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const at = new Date(after.getTime() + i * 3_600_000);
      const s = performance.now();
      nextScheduledTimes(schedule, { after: at, count: 100, ...window(at) });
      samples.push(performance.now() - s);
    }
    figures.push(figure(`next 100 times: ${name}`, "ms", samples, "<= 10"));
  }
  return figures;
}

// DeploymentSpec's schedule shapes (seed 003): `{ interval }`, `{ cron, timezone }`, `{ rrule, timezone }`, Prefect's
// snake_case fields and the IntervalSchedule/CronSchedule/RRuleSchedule functions, onto the deployment's ScheduleSpec.
import { describe, expect, it } from "vitest";
import {
  CronSchedule,
  DeploymentSpec,
  IntervalSchedule,
  RRuleSchedule,
  declaredDeploymentSpecs,
  scheduleSpec,
} from "../../../src/deploy/deployment-spec.js";
import { schedulesFromOptions } from "../../../src/deploy/schedule-options.js";
import { ConfigError } from "../../../src/errors.js";
import { flow } from "../../../src/index.js";

describe("DeploymentSpec schedules", () => {
  it("maps the plain shapes and Prefect's snake_case fields", () => {
    expect(scheduleSpec({ interval: 900 })).toEqual({ interval: 900 });
    expect(scheduleSpec({ interval: 60, anchor_date: "2026-01-01T00:00:00Z", timezone: "UTC" })).toEqual({
      interval: 60,
      anchorDate: "2026-01-01T00:00:00Z",
      timezone: "UTC",
    });
    expect(scheduleSpec({ cron: "0 9 * * *", timezone: "Europe/Paris" })).toEqual({
      cron: "0 9 * * *",
      timezone: "Europe/Paris",
    });
    expect(scheduleSpec({ cron: "0 9 1 * 1", day_or: false })).toEqual({ cron: "0 9 1 * 1", dayOr: false });
    expect(scheduleSpec({ rrule: "FREQ=DAILY", timezone: "Asia/Tokyo" })).toEqual({
      rrule: "FREQ=DAILY",
      timezone: "Asia/Tokyo",
    });
  });

  it("IntervalSchedule, CronSchedule and RRuleSchedule give the schedules the API takes", () => {
    const anchor = new Date("2026-01-01T00:00:00Z");
    const [interval, cron, rrule] = schedulesFromOptions({
      schedules: [
        IntervalSchedule({ interval: 15 * 60, anchorDate: anchor, timezone: "UTC" }),
        CronSchedule({ cron: "0 9 * * 1-5", timezone: "America/New_York", dayOr: false }),
        RRuleSchedule({ rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "Europe/Berlin" }),
      ],
    });
    expect(interval?.schedule).toEqual({ interval: 900, timezone: "UTC", anchor_date: "2026-01-01T00:00:00.000Z" });
    expect(cron?.schedule).toEqual({ cron: "0 9 * * 1-5", timezone: "America/New_York", day_or: false });
    expect(rrule?.schedule).toEqual({ rrule: "FREQ=WEEKLY;BYDAY=MO", timezone: "Europe/Berlin" });
  });

  it("refuses a schedule with none or several kinds, naming the fix", () => {
    expect(() => scheduleSpec({} as never)).toThrow(ConfigError);
    expect(() => scheduleSpec({ interval: 60, cron: "* * * * *" } as never)).toThrow(
      /exactly one of "interval" \(seconds\), "cron" or "rrule", got interval and cron/,
    );
  });
});

describe("DeploymentSpec", () => {
  const calc = flow({ name: "spec-unit-flow" }, async function calc(n: number) {
    return n;
  });

  it("records every spec constructed, assigned or not", () => {
    const before = declaredDeploymentSpecs().length;
    new DeploymentSpec({ flow: calc, name: "a" });
    const b = new DeploymentSpec({ flowLocation: "./x.ts", name: "b", schedule: { interval: 60 } });
    expect(
      declaredDeploymentSpecs()
        .slice(before)
        .map((s) => s.name),
    ).toEqual(["a", "b"]);
    expect(b.options.flowLocation).toBe("./x.ts");
  });

  it("needs a name and exactly one of flow or flowLocation, and a real flow", () => {
    expect(() => new DeploymentSpec({ flowLocation: "./x.ts", name: "" })).toThrow(ConfigError);
    expect(() => new DeploymentSpec({ name: "n" })).toThrow(/exactly one of flow .* or flowLocation/);
    expect(() => new DeploymentSpec({ flow: calc, flowLocation: "./x.ts", name: "n" })).toThrow(/exactly one of flow/);
    expect(() => new DeploymentSpec({ flow: () => 1, name: "n" })).toThrow(
      /flow is not a flow; pass what flow\(\) returned/,
    );
    expect(() => new DeploymentSpec({ flow: calc, name: "n", schedule: {} as never })).toThrow(ConfigError);
  });
});

// The scheduler service on a real SQLite file with a driven clock: Prefect's min/max runs and times, the run
// each schedule makes (key, tags, parameters, state, created_by), paused and inactive, top-ups, changes.
import { afterEach, describe, expect, it } from "vitest";
import {
  createSchedulerService,
  DEFAULT_SCHEDULER_LIMITS,
  scheduleDeployment,
} from "../../../src/server/services/index.js";
import { type ServicesFixture, servicesFixture } from "./services-fixture.js";

const START = "2026-01-05T10:00:30.000Z";
let f: ServicesFixture;
afterEach(() => f?.close());

const scheduler = (limits = DEFAULT_SCHEDULER_LIMITS) => createSchedulerService(f.store, { now: f.now, limits });
const times = (runs: any[]) => runs.map((r) => r.next_scheduled_start_time);

describe("scheduler service", () => {
  it("gives an hourly cron 3 runs (at least 3 and 1 h ahead), each as Prefect makes it", async () => {
    f = servicesFixture(START);
    const d = await f.deploy({
      name: "hourly",
      tags: ["etl"],
      enforce_parameter_schema: false,
      parameters: { city: "Paris", days: 3 },
      job_variables: { env: { A: "1" } },
      schedules: [{ schedule: { cron: "0 * * * *" }, parameters: { days: 7 } }],
    });
    expect(await scheduler().runOnce()).toEqual({ inserted: 3 });
    const runs = await f.runs(d.id);
    expect(times(runs)).toEqual(["2026-01-05T11:00:00.000Z", "2026-01-05T12:00:00.000Z", "2026-01-05T13:00:00.000Z"]);
    const [first] = runs;
    const scheduleId = d.schedules[0].id;
    expect(first).toMatchObject({
      flow_id: d.flow_id,
      deployment_id: d.id,
      idempotency_key: `scheduled ${d.id} ${scheduleId} 2026-01-05 11:00:00+00:00`,
      tags: ["auto-scheduled", "etl"],
      parameters: { city: "Paris", days: 7 },
      auto_scheduled: true,
      work_queue_name: "default",
      job_variables: { env: { A: "1" } },
      expected_start_time: "2026-01-05T11:00:00.000Z",
      state_type: "SCHEDULED",
      state_name: "Scheduled",
      created_by: { id: scheduleId, type: "SCHEDULE", display_value: "CronSchedule" },
      state: {
        type: "SCHEDULED",
        name: "Scheduled",
        message: "Flow run scheduled",
        state_details: { scheduled_time: "2026-01-05T11:00:00.000Z", flow_run_id: first.id },
      },
    });
    expect(first.name).toMatch(/^[a-z]+-[a-z]+$/);
    const history = (await f.call("GET", `/api/flow_run_states/?flow_run_id=${first.id}`)).body;
    expect(history.map((s: any) => s.name)).toEqual(["Scheduled"]);
  });

  it("fills an interval of 1 minute for the hour (Prefect stops at the first run at or past +1 h)", async () => {
    f = servicesFixture(START);
    const d = await f.deploy({
      name: "minutely",
      schedules: [{ schedule: { interval: 60, anchor_date: "2026-01-01T00:00:00Z" }, slug: "every-minute" }],
    });
    expect(await scheduler().runOnce()).toEqual({ inserted: 61 });
    const runs = await f.runs(d.id);
    expect(times(runs)[0]).toBe("2026-01-05T10:01:00.000Z");
    expect(times(runs).at(-1)).toBe("2026-01-05T11:01:00.000Z");
    expect(runs[0].created_by.display_value).toBe("every-minute");
  });

  it("caps at maxRuns, and at a schedule's max_scheduled_runs", async () => {
    f = servicesFixture(START);
    const limits = { ...DEFAULT_SCHEDULER_LIMITS, minScheduledTimeSeconds: 3 * 86_400 };
    const capped = await f.deploy({ name: "capped", schedules: [{ schedule: { interval: 60 } }] });
    const own = await f.deploy({ name: "own-cap", schedules: [{ schedule: { interval: 60 }, max_scheduled_runs: 5 }] });
    await scheduler(limits).runOnce();
    expect(await f.runs(capped.id)).toHaveLength(100);
    expect(await f.runs(own.id)).toHaveLength(5);
  });

  it("never schedules past maxScheduledTime (a daily cron asked for 1000 runs gets 100 days)", async () => {
    f = servicesFixture(START);
    const limits = { ...DEFAULT_SCHEDULER_LIMITS, minRuns: 1000, maxRuns: 1000 };
    const d = await f.deploy({ name: "daily", schedules: [{ schedule: { cron: "0 0 * * *" } }] });
    expect(await scheduler(limits).runOnce()).toEqual({ inserted: 100 });
    const last = f.store.conn.get("SELECT max(next_scheduled_start_time) AS t FROM flow_run WHERE deployment_id = ?", [
      d.id,
    ]);
    expect(last?.t).toBe("2026-04-15T00:00:00.000Z");
  });

  it("stops an rrule at its COUNT and writes times in the schedule's time zone in the key", async () => {
    f = servicesFixture(START);
    const rrule = await f.deploy({
      name: "twice",
      schedules: [{ schedule: { rrule: "DTSTART:20260105T120000Z\nRRULE:FREQ=DAILY;COUNT=2" } }],
    });
    const ny = await f.deploy({
      name: "ny",
      schedules: [{ schedule: { cron: "0 9 * * *", timezone: "America/New_York" } }],
    });
    await scheduler().runOnce();
    expect(times(await f.runs(rrule.id))).toEqual(["2026-01-05T12:00:00.000Z", "2026-01-06T12:00:00.000Z"]);
    const nyRuns = await f.runs(ny.id);
    expect(nyRuns[0].next_scheduled_start_time).toBe("2026-01-05T14:00:00.000Z");
    expect(nyRuns[0].idempotency_key).toBe(`scheduled ${ny.id} ${ny.schedules[0].id} 2026-01-05 09:00:00-05:00`);
  });

  it("gives nothing to a paused deployment or an inactive schedule", async () => {
    f = servicesFixture(START);
    const paused = await f.deploy({ name: "paused", paused: true, schedules: [{ schedule: { cron: "0 * * * *" } }] });
    const inactive = await f.deploy({
      name: "inactive",
      schedules: [{ schedule: { cron: "0 * * * *" }, active: false }],
    });
    expect(await scheduler().runOnce()).toEqual({ inserted: 0 });
    expect(await f.runs(paused.id)).toEqual([]);
    expect(await f.runs(inactive.id)).toEqual([]);
    expect(await scheduleDeployment(f.store, paused.id, f.now())).toBe(0);
  });

  it("inserts nothing on a repeated pass, tops up as time passes, and never duplicates across hosts", async () => {
    f = servicesFixture(START);
    const d = await f.deploy({ name: "hourly", schedules: [{ schedule: { cron: "0 * * * *" } }] });
    expect((await scheduler().runOnce()).inserted).toBe(3);
    expect((await scheduler().runOnce()).inserted).toBe(0);
    // Another "host" on the same file, without the selection: the idempotency keys stop it.
    expect(await scheduleDeployment(f.store, d.id, f.now())).toBe(0);
    f.clock.now = new Date("2026-01-05T11:00:30.000Z");
    expect((await scheduler().runOnce()).inserted).toBe(1);
    expect(times(await f.runs(d.id)).at(-1)).toBe("2026-01-05T14:00:00.000Z");
    expect(await f.runs(d.id)).toHaveLength(4);
  });
});

describe("immediate scheduling from the deployment routes", () => {
  it("schedules on create, recomputes on a schedule change, drops on pause, refills on resume", async () => {
    f = servicesFixture(START, DEFAULT_SCHEDULER_LIMITS);
    const d = await f.deploy({ name: "hourly", schedules: [{ schedule: { cron: "0 * * * *" } }] });
    expect(times(await f.runs(d.id))).toEqual([
      "2026-01-05T11:00:00.000Z",
      "2026-01-05T12:00:00.000Z",
      "2026-01-05T13:00:00.000Z",
    ]);

    const patched = await f.call("PATCH", `/api/deployments/${d.id}/schedules/${d.schedules[0].id}`, {
      schedule: { cron: "30 * * * *" },
    });
    expect(patched.status).toBe(204);
    expect(times(await f.runs(d.id))).toEqual([
      "2026-01-05T10:30:00.000Z",
      "2026-01-05T11:30:00.000Z",
      "2026-01-05T12:30:00.000Z",
    ]);

    await f.call("POST", `/api/deployments/${d.id}/pause_deployment`);
    expect(await f.runs(d.id)).toEqual([]);
    await f.call("POST", `/api/deployments/${d.id}/resume_deployment`);
    expect(await f.runs(d.id)).toHaveLength(3);

    const added = await f.call("POST", `/api/deployments/${d.id}/schedules`, [
      { schedule: { cron: "45 * * * *" }, slug: "q" },
    ]);
    expect(added.status).toBe(201);
    expect(await f.runs(d.id)).toHaveLength(6);
    await f.call("DELETE", `/api/deployments/${d.id}/schedules/${added.body[0].id}`);
    expect(await f.runs(d.id)).toHaveLength(3);

    await f.call("PATCH", `/api/deployments/${d.id}`, {
      schedules: [{ schedule: { interval: 1800, anchor_date: "2026-01-05T00:00:00Z" } }],
    });
    expect(times(await f.runs(d.id))).toEqual([
      "2026-01-05T10:30:00.000Z",
      "2026-01-05T11:00:00.000Z",
      "2026-01-05T11:30:00.000Z",
    ]);

    // An upsert replaces schedules and runs.
    await f.deploy({ name: "hourly", schedules: [{ schedule: { cron: "0 12 * * *" } }] });
    expect(times(await f.runs(d.id))).toEqual([
      "2026-01-05T12:00:00.000Z",
      "2026-01-06T12:00:00.000Z",
      "2026-01-07T12:00:00.000Z",
    ]);
  });

  it("leaves scheduling to the service when the app's scheduler is false", async () => {
    f = servicesFixture(START, false);
    const d = await f.deploy({ name: "hourly", schedules: [{ schedule: { cron: "0 * * * *" } }] });
    expect(await f.runs(d.id)).toEqual([]);
  });
});

// Re-deploying (POST /deployments/ on the same flow and name) over both transports: an unchanged upsert changes
// no runs, even 100 at once and with an interval schedule sent without anchor_date (nor does a PATCH sending the
// same schedules); a changed schedule replaces
// the deployment's future auto-scheduled runs, as Prefect's upsert deletes them.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const START = "2026-03-02T10:00:00.000Z";

describe.each(TRANSPORTS)("deployment upserts and their runs (%s)", (transport) => {
  let h: Harness;
  const clock = { now: new Date(START) };
  let flowId: string;
  beforeEach(async () => {
    clock.now = new Date(START);
    h = await startHarness(transport, { now: () => clock.now });
    flowId = (await h.call("POST", "/api/flows/", { name: "etl" })).body.id;
  });
  afterEach(async () => {
    await h.close();
  });

  const upsert = async (schedules: unknown[], extra: Record<string, unknown> = {}) => {
    const answer = await h.call("POST", "/api/deployments/", {
      flow_id: flowId,
      name: "nightly",
      schedules,
      enforce_parameter_schema: false,
      ...extra,
    });
    expect(answer.status, answer.text).toBeLessThan(300);
    return answer.body;
  };
  const runs = async (
    deploymentId: string,
  ): Promise<Array<{ id: string; expected_start_time: string; state_type: string }>> =>
    (
      await h.call("POST", "/api/flow_runs/filter", {
        flow_runs: { deployment_id: { any_: [deploymentId] } },
        sort: "EXPECTED_START_TIME_ASC",
        limit: 200,
      })
    ).body;

  it("leaves the runs as they were after 100 concurrent identical upserts without anchor_date", async () => {
    const hourly = [{ schedule: { interval: 3600 } }];
    const first = await upsert(hourly);
    const once = await runs(first.id);
    expect(once.length).toBeGreaterThanOrEqual(3);
    clock.now = new Date(Date.parse(START) + 60_000);
    const answers = await Promise.all(Array.from({ length: 100 }, () => upsert(hourly)));
    expect(new Set(answers.map((d) => d.id))).toEqual(new Set([first.id]));
    const after = await runs(first.id);
    expect(after.map((r) => [r.id, r.expected_start_time])).toEqual(once.map((r) => [r.id, r.expected_start_time]));
    // The schedule kept its anchor and id.
    expect(answers[99].schedules).toMatchObject([
      { id: first.schedules[0].id, schedule: { anchor_date: first.schedules[0].schedule.anchor_date } },
    ]);
  });

  it("keeps the runs of an unchanged upsert with an explicit anchor, a cron and a slug", async () => {
    const schedules = [
      { schedule: { interval: 900, anchor_date: "2026-01-01T00:00:00Z" }, slug: "quarter" },
      { schedule: { cron: "0 * * * *", timezone: "Europe/Paris" } },
      { schedule: { rrule: "FREQ=HOURLY;INTERVAL=2" } },
    ];
    const first = await upsert(schedules, { parameters: { x: 1 } });
    const once = await runs(first.id);
    clock.now = new Date(Date.parse(START) + 5 * 60_000);
    await upsert(schedules, { parameters: { x: 1 } });
    expect((await runs(first.id)).map((r) => r.id)).toEqual(once.map((r) => r.id));
  });

  it("replaces the future auto-scheduled runs when the interval changes", async () => {
    const first = await upsert([{ schedule: { interval: 3600 } }]);
    const before = await runs(first.id);
    clock.now = new Date(Date.parse(START) + 60_000);
    const second = await upsert([{ schedule: { interval: 1800 } }]);
    const after = await runs(first.id);
    const at = clock.now.getTime();
    const future = after.filter((r) => Date.parse(r.expected_start_time) > at);
    // None of the old schedule's future runs remain; the new ones are 30 minutes apart from the new anchor.
    const oldFuture = new Set(before.filter((r) => Date.parse(r.expected_start_time) > at).map((r) => r.id));
    expect(future.filter((r) => oldFuture.has(r.id))).toEqual([]);
    expect(future.length).toBeGreaterThanOrEqual(2);
    const anchor = Date.parse(second.schedules[0].schedule.anchor_date);
    for (const run of future) expect((Date.parse(run.expected_start_time) - anchor) % 1_800_000).toBe(0);
    // The old schedule's run that was already due stays, as Prefect deletes future runs only.
    const due = before.filter((r) => Date.parse(r.expected_start_time) <= at).map((r) => r.id);
    expect(due).toHaveLength(1);
    expect(after.map((r) => r.id)).toEqual(expect.arrayContaining(due));
  });

  it("keeps the schedule's anchor when a PATCH sends the same schedules again", async () => {
    const hourly = [{ schedule: { interval: 3600 } }];
    const first = await upsert(hourly);
    const once = (await runs(first.id)).map((r) => r.expected_start_time);
    for (let i = 1; i <= 10; i++) {
      clock.now = new Date(Date.parse(START) + i * 60_000);
      const answer = await h.call("PATCH", `/api/deployments/${first.id}`, { schedules: hourly });
      expect(answer.status, answer.text).toBe(204);
    }
    // The same hourly grid (topped up as time passed), and still one run due now, not one per PATCH.
    const times = (await runs(first.id)).map((r) => r.expected_start_time);
    expect(times.slice(0, once.length)).toEqual(once);
    for (const t of times) expect((Date.parse(t) - Date.parse(START)) % 3_600_000).toBe(0);
    expect(times.filter((t) => Date.parse(t) <= clock.now.getTime())).toEqual([START]);
    const read = await h.call("GET", `/api/deployments/${first.id}`);
    expect(read.body.schedules[0].schedule.anchor_date).toBe(first.schedules[0].schedule.anchor_date);
  });

  it("remakes the future runs when the deployment's parameters change", async () => {
    const hourly = [{ schedule: { interval: 3600 } }];
    const first = await upsert(hourly, { parameters: { x: 1 } });
    const before = await runs(first.id);
    clock.now = new Date(Date.parse(START) + 60_000);
    await upsert(hourly, { parameters: { x: 2 } });
    const after = await runs(first.id);
    const at = clock.now.getTime();
    const future = after.filter((r) => Date.parse(r.expected_start_time) > at);
    expect(future.length).toBeGreaterThanOrEqual(2);
    expect(future.filter((r) => before.some((b) => b.id === r.id))).toEqual([]);
    const read = await h.call("POST", "/api/flow_runs/filter", { flow_runs: { id: { any_: [future[0]?.id] } } });
    expect(read.body[0].parameters).toEqual({ x: 2 });
  });
});

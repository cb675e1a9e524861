// Late runs (Scheduled -> Late at exactly AFTER_SECONDS past the time, through the orchestrated state path),
// and the services lease: one of two hosts on one file runs the services; the other takes over on stop or expiry.
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../../src/server/index.js";
import {
  createLateRunsService,
  DEFAULT_SERVICE_OPTIONS,
  type RunningServices,
  SERVICES_LEASE_NAME,
  startServices,
} from "../../../src/server/services/index.js";
import { readServiceLease } from "../../../src/server/store/service-lease.js";
import { waitFor } from "../../../src/testing/index.js";
import { type ServicesFixture, servicesFixture } from "./services-fixture.js";

const START = "2026-01-05T10:00:30.000Z";
let f: ServicesFixture;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  f?.close();
});

describe("late runs service", () => {
  it("marks a Scheduled run Late at exactly 15 s past its time, keeping scheduled_time, once", async () => {
    f = servicesFixture(START, { ...DEFAULT_SERVICE_OPTIONS.scheduler });
    const d = await f.deploy({ name: "hourly", schedules: [{ schedule: { cron: "0 * * * *" } }] });
    const late = createLateRunsService(f.store, { now: f.now, afterSeconds: 15 });
    f.clock.now = new Date("2026-01-05T11:00:14.999Z");
    expect(await late.runOnce()).toEqual({ marked: 0 });
    f.clock.now = new Date("2026-01-05T11:00:15.000Z");
    expect(await late.runOnce()).toEqual({ marked: 1 });
    expect(await late.runOnce()).toEqual({ marked: 0 });

    const [first, second] = await f.runs(d.id);
    expect(first).toMatchObject({
      state_type: "SCHEDULED",
      state_name: "Late",
      next_scheduled_start_time: "2026-01-05T11:00:00.000Z",
      state: { type: "SCHEDULED", name: "Late", state_details: { scheduled_time: "2026-01-05T11:00:00.000Z" } },
    });
    expect(second.state_name).toBe("Scheduled");
    const history = (await f.call("GET", `/api/flow_run_states/?flow_run_id=${first.id}`)).body;
    expect(history.map((s: any) => s.name)).toEqual(["Scheduled", "Late"]);
    // A Late run can still be claimed by a worker.
    const pending = await f.call("POST", `/api/flow_runs/${first.id}/set_state`, { state: { type: "PENDING" } });
    expect(pending.body.status).toBe("ACCEPT");
  });

  it("marks runs made by create_flow_run too, and leaves other states alone", async () => {
    f = servicesFixture(START);
    const d = await f.deploy({ name: "manual" });
    const run = (await f.call("POST", `/api/deployments/${d.id}/create_flow_run`, {})).body;
    const running = (await f.call("POST", `/api/deployments/${d.id}/create_flow_run`, {})).body;
    await f.call("POST", `/api/flow_runs/${running.id}/set_state`, { state: { type: "PENDING" } });
    f.clock.now = new Date(Date.parse(START) + 60_000);
    expect(await createLateRunsService(f.store, { now: f.now }).runOnce()).toEqual({ marked: 1 });
    expect((await f.call("GET", `/api/flow_runs/${run.id}`)).body.state_name).toBe("Late");
    expect((await f.call("GET", `/api/flow_runs/${running.id}`)).body.state_name).toBe("Pending");
  });
});

describe("services lease", () => {
  const options = (holderId: string, now: () => Date) => ({
    ...DEFAULT_SERVICE_OPTIONS,
    scheduler: { ...DEFAULT_SERVICE_OPTIONS.scheduler, loopSeconds: 3600 },
    lateRuns: { ...DEFAULT_SERVICE_OPTIONS.lateRuns, loopSeconds: 3600 },
    holderId,
    now,
  });

  it("lets one of two hosts on a file run; the other takes over when it stops, or when its lease expires", async () => {
    f = servicesFixture(START);
    const d = await f.deploy({ name: "hourly", schedules: [{ schedule: { cron: "0 * * * *" } }] });
    const other = openStore(f.dbPath);
    cleanups.push(() => other.close());
    const a = startServices(f.store, options("host-a", f.now));
    const b = startServices(other, options("host-b", f.now));
    cleanups.push(
      () => a.stop(),
      () => b.stop(),
    );

    // Each loop ran a first pass on start; whichever took the lease scheduled the runs.
    await waitFor(() => (a.isLeader || b.isLeader) && readServiceLease(f.store.conn, SERVICES_LEASE_NAME));
    const [leader, follower]: [RunningServices, RunningServices] = a.isLeader ? [a, b] : [b, a];
    expect(follower.isLeader).toBe(false);
    expect(await follower.runOnce()).toEqual({ leader: false });
    expect(await leader.runOnce()).toMatchObject({ leader: true, scheduler: { inserted: 0 }, lateRuns: { marked: 0 } });
    expect(await f.runs(d.id)).toHaveLength(3);
    expect(readServiceLease(f.store.conn, SERVICES_LEASE_NAME)?.holder).toBe(leader.holderId);

    await leader.stop();
    expect(readServiceLease(f.store.conn, SERVICES_LEASE_NAME)).toBeUndefined();
    expect((await follower.runOnce()).leader).toBe(true);
    expect(readServiceLease(f.store.conn, SERVICES_LEASE_NAME)?.holder).toBe(follower.holderId);
  });

  it("takes over an expired lease (a host that died), judged by the clock", async () => {
    f = servicesFixture(START);
    const other = openStore(f.dbPath);
    cleanups.push(() => other.close());
    const clockB = { now: new Date(START) };
    const a = startServices(f.store, { ...options("host-a", f.now), leaseSeconds: 15 });
    cleanups.push(() => a.stop());
    await waitFor(() => a.isLeader);
    const b = startServices(other, { ...options("host-b", () => clockB.now), leaseSeconds: 15 });
    cleanups.push(() => b.stop());
    expect((await b.runOnce()).leader).toBe(false);
    clockB.now = new Date(Date.parse(START) + 14_999);
    expect((await b.runOnce()).leader).toBe(false);
    clockB.now = new Date(Date.parse(START) + 15_000);
    expect((await b.runOnce()).leader).toBe(true);
    expect((await a.runOnce()).leader).toBe(false);
    expect(a.isLeader).toBe(false);
  });

  it("runs passes on its loop until stopped; stop waits for the pass and releases the lease", async () => {
    f = servicesFixture(START);
    const d = await f.deploy({ name: "hourly", schedules: [{ schedule: { cron: "0 * * * *" } }] });
    const errors: unknown[] = [];
    const services = startServices(f.store, {
      scheduler: { ...DEFAULT_SERVICE_OPTIONS.scheduler, loopSeconds: 0.05 },
      lateRuns: { ...DEFAULT_SERVICE_OPTIONS.lateRuns, loopSeconds: 0.05 },
      now: f.now,
      onError: (error) => errors.push(error),
    });
    await waitFor(async () => (await f.runs(d.id)).length === 3);
    f.clock.now = new Date("2026-01-05T11:00:20.000Z");
    await waitFor(async () => (await f.runs(d.id)).some((r: any) => r.state_name === "Late"));
    await services.stop();
    await services.stop();
    expect(readServiceLease(f.store.conn, SERVICES_LEASE_NAME)).toBeUndefined();
    expect(await services.runOnce()).toEqual({ leader: false });
    expect(errors).toEqual([]);
  });
});

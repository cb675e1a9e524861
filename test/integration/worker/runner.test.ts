// The Runner against a real server over loopback HTTP, with real child processes: a tiny script per run that reports
// Running and then completes, exits non-zero, or sleeps (so this suite tests the runner, not the entrypoint loader).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowRun, PrefectClient } from "../../../src/client/index.js";
import { createTestServer, ManualClock, waitFor, type TestServer } from "../../../src/testing/index.js";
import { Runner } from "../../../src/worker/runner.js";

type Mode = "complete" | "exit3" | "sleep";

const CHILD = `
const [api, id, mode] = process.argv.slice(1);
const post = (path, body) => fetch(api + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
await post("/flow_runs/" + id + "/set_state", { state: { type: "RUNNING" } });
if (mode === "exit3") process.exit(3);
if (mode === "sleep") await new Promise((r) => setTimeout(r, 120000));
await post("/flow_runs/" + id + "/set_state", { state: { type: "COMPLETED" } });
`;

describe("Runner", () => {
  let server: TestServer;
  let client: PrefectClient;
  let deploymentId: string;
  const modes = new Map<string, Mode>();
  const launches: string[] = [];
  const logs: string[] = [];

  function runner(options: { limit?: number; shutdownGraceSeconds?: number } = {}): Runner {
    const r = new Runner({
      client,
      pollIntervalSeconds: 0.1,
      killGraceSeconds: 1,
      log: (m) => logs.push(m),
      command: (id) => {
        launches.push(id);
        return {
          command: process.execPath,
          args: ["--input-type=module", "-e", CHILD, server.apiUrl, id, modes.get(id) ?? "complete"],
        };
      },
      ...options,
    });
    r.addDeployment(deploymentId);
    return r;
  }

  async function trigger(mode: Mode): Promise<FlowRun> {
    const run = await client.createFlowRunFromDeployment(deploymentId);
    modes.set(run.id, mode);
    return run;
  }

  async function stateOf(id: string, types: string[]): Promise<FlowRun> {
    return waitFor(
      async () => {
        const run = await client.readFlowRun(id);
        return types.includes(run.state?.type ?? "") ? run : undefined;
      },
      { timeoutMs: 20_000 },
    );
  }

  beforeAll(async () => {
    server = await createTestServer({ transport: "http" });
    client = server.client;
    const flow = await client.createFlow("runner-test");
    deploymentId = (await client.createDeployment({ flowId: flow.id, name: "d", enforceParameterSchema: false })).id;
  });
  afterAll(() => server.close());

  it("claims each due run exactly once across two runners, and runs it to Completed", async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => trigger("complete")));
    const a = runner();
    const b = runner();
    void a.start();
    void b.start();
    for (const run of runs) await stateOf(run.id, ["COMPLETED"]);
    await Promise.all([a.stop(), b.stop()]);
    for (const run of runs) expect(launches.filter((id) => id === run.id)).toHaveLength(1);
  });

  it("starts no more than `limit` runs at once", async () => {
    const runs = await Promise.all(Array.from({ length: 3 }, () => trigger("sleep")));
    const r = runner({ limit: 1, shutdownGraceSeconds: 0 });
    void r.start();
    await stateOf(runs[0]!.id, ["RUNNING"]).catch(() => undefined);
    await waitFor(() => r.runningFlowRunIds.length === 1);
    const states = await Promise.all(runs.map((run) => client.readFlowRun(run.id)));
    expect(states.filter((s) => s.state?.type === "RUNNING" || s.state?.type === "PENDING")).toHaveLength(1);
    await r.stop();
    // Shutdown with no grace: the running one is killed and marked Crashed; the others were never claimed.
    const after = await Promise.all(runs.map((run) => client.readFlowRun(run.id)));
    expect(after.filter((s) => s.state?.type === "CRASHED")).toHaveLength(1);
    expect(after.find((s) => s.state?.type === "CRASHED")?.state?.message).toContain("runner shut down");
    expect(after.filter((s) => s.state?.type === "SCHEDULED")).toHaveLength(2);
    for (const run of runs)
      if ((await client.readFlowRun(run.id)).state?.type === "SCHEDULED") await client.deleteFlowRun(run.id);
  });

  it("marks a run Crashed with the exit code when its process exits non-zero", async () => {
    const run = await trigger("exit3");
    const r = runner();
    void r.start();
    const crashed = await stateOf(run.id, ["CRASHED"]);
    expect(crashed.state?.message).toBe("Flow run process exited with non-zero status code 3.");
    await r.stop();
  });

  it("stops the process of a run marked Cancelling and marks it Cancelled", async () => {
    const run = await trigger("sleep");
    const r = runner();
    void r.start();
    await stateOf(run.id, ["RUNNING"]);
    await client.setFlowRunState(run.id, { type: "CANCELLING" });
    const cancelled = await stateOf(run.id, ["CANCELLED"]);
    expect(cancelled.state?.type).toBe("CANCELLED");
    await waitFor(() => r.runningFlowRunIds.length === 0);
    await r.stop();
  });

  it("leaves runs scheduled in the future alone until their time", async () => {
    const later = await client.createFlowRunFromDeployment(deploymentId, {
      scheduledTime: new Date(Date.now() + 3600_000),
    });
    const r = runner();
    const pass = await r.pollOnce();
    expect(pass.started).not.toContain(later.id);
    expect((await client.readFlowRun(later.id)).state?.type).toBe("SCHEDULED");
    await r.stop();
    await client.deleteFlowRun(later.id);
  });

  it("judges due times by its clock: a run an hour out starts once the clock has moved an hour", async () => {
    const clock = new ManualClock();
    const later = await client.createFlowRunFromDeployment(deploymentId, {
      scheduledTime: new Date(clock.now() + 3600_000),
    });
    const r = new Runner({
      client,
      clock,
      killGraceSeconds: 1,
      log: (m) => logs.push(m),
      command: (id) => ({
        command: process.execPath,
        args: ["--input-type=module", "-e", CHILD, server.apiUrl, id, "complete"],
      }),
    });
    r.addDeployment(deploymentId);
    expect((await r.pollOnce()).started).not.toContain(later.id);
    clock.advance(3600_000);
    expect((await r.pollOnce()).started).toContain(later.id);
    await stateOf(later.id, ["COMPLETED"]);
    await waitFor(() => r.runningFlowRunIds.length === 0);
    await r.stop();
  });

  it("wake() starts a triggered run at once instead of after the poll interval", async () => {
    const r = new Runner({
      client,
      pollIntervalSeconds: 60,
      log: (m) => logs.push(m),
      command: (id) => ({
        command: process.execPath,
        args: ["--input-type=module", "-e", CHILD, server.apiUrl, id, "complete"],
      }),
    });
    r.addDeployment(deploymentId);
    void r.start();
    await waitFor(async () => (await r.pollOnce()).started.length === 0);
    const run = await trigger("complete");
    r.wake();
    // stateOf gives up after 20 s and the next poll is 60 s away: only the wake-up can have started it.
    await stateOf(run.id, ["COMPLETED"]);
    await r.stop();
  });

  it("hears of a triggered run and of a cancellation through the API's event stream, without waiting for the poll", async () => {
    const r = new Runner({
      client,
      pollIntervalSeconds: 60,
      killGraceSeconds: 1,
      log: (m) => logs.push(m),
      command: (id) => ({
        command: process.execPath,
        args: ["--input-type=module", "-e", CHILD, server.apiUrl, id, modes.get(id) ?? "complete"],
      }),
    });
    r.addDeployment(deploymentId);
    void r.start();
    // The first run may be found by the first poll; once it ran, the event subscription is long in place.
    await stateOf((await trigger("complete")).id, ["COMPLETED"]);
    // Each wait gives up after 20 s and polls are 60 s apart: only the events can have started and cancelled it.
    const run = await trigger("sleep");
    await stateOf(run.id, ["RUNNING"]);
    await client.setFlowRunState(run.id, { type: "CANCELLING" });
    await stateOf(run.id, ["CANCELLED"]);
    await r.stop();
  });
});

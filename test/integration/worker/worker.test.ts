// The process Worker against a real server over loopback HTTP, with real child processes. Most runs use a tiny
// script as the job's `command` (a job variable, as a user may set one), so this suite tests the worker (pool sync,
// claim, job rendering, launch, crash, cancel, exactly-once across workers) rather than the entrypoint loader; one
// test runs a real `.ts` flow through `flow-run execute`.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowRun, PrefectClient } from "../../../src/client/index.js";
import { createTestServer, ManualClock, waitFor, type TestServer } from "../../../src/testing/index.js";
import { Worker, type WorkerOptions } from "../../../src/worker/worker.js";
import { waitForRunState } from "../../helpers/flow-run-state.js";

const dir = mkdtempSync(join(tmpdir(), "prefect-ts-worker-"));
const CHILD = join(dir, "child.mjs");
const LAUNCHES = join(dir, "launches.txt");
writeFileSync(
  CHILD,
  `
import { appendFileSync } from "node:fs";
const api = process.env.PREFECT_API_URL, id = process.env.PREFECT__FLOW_RUN_ID, mode = process.argv[2] ?? "complete";
appendFileSync(${JSON.stringify(LAUNCHES)}, id + " " + (process.env.GREETING ?? "") + " " + process.cwd() + "\\n");
const post = (path, body) => fetch(api + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
await post("/flow_runs/" + id + "/set_state", { state: { type: "RUNNING" } });
if (mode === "exit3") process.exit(3);
if (mode === "sleep") await new Promise((r) => setTimeout(r, 120000));
await post("/flow_runs/" + id + "/set_state", { state: { type: "COMPLETED" } });
`,
);

function launches(): string[][] {
  try {
    return readFileSync(LAUNCHES, "utf8")
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => line.split(" "));
  } catch {
    return [];
  }
}

describe("Worker (process)", () => {
  let server: TestServer;
  let client: PrefectClient;
  let flowId: string;
  const logs: string[] = [];
  const workers: Worker[] = [];

  function worker(pool: string, options: Partial<WorkerOptions> = {}): Worker {
    const w = new Worker({
      client,
      workPoolName: pool,
      querySeconds: 0.2,
      killGraceSeconds: 1,
      prestart: false,
      log: (m) => logs.push(m),
      ...options,
    });
    workers.push(w);
    return w;
  }

  async function deployment(pool: string, name: string, jobVariables: Record<string, unknown>): Promise<string> {
    return (
      await client.createDeployment({
        flowId,
        name,
        workPoolName: pool,
        jobVariables,
        enforceParameterSchema: false,
        path: dir,
      })
    ).id;
  }

  const stateOf = (id: string, types: string[], timeoutMs = 20_000): Promise<FlowRun> =>
    waitForRunState(client, id, types, timeoutMs);

  beforeAll(async () => {
    server = await createTestServer({ transport: "http" });
    client = server.client;
    flowId = (await client.createFlow("worker-test")).id;
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await server.close();
  });

  it("creates its missing pool with the process template, heartbeats, and runs a run with the job's env and cwd", async () => {
    const w = worker("created-by-worker");
    void w.start();
    const pool = await waitFor(() => w.workPool);
    expect(pool.type).toBe("process");
    expect(Object.keys((pool.baseJobTemplate as { job_configuration: object }).job_configuration)).toEqual(
      expect.arrayContaining(["command", "env", "working_dir", "stream_output"]),
    );
    expect((await client.readWorkersForWorkPool("created-by-worker")).map((x) => [x.name, x.status])).toEqual([
      [w.name, "ONLINE"],
    ]);
    expect((await client.readWorkPool("created-by-worker")).status).toBe("READY");

    const id = await deployment("created-by-worker", "env", { command: `node ${CHILD}`, env: { GREETING: "hello" } });
    const run = await client.createFlowRunFromDeployment(id, { jobVariables: { working_dir: tmpdir() } });
    const done = await stateOf(run.id, ["COMPLETED"]);
    expect(done.infrastructurePid).toMatch(/^.+:\d+$/);
    expect(
      launches()
        .find(([runId]) => runId === run.id)
        ?.slice(1),
    ).toEqual(["hello", tmpdir()]);
    await w.stop();
  });

  it("sends a heartbeat each heartbeatSeconds on its clock", async () => {
    const clock = new ManualClock();
    const w = worker("heartbeats", { clock, heartbeatSeconds: 30, querySeconds: 3600 });
    void w.start();
    await waitFor(() => w.workPool);
    const lastBeat = async () => (await client.readWorkersForWorkPool("heartbeats"))[0]?.lastHeartbeatTime?.getTime();
    const first = await waitFor(lastBeat);
    // The heartbeat loop and the poll loop both wait on the clock.
    await waitFor(() => clock.sleepers >= 2, { message: "the heartbeat and poll loops to wait on the clock" });
    clock.advance(30_000);
    await waitFor(async () => ((await lastBeat()) ?? 0) > first, { message: "a second heartbeat" });
    await w.stop();
  });

  // More runs than the four workers' 16 slots, so they race for every poll's runs over several rounds; each run is a
  // real process (a Node start, about 0.3 CPU-s with the others starting beside it), so the count is kept to what
  // proves the race, not a load test.
  const MANY = 30;
  it(`runs each of ${MANY} runs exactly once across 4 workers on one pool`, async () => {
    await client.createWorkPool({ name: "many", type: "process" });
    const id = await deployment("many", "many", { command: `node ${CHILD}` });
    const runs = await Promise.all(Array.from({ length: MANY }, () => client.createFlowRunFromDeployment(id)));
    const four = [0, 1, 2, 3].map(() => worker("many", { limit: 4 }));
    for (const w of four) void w.start();
    await waitFor(
      async () =>
        (await client.countFlowRuns({
          flowRunFilter: { deploymentId: { any_: [id] }, state: { type: { any_: ["COMPLETED"] } } },
        })) === MANY,
      {
        timeoutMs: 120_000,
      },
    );
    await Promise.all(four.map((w) => w.stop()));
    const ids = new Set(runs.map((r) => r.id));
    const executed = launches()
      .map(([runId]) => runId!)
      .filter((runId) => ids.has(runId));
    expect(executed).toHaveLength(MANY);
    expect(new Set(executed).size).toBe(MANY);
  }, 180_000);

  it("marks a run Crashed with the exit code, and a run whose working directory is missing Crashed before starting it", async () => {
    await client.createWorkPool({ name: "crashes", type: "process" });
    const w = worker("crashes");
    void w.start();
    const crashing = await client.createFlowRunFromDeployment(
      await deployment("crashes", "exit3", { command: `node ${CHILD} exit3` }),
    );
    expect((await stateOf(crashing.id, ["CRASHED"])).state?.message).toBe(
      "Flow run process exited with non-zero status code 3.",
    );
    const nowhere = await client.createFlowRunFromDeployment(
      await deployment("crashes", "nowhere", { command: `node ${CHILD}`, working_dir: join(dir, "missing") }),
    );
    const crashed = await stateOf(nowhere.id, ["CRASHED"]);
    expect(crashed.state?.message).toContain("working directory");
    expect(crashed.state?.message).toContain("working_dir");
    await w.stop();
  });

  it("cancels a running run: its process is gone and the run ends Cancelled", async () => {
    await client.createWorkPool({ name: "cancels", type: "process" });
    const w = worker("cancels");
    void w.start();
    const run = await client.createFlowRunFromDeployment(
      await deployment("cancels", "sleep", { command: `node ${CHILD} sleep` }),
    );
    const running = await stateOf(run.id, ["RUNNING"]);
    const pid = Number(
      running.infrastructurePid?.split(":")[1] ??
        (await waitFor(async () => (await client.readFlowRun(run.id)).infrastructurePid))?.split(":")[1],
    );
    await client.setFlowRunState(run.id, { type: "CANCELLING" });
    await stateOf(run.id, ["CANCELLED"]);
    expect(() => process.kill(pid, 0)).toThrow();
    await w.stop();
  });

  it("respects the pool's concurrency limit", async () => {
    await client.createWorkPool({ name: "limited", type: "process", concurrencyLimit: 1 });
    const id = await deployment("limited", "sleep", { command: `node ${CHILD} sleep` });
    const runs = await Promise.all([0, 1, 2].map(() => client.createFlowRunFromDeployment(id)));
    const w = worker("limited", { shutdownGraceSeconds: 0 });
    void w.start();
    await waitFor(() => w.runningFlowRunIds.length === 1);
    // several polls later, still one
    const polled = w.lastPoll;
    await waitFor(() => w.lastPoll !== polled && w.lastPoll !== undefined);
    const states = await Promise.all(runs.map(async (r) => (await client.readFlowRun(r.id)).state?.type));
    expect(states.filter((t) => t === "SCHEDULED")).toHaveLength(2);
    await w.stop();
    for (const r of runs) await client.deleteFlowRun(r.id);
  });
});

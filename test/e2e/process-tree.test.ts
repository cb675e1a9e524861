// Each run's process tree goes when the run ends (completed, crashed by a signal, or exited early), and a worker
// stopped by SIGTERM or SIGINT leaves no process behind: its pre-started executor, its runs and what they started.
// A crash is explained, in the state and in the run's logs that `deployment run --watch` prints.
// The flows (test/fixtures/process-tree/flows.ts) start a `sleep 300` and write its pid to a file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import type { FlowRun, PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { ROOT, runCliInProcess, tempHome } from "./cli-helpers.js";
import { descendants, isAlive, killAll, startWorkerCli, type Background } from "./worker-helpers.js";

const FLOWS = "test/fixtures/process-tree/flows.ts";

describe("process trees of flow runs", () => {
  const dirs: string[] = [];
  const leftovers: number[] = [];
  const workers: Background[] = [];
  let home: string;
  let env: Record<string, string>;
  let client: PrefectClient;

  function scratch(): string {
    const dir = mkdtempSync(join(tmpdir(), "prefect-ts-tree-"));
    dirs.push(dir);
    return dir;
  }

  async function trigger(deployment: string, parameters: Record<string, unknown>): Promise<FlowRun> {
    const d = await client.readDeploymentByName(deployment);
    return client.createFlowRunFromDeployment(d.id, { parameters });
  }

  function stateOf(id: string, type: string): Promise<FlowRun> {
    return waitFor(
      async () => {
        const run = await client.readFlowRun(id);
        return run.state?.type === type ? run : undefined;
      },
      { timeoutMs: 60_000, message: `flow run ${id} to be ${type}` },
    );
  }

  /** The pid of the `sleep 300` a flow started (once it has written it). */
  async function sleeperPid(dir: string, name: string): Promise<number> {
    const file = join(dir, `${name}.pid`);
    const pid = Number(
      await waitFor(() => (existsSync(file) ? readFileSync(file, "utf8").trim() || undefined : undefined), {
        timeoutMs: 60_000,
        message: `${file}`,
      }),
    );
    leftovers.push(pid);
    return pid;
  }

  function gone(pids: readonly number[], what: string): Promise<true> {
    return waitFor(() => pids.every((pid) => !isAlive(pid)) || undefined, { timeoutMs: 15_000, message: what });
  }

  beforeAll(async () => {
    home = tempHome();
    env = { PREFECT_HOME: home };
    client = getClient({ settings: resolveSettings({ env }) });
    // Written through the API rather than `prefect-ts deploy` (tested elsewhere): this suite is about processes.
    await client.createWorkPool({ name: "tree-pool", type: "process" });
    await client.createWorkPool({ name: "stop-pool", type: "process" });
    const deployments = [
      ["leave-sleeper", "leaveSleeper", "leave", "tree-pool"],
      ["hold-sleeper", "holdSleeper", "hold", "tree-pool"],
      ["exit-early", "exitEarly", "exit", "tree-pool"],
      ["hold-sleeper", "holdSleeper", "stop", "stop-pool"],
    ] as const;
    for (const [flowName, entry, name, workPoolName] of deployments) {
      const flow = await client.createFlow(flowName);
      await client.createDeployment({
        flowId: flow.id,
        name,
        entrypoint: `${FLOWS}:${entry}`,
        path: ROOT,
        workPoolName,
        enforceParameterSchema: false,
      });
    }
    workers.push(await startWorkerCli(["--pool", "tree-pool"], env));
  }, 180_000);

  afterAll(async () => {
    for (const worker of workers) {
      if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill("SIGKILL");
      leftovers.push(...(worker.child.pid ? descendants(worker.child.pid) : []));
    }
    killAll(leftovers);
    await closeEmbeddedServers();
    rmSync(home, { recursive: true, force: true });
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("ends what a Completed run left running", async () => {
    const dir = scratch();
    const run = await trigger("leave-sleeper/leave", { dir });
    await stateOf(run.id, "COMPLETED");
    const sleeper = await sleeperPid(dir, "leave-sleeper");
    await gone([sleeper], "the sleep the completed run left behind to end");
  }, 90_000);

  it.each(["SIGTERM", "SIGKILL"] as const)(
    "ends the children of a run whose process is killed by %s, and marks it Crashed",
    async (signal) => {
      const dir = scratch();
      const run = await trigger("hold-sleeper/hold", { dir });
      const sleeper = await sleeperPid(dir, "hold-sleeper");
      const running = await stateOf(run.id, "RUNNING");
      const runPid = Number(running.infrastructurePid?.split(":")[1]);
      expect(isAlive(runPid)).toBe(true);
      process.kill(runPid, signal);
      const crashed = await stateOf(run.id, "CRASHED");
      expect(crashed.state?.message).toMatch(signal === "SIGTERM" ? /SIGTERM/ : /signal SIGKILL/);
      await gone([runPid, sleeper], `the run's process and its sleep to end after ${signal}`);
    },
    90_000,
  );

  it("says what happened when the run's process exits 0 before a final state", async () => {
    const run = await trigger("exit-early/exit", {});
    const crashed = await stateOf(run.id, "CRASHED");
    expect(crashed.state?.message).toContain(
      "Flow run process exited with code 0 before the run reached a final state (state: RUNNING)",
    );
    expect(crashed.state?.message).toContain("process.exit()");
    expect(crashed.state?.message).not.toContain("non-zero");
  }, 90_000);

  it("`deployment run --watch` prints why the run crashed, not only 'Crashed'", async () => {
    // The worker's run is the process here; the command watching it runs in-process through the CLI's entry.
    const watched = await runCliInProcess(["deployment", "run", "exit-early/exit", "--watch"], env);
    expect(watched.code).not.toBe(0);
    expect(watched.stdout).toContain("is in state 'Crashed'");
    expect(watched.stdout).toMatch(
      /ERROR +\| prefect\.flow_runs\.worker - Flow run process exited with code 0 before the run reached a final state/,
    );
  }, 90_000);

  it.each(["SIGTERM", "SIGINT"] as const)(
    "leaves no process behind when `worker start` is stopped by %s",
    async (signal) => {
      const worker = await startWorkerCli(["--pool", "stop-pool"], env);
      workers.push(worker);
      const dir = scratch();
      const run = await trigger("hold-sleeper/stop", { dir });
      const sleeper = await sleeperPid(dir, "hold-sleeper");
      await stateOf(run.id, "RUNNING");
      // The worker's tree now holds its run's process (and the sleep) and a pre-started executor for the next run.
      const tree = await waitFor(
        () => {
          const pids = descendants(worker.child.pid as number);
          return pids.length >= 3 ? pids : undefined;
        },
        { timeoutMs: 30_000, message: "the worker's run process and its pre-started executor" },
      );
      expect(tree).toContain(sleeper);
      worker.child.kill(signal);
      // The worker waits for its running run (its shutdown grace); the flow is released and completes.
      await waitFor(() => /stops claiming runs/.test(worker.output()) || undefined, {
        timeoutMs: 15_000,
        message: "the worker to hear the signal",
      });
      writeFileSync(join(dir, "release"), "");
      expect(await worker.exited).toBe(0);
      await stateOf(run.id, "COMPLETED");
      await gone([worker.child.pid as number, ...tree], `every process the worker started to end after ${signal}`);
    },
    120_000,
  );
});

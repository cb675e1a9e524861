// The deploy tutorial (seeds 000 and 004) exactly as a user types it, every command a subprocess: the steps, shared by
// worker-journey.test.ts (no server: the terminals share the embedded database) and worker-journey-server.test.ts.
// Against a server, the commands that only write or read the API (work-pool create/ls, deploy) run in-process through
// the CLI's entry: the embedded journey has them as processes already; the worker, the watched run and the script
// stay processes in both.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { cliOkInProcess, ROOT, tempHome } from "./cli-helpers.js";
import {
  cliOk,
  descendants,
  isAlive,
  killAll,
  MY_FLOW,
  runScript,
  startServerCli,
  startWorkerCli,
  type Background,
} from "./worker-helpers.js";

const POOL = "tutorial-process-pool";

/**
 * Defines the journey's tests: with `remote`, against a `prefect-ts server start` subprocess (PREFECT_API_URL set for
 * every command); without, on the embedded database of a temp PREFECT_HOME.
 */
export function describeDeployJourney({ remote }: { remote: boolean }): void {
  const mode = remote
    ? "against `prefect-ts server start` (PREFECT_API_URL)"
    : "embedded (no server, shared PREFECT_HOME)";
  describe(`the deploy tutorial, ${mode}`, () => {
    const homes: string[] = [];
    let env: Record<string, string>;
    let client: PrefectClient;
    let server: Background | undefined;
    let worker: Background;
    const command = remote ? cliOkInProcess : cliOk;

    beforeAll(async () => {
      const home = tempHome();
      homes.push(home);
      env = { PREFECT_HOME: home };
      if (remote) {
        const serverHome = tempHome();
        homes.push(serverHome);
        const started = await startServerCli({ PREFECT_HOME: serverHome });
        server = started.server;
        env.PREFECT_API_URL = started.apiUrl;
      }
      client = getClient({ settings: resolveSettings({ env }) });
    }, 40_000);

    afterAll(async () => {
      // Only after a failed test: a pid seen gone may belong to someone else by now.
      if (worker !== undefined && worker.child.exitCode === null)
        killAll([worker.child.pid as number, ...descendants(worker.child.pid as number)]);
      if (server !== undefined && server.child.exitCode === null) {
        server.child.kill("SIGTERM");
        await server.exited;
      }
      await closeEmbeddedServers();
      for (const home of homes) rmSync(home, { recursive: true, force: true });
    });

    it("work-pool create --type process, then work-pool ls shows the pool", async () => {
      const created = await command(["work-pool", "create", "--type", "process", POOL], env);
      expect(created.stdout).toContain(`Created work pool '${POOL}'!`);
      const ls = await command(["work-pool", "ls"], env);
      expect(ls.stdout).toMatch(new RegExp(`${POOL}\\s*│\\s*process\\s*│`));
    });

    it("worker start --pool runs in the background and brings the pool online", async () => {
      worker = await startWorkerCli(["--pool", POOL], env);
      expect(worker.output()).toContain(`Discovered type 'process' for work pool '${POOL}'.`);
      const pool = await waitFor(
        async () => {
          const read = await client.readWorkPool(POOL);
          return read.status === "READY" ? read : undefined;
        },
        { timeoutMs: 20_000, message: "the pool to be READY" },
      );
      expect(pool.type).toBe("process");
    });

    it("deploy file.ts:getRepoInfo -n my-deployment -p POOL exits 0 and prints how to run it", async () => {
      const deployed = await command(["deploy", `${MY_FLOW}:getRepoInfo`, "-n", "my-deployment", "-p", POOL], env);
      expect(deployed.stdout).toContain("get-repo-info/my-deployment");
      expect(deployed.stdout).toContain(`prefect-ts worker start --pool '${POOL}'`);
      expect(deployed.stdout).toContain("prefect-ts deployment run 'get-repo-info/my-deployment'");
      const deployment = await client.readDeploymentByName("get-repo-info/my-deployment");
      expect(deployment).toMatchObject({ entrypoint: `${MY_FLOW}:getRepoInfo`, path: ROOT, workPoolName: POOL });
      expect(deployment.parameterOpenapiSchema).toMatchObject({
        properties: { repoName: { type: "string", position: 0 } },
      });
    });

    it("deployment run --param repoName=... --watch: the worker runs it, Completed, and its logs name the repo", async () => {
      const run = await cliOk(
        ["deployment", "run", "get-repo-info/my-deployment", "--param", "repoName=PrefectHQ/prefect", "--watch"],
        env,
      );
      expect(run.stdout).toContain("PrefectHQ/prefect repository statistics");
      expect(run.stdout).toContain("Flow run finished successfully in 'Completed'.");
      const id = /UUID: (\S+)/.exec(run.stdout)?.[1] as string;
      const flowRun = await client.readFlowRun(id);
      expect(flowRun.state?.type).toBe("COMPLETED");
      expect(flowRun.parameters).toEqual({ repoName: "PrefectHQ/prefect" });
      const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [id] } } });
      expect(logs.map((log) => log.message)).toContain("PrefectHQ/prefect repository statistics 🤓:");
      expect(worker.output()).toContain(`submitting flow run '${flowRun.name}'`);
    });

    it("a script's top-level `await getRepoInfo.deploy(...)` deploys, and its handle's run() runs via the worker", async () => {
      const script = await runScript("test/fixtures/deploy/repo_info.ts", { ...env, RUN_REPO: "PrefectHQ/marvin" });
      expect(script.code, script.stderr).toBe(0);
      expect(script.stdout).toContain("get-repo-info/my-first-deployment (work pool 'tutorial-process-pool')");
      expect(script.stdout).toContain("prefect-ts deployment run 'get-repo-info/my-first-deployment'");
      const id = /run (\S+) ended COMPLETED/.exec(script.stdout)?.[1];
      expect(id, script.stdout).toBeDefined();
      const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [id as string] } } });
      expect(logs.map((log) => log.message)).toContain("PrefectHQ/marvin repository statistics 🤓:");
      // The worker's child loaded repo_info.ts as the entrypoint: its own `.deploy()` did nothing there.
      const deployments = await client.readDeployments();
      expect(deployments.map((d) => d.name).sort()).toEqual(["my-deployment", "my-first-deployment"]);
      const first = await client.readDeploymentByName("get-repo-info/my-first-deployment");
      expect(first.entrypoint).toBe("test/fixtures/deploy/repo_info.ts:getRepoInfo");
      const runs = await client.readFlowRuns({ flowRunFilter: { deploymentId: { any_: [first.id] } } });
      expect(runs).toHaveLength(1);
    });

    it("SIGTERM stops the worker: exit 0, and no process of it is left", async () => {
      const pid = worker.child.pid as number;
      const workerTree = descendants(pid);
      expect(workerTree.length, "the worker keeps an executor process started ahead").toBeGreaterThan(0);
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
      expect(worker.output()).toContain("stopped.");
      await waitFor(() => workerTree.every((child) => !isAlive(child)), {
        timeoutMs: 10_000,
        message: `the worker's processes ${workerTree.join(", ")} to exit`,
      });
    });
  });
}

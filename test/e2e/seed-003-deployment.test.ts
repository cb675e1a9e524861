// Seed 003: a deployment declared in another script. my_flow.ts defines and exports `calculator` ("Addition
// Machine"); my_flow_deployment.ts deploys it. The entrypoint names the defining module and its export, so a worker's
// run loads the flow and completes; a flow its module does not export is refused before anything is written.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { waitForRunState } from "../helpers/flow-run-state.js";
import { cliOkInProcess, ROOT, tempHome } from "./cli-helpers.js";
import { cliOk, runScript } from "./worker-helpers.js";

const POOL = "seed-003-pool";

describe("seed 003: a flow deployed from another script", () => {
  let home: string;
  let env: Record<string, string>;
  let client: PrefectClient;

  beforeAll(async () => {
    home = tempHome();
    env = { PREFECT_HOME: home, POOL };
    client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home } }) });
    await cliOkInProcess(["work-pool", "create", "--type", "process", POOL], env);
  });

  afterAll(async () => {
    await closeEmbeddedServers();
    rmSync(home, { recursive: true, force: true });
  });

  it("stores the defining module and its export as the entrypoint, and a worker's run of it completes", async () => {
    const script = await runScript("test/fixtures/seed-003/my_flow_deployment.ts", env);
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toContain("entrypoint: test/fixtures/seed-003/my_flow.ts:calculator");
    const deployment = await client.readDeploymentByName("Addition Machine/my-first-deployment");
    expect(deployment).toMatchObject({
      entrypoint: "test/fixtures/seed-003/my_flow.ts:calculator",
      path: ROOT,
      parameters: { nums: [1, 2, 3, 4] },
    });

    const run = await client.createFlowRunFromDeployment(deployment.id);
    const worker = await cliOk(["worker", "start", "--pool", POOL, "--run-once"], env);
    expect(worker.stdout + worker.stderr).toContain("ran 1 flow run");
    const done = await waitForRunState(client, run.id, ["COMPLETED", "FAILED", "CRASHED"]);
    expect(done.state?.type, done.state?.message ?? "").toBe("COMPLETED");
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [run.id] } } });
    expect(logs.map((log) => log.message)).toContain("sum is 10");
    // The task's parameter as written (tsx renames it `nums2` in the code that runs: see parameter-names.test.ts).
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [run.id] } } });
    expect(taskRuns.map((t) => t.taskInputs)).toEqual([{ nums: [] }]);
  });

  it("refuses a flow its module does not export, naming the fix, and writes nothing", async () => {
    const script = await runScript("test/fixtures/seed-003/not_exported.ts", env);
    expect(script.code).toBe(1);
    expect(script.stderr).toContain(
      "EntrypointError: Flow 'Hidden Addition' is defined in test/fixtures/seed-003/not_exported.ts (line 4) but not exported from it",
    );
    expect(script.stderr).toContain("`export const calculator = flow(...)`");
    const flows = await client.readFlows();
    expect(flows.map((f) => f.name)).not.toContain("Hidden Addition");
    expect((await client.readDeployments()).map((d) => d.name)).toEqual(["my-first-deployment"]);
  });
});

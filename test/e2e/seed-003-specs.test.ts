// Seed 003 with Prefect 2.0's DeploymentSpec: my_flow_deployment.ts declares two specs (an interval and a cron with a
// time zone) for the flow in my_flow.ts; `deployment create` registers both on the default agent pool, again updates
// them in place (same ids, one of each), their schedules make scheduled runs, an agent on the `default` queue runs
// them, and `deployment execute` runs one here. The first `deployment create` runs in-process through the CLI's entry
// (a spec file declares its specs once per process: the second is a process of its own, as a user's next command is).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { ROOT, runCli, runCliInProcess, tempHome } from "./cli-helpers.js";

const SPECS = "./test/fixtures/seed-003-specs/my_flow_deployment.ts";

describe("seed 003: deployment specs in code", () => {
  let home: string;
  let env: Record<string, string>;
  let client: PrefectClient;

  beforeAll(() => {
    home = tempHome();
    env = { PREFECT_HOME: home };
    client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home } }) });
  });

  afterAll(async () => {
    await closeEmbeddedServers();
    rmSync(home, { recursive: true, force: true });
  });

  it("creates a deployment per spec, and again updates them in place", async () => {
    const first = await runCliInProcess(["deployment", "create", SPECS], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.split("\n").filter(Boolean)).toEqual([
      `Loading deployments from script at '${SPECS}'...`,
      "Created deployment 'my-first-deployment' for flow 'Addition Machine'",
      "Created deployment 'weekday-mornings' for flow 'Addition Machine'",
    ]);
    const before = await client.readDeployments();
    const second = await runCli(["deployment", "create", SPECS], env);
    expect(second.code, second.stderr).toBe(0);
    const after = await client.readDeployments();
    expect(after.map((d) => [d.name, d.id]).sort()).toEqual(before.map((d) => [d.name, d.id]).sort());
    expect(after).toHaveLength(2);

    const interval = await client.readDeploymentByName("Addition Machine/my-first-deployment");
    expect(interval).toMatchObject({
      entrypoint: "test/fixtures/seed-003-specs/my_flow.ts:calculator",
      path: ROOT,
      workPoolName: "default-agent-pool",
      workQueueName: "default",
      parameters: { nums: [1, 2, 3, 4] },
      tags: ["tutorial"],
    });
    expect(interval.schedules.map((s) => s.schedule)).toEqual([expect.objectContaining({ interval: 900 })]);
    const cron = await client.readDeploymentByName("Addition Machine/weekday-mornings");
    expect(cron.schedules.map((s) => s.schedule)).toEqual([
      expect.objectContaining({ cron: "0 9 * * 1-5", timezone: "America/New_York" }),
    ]);
    expect((await client.readWorkPool("default-agent-pool")).name).toBe("default-agent-pool");
  });

  it("makes scheduled runs from each spec's schedule", async () => {
    const deployments = await client.readDeployments();
    for (const deployment of deployments) {
      const runs = await waitFor(
        async () => {
          const found = await client.readFlowRuns({
            flowRunFilter: { deploymentId: { any_: [deployment.id] }, state: { type: { any_: ["SCHEDULED"] } } },
          });
          return found.length > 0 ? found : undefined;
        },
        { timeoutMs: 20_000, message: `scheduled runs of ${deployment.name}` },
      );
      expect(runs.every((r) => r.parameters !== undefined)).toBe(true);
    }
  });

  it("an agent on the default queue runs a spec's deployment", async () => {
    const deployment = await client.readDeploymentByName("Addition Machine/weekday-mornings");
    const run = await client.createFlowRunFromDeployment(deployment.id);
    const agent = await runCli(["agent", "start", "-q", "default", "--run-once"], env);
    expect(agent.code, agent.stdout + agent.stderr).toBe(0);
    expect(agent.stdout + agent.stderr).toContain("sum is 30");
    expect((await client.readFlowRun(run.id)).state?.type).toBe("COMPLETED");
  });

  it("deployment execute runs the flow here with the deployment's parameters", async () => {
    const result = await runCli(["deployment", "execute", "Addition Machine/my-first-deployment"], env);
    expect(result.code, result.stderr).toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toMatch(/Beginning flow run '[^']+' for flow 'Addition Machine'/);
    expect(output).toContain("sum is 10");
    const deployment = await client.readDeploymentByName("Addition Machine/my-first-deployment");
    const [run] = await client.readFlowRuns({
      flowRunFilter: { deploymentId: { any_: [deployment.id] }, state: { type: { any_: ["COMPLETED"] } } },
    });
    expect(run?.parameters).toEqual({ nums: [1, 2, 3, 4] });
  });

  it("names the file when it declares no specs, and writes nothing", async () => {
    const result = await runCliInProcess(["deployment", "create", "./test/fixtures/seed-003-specs/my_flow.ts"], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("./test/fixtures/seed-003-specs/my_flow.ts declares no deployment specs");
    expect(await client.readDeployments()).toHaveLength(2);
  });
});

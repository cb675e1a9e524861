// `serve()` end to end: a module serving three flows in its own process (embedded database shared with this test),
// runs triggered from here executed in child processes, crashes, cancellation, restart, and shutdown on SIGTERM.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { ParameterValidationError } from "../../src/errors.js";
import type { PrefectClient } from "../../src/client/index.js";
import { resolveSettings } from "../../src/settings/index.js";
import { cliEnv, ROOT, tempHome } from "./cli-helpers.js";
import { TS_RUN } from "../helpers/cli-entry.js";
import { startNode, type StartedNode } from "../helpers/run-node.js";

const FIXTURE = join(ROOT, "test/fixtures/serve/served-flows.ts");

type Served = StartedNode;

function startServing(env: Record<string, string>): Served {
  return startNode([...TS_RUN, FIXTURE], { cwd: ROOT, env: cliEnv(env) });
}

async function finalState(
  client: PrefectClient,
  id: string,
  types = ["COMPLETED", "FAILED", "CRASHED", "CANCELLED"],
): Promise<string> {
  return waitFor(
    async () => {
      const run = await client.readFlowRun(id);
      const type = run.state?.type ?? "";
      return types.includes(type) ? type : undefined;
    },
    { timeoutMs: 30_000, message: `flow run ${id} to reach ${types.join("/")}` },
  );
}

describe("serve() in embedded mode", () => {
  const home = tempHome();
  const env = { PREFECT_HOME: home };
  let served: Served;
  let client: PrefectClient;

  beforeAll(async () => {
    served = startServing(env);
    // Deriving three parameter schemas (the TypeScript compiler) takes a while on a loaded machine.
    await waitFor(() => served.output().includes("being served") || served.child.exitCode !== null, {
      timeoutMs: 90_000,
      message: "serve() to start",
    });
    expect(served.output()).toContain("being served");
    client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home } }) });
  }, 120_000);

  afterAll(async () => {
    if (served.child.exitCode === null) served.child.kill("SIGKILL");
    await closeEmbeddedServers();
  });

  it("registers each deployment with its entrypoint, path and derived parameter schema, and prints how to run them", async () => {
    expect(served.output()).toContain("prefect-ts deployment run '[FLOW_NAME]/[DEPLOYMENT_NAME]'");
    const dep = await client.readDeploymentByName("add/e2e");
    expect(dep.entrypoint).toBe("test/fixtures/serve/served-flows.ts:add");
    expect(dep.path).toBe(ROOT);
    expect(dep.tags).toEqual(["served"]);
    expect(dep.description).toBe("Adds two numbers.");
    expect(dep.enforceParameterSchema).toBe(true);
    expect(dep.parameterOpenapiSchema).toMatchObject({
      title: "Parameters",
      type: "object",
      properties: {
        a: { position: 0, type: "number", description: "the first number" },
        b: { position: 1, default: 2 },
      },
      required: ["a"],
    });
  });

  it("executes a triggered run in a child process: Completed, with its logs and parameters mapped by position", async () => {
    const dep = await client.readDeploymentByName("add/e2e");
    const run = await client.createFlowRunFromDeployment(dep.id, { parameters: { a: 40 } });
    expect(await finalState(client, run.id)).toBe("COMPLETED");
    // The run's last log batch is sent after its final state: wait for it rather than read once.
    const messages = await waitFor(
      async () => {
        const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [run.id] } } });
        const texts = logs.map((l) => l.message);
        return texts.includes("adding 40 + 2") ? texts : undefined;
      },
      { timeoutMs: 20_000 },
    );
    expect(messages).toContain("adding 40 + 2");
  });

  it("refuses wrong parameters up front with each field named (409), and runs nothing", async () => {
    const dep = await client.readDeploymentByName("add/e2e");
    const error = await client
      .createFlowRunFromDeployment(dep.id, { parameters: { a: "x", c: 1 } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterValidationError);
    expect((error as Error).message).toMatch(/a/);
  });

  it("marks a run Crashed with the exit code when its process exits non-zero, and with the SIGKILL hint when killed", async () => {
    const dep = await client.readDeploymentByName("crash/e2e");
    const exited = await client.createFlowRunFromDeployment(dep.id, { parameters: { code: 3 } });
    const killed = await client.createFlowRunFromDeployment(dep.id, { parameters: { code: -9 } });
    expect(await finalState(client, exited.id)).toBe("CRASHED");
    expect((await client.readFlowRun(exited.id)).state?.message).toContain("exited with non-zero status code 3");
    expect(await finalState(client, killed.id)).toBe("CRASHED");
    expect((await client.readFlowRun(killed.id)).state?.message).toMatch(/SIGKILL/);
  });

  it("cancels a running run: Cancelling -> the runner stops its process tree -> Cancelled", async () => {
    const dep = await client.readDeploymentByName("sleepy/e2e");
    const run = await client.createFlowRunFromDeployment(dep.id, { parameters: { seconds: 120 } });
    await finalState(client, run.id, ["RUNNING"]);
    await client.setFlowRunState(run.id, { type: "CANCELLING" });
    expect(await finalState(client, run.id)).toBe("CANCELLED");
  });

  it("on SIGTERM lets a running run finish within the grace period, then exits 0", async () => {
    const dep = await client.readDeploymentByName("sleepy/e2e");
    const run = await client.createFlowRunFromDeployment(dep.id, { parameters: { seconds: 0.5 } });
    await finalState(client, run.id, ["RUNNING"]);
    served.child.kill("SIGTERM");
    expect(await served.exited).toBe(0);
    expect(await finalState(client, run.id)).toBe("COMPLETED");
  });

  it("serving again keeps the deployment (same id) and its runs", async () => {
    const before = await client.readDeploymentByName("add/e2e");
    served = startServing(env);
    await waitFor(() => served.output().includes("being served"), { timeoutMs: 90_000, message: "serve() to restart" });
    const after = await client.readDeploymentByName("add/e2e");
    expect(after.id).toBe(before.id);
    const run = await client.createFlowRunFromDeployment(after.id, { parameters: { a: 1, b: 1 } });
    expect(await finalState(client, run.id)).toBe("COMPLETED");
    served.child.kill("SIGINT");
    expect(await served.exited).toBe(0);
  }, 120_000);
});

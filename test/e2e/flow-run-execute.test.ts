// `prefect-ts flow-run execute <id>` as a real subprocess on a .ts entrypoint (the child a runner or worker starts),
// against an embedded database shared with this test process through PREFECT_HOME.
import { spawn } from "node:child_process";
import { createServer, type Socket } from "node:net";
import path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { waitFor } from "../../src/testing/index.js";
import { distIsFresh } from "../helpers/cli-entry.js";
import { CLI, cliEnv, ROOT, runCli, tempHome } from "./cli-helpers.js";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/entrypoints");

let home: string;
let env: Record<string, string>;
let client: PrefectClient;
const deploymentIds: Record<string, string> = {};

beforeAll(async () => {
  home = tempHome();
  env = { PREFECT_HOME: home };
  client = getClient({ settings: resolveSettings({ env }) });
  for (const [name, entrypoint] of [
    ["hello", "cli-flows.ts:hello"],
    ["fails", "cli-flows.ts:fails"],
  ] as const) {
    const flow = await client.createFlow(name);
    const schema = {
      title: "Parameters",
      type: "object",
      properties: name === "hello" ? { name: { title: "name", position: 0, type: "string", default: "world" } } : {},
    };
    deploymentIds[name] = (
      await client.createDeployment({
        flowId: flow.id,
        name: "e2e",
        entrypoint,
        path: FIXTURES,
        parameterOpenapiSchema: schema,
      })
    ).id;
  }
});
afterAll(async () => {
  await closeEmbeddedServers();
  rmSync(home, { recursive: true, force: true });
});

describe("prefect-ts flow-run execute", () => {
  it("runs a deployment's .ts flow to Completed and exits 0, its logs recorded", async () => {
    const run = await client.createFlowRunFromDeployment(deploymentIds.hello as string, {
      parameters: { name: "e2e" },
    });
    await client.setFlowRunState(run.id, { type: "PENDING" });
    const started = Date.now();
    const result = await runCli(["flow-run", "execute", run.id], env);
    const exited = Date.now();
    // The engine logs to stderr, as Prefect's console handler does; nothing else is printed.
    expect(result.stdout).toBe("");
    expect(result.code).toBe(0);
    expect(result.stderr).toContain("hello e2e");
    expect(result.stderr).toContain("Finished in state Completed()");
    const states = await client.readFlowRunStates(run.id);
    expect(states.map((s) => s.type)).toEqual(["SCHEDULED", "PENDING", "RUNNING", "COMPLETED"]);
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [run.id] } } });
    expect(logs.map((l) => l.message)).toContain("hello e2e");
    const running = states.find((s) => s.type === "RUNNING")?.timestamp?.getTime() ?? NaN;
    process.stdout.write(
      `flow-run execute: spawn -> Running ${running - started} ms, spawn -> exit ${exited - started} ms\n`,
    );
  });

  it("exits 1 with the run Failed when the flow fails", async () => {
    const run = await client.createFlowRunFromDeployment(deploymentIds.fails as string);
    const result = await runCli(["flow-run", "execute", run.id], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("failing on purpose");
    expect((await client.readFlowRun(run.id)).state?.type).toBe("FAILED");
  });

  it("exits 1 with the run Failed when its parameters do not fit, naming the field", async () => {
    const run = await client.createFlowRunFromDeployment(deploymentIds.hello as string);
    await client.updateFlowRun(run.id, { parameters: { nmae: "typo" } });
    const result = await runCli(["flow-run", "execute", run.id], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("'nmae' is not a parameter of flow 'hello'");
    const state = (await client.readFlowRun(run.id)).state;
    expect(state?.type).toBe("FAILED");
    expect(state?.message).toContain("'nmae' is not a parameter");
  });

  it("exits 1 without running a cancelled run", async () => {
    const run = await client.createFlowRunFromDeployment(deploymentIds.hello as string);
    await client.setFlowRunState(run.id, { type: "CANCELLING" });
    const result = await runCli(["flow-run", "execute", run.id], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("is Cancelled; it will not be executed");
    expect((await client.readFlowRunStates(run.id)).map((s) => s.type)).not.toContain("RUNNING");
  });

  it("says so for a run that was not created from a deployment", async () => {
    const flow = await client.createFlow("adhoc");
    const run = await client.createFlowRun({ flowId: flow.id });
    const result = await runCli(["flow-run", "execute", run.id], env);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("was not created from a deployment; nothing to execute");
  });

  it("pre-started (--id-from-stdin): warms up, then runs the id it reads to Completed; exits 0 with no run at end of input", async () => {
    const run = await client.createFlowRunFromDeployment(deploymentIds.hello as string, {
      parameters: { name: "warm" },
    });
    await client.setFlowRunState(run.id, { type: "PENDING" });
    const warm = spawn(process.execPath, [...CLI, "flow-run", "execute", "--id-from-stdin"], {
      cwd: ROOT,
      env: cliEnv(env),
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stderr = "";
    warm.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = new Promise<number | null>((resolve) => warm.on("exit", resolve));
    warm.stdin.end(`${run.id}\n`);
    expect(await code).toBe(0);
    expect(stderr).toContain("hello warm");
    expect((await client.readFlowRun(run.id)).state?.type).toBe("COMPLETED");

    const idle = spawn(process.execPath, [...CLI, "flow-run", "execute", "--id-from-stdin"], {
      cwd: ROOT,
      env: cliEnv(env),
      stdio: ["pipe", "ignore", "ignore"],
    });
    const idleCode = new Promise<number | null>((resolve) => idle.on("exit", resolve));
    idle.stdin.end();
    expect(await idleCode).toBe(0);
  });

  it("pre-started and let go mid-warm-up (stdin ends while its first request is unanswered): stops at once, exit 0", async () => {
    // An API that accepts connections and never answers: the warm-up's request hangs on it, so only the end of stdin
    // can end the process (waiting out the request would end it with an error instead).
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as { port: number };
    try {
      const warm = spawn(process.execPath, [...CLI, "flow-run", "execute", "--id-from-stdin"], {
        cwd: ROOT,
        env: cliEnv({ PREFECT_HOME: home, PREFECT_API_URL: `http://127.0.0.1:${port}/api` }),
        stdio: ["pipe", "ignore", "ignore"],
      });
      const exit = new Promise<number | null>((resolve) => warm.on("exit", resolve));
      await waitFor(() => sockets.size > 0, { timeoutMs: 60_000 });
      warm.stdin.end();
      expect(await exit).toBe(0);
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });

  // The guard is in the built CLI's TypeScript loading; from source the CLI starts with tsx already loaded.
  it.skipIf(!distIsFresh())(
    "pre-started in a directory deleted under it: exits 1 saying so, instead of waiting forever for tsx's loader",
    async () => {
      const gone = mkdtempSync(path.join(tmpdir(), "prefect-ts-gone-"));
      const warm = spawn(process.execPath, [...CLI, "flow-run", "execute", "--id-from-stdin"], {
        cwd: gone,
        env: cliEnv(env),
        stdio: ["pipe", "ignore", "pipe"],
      });
      rmSync(gone, { recursive: true });
      let stderr = "";
      warm.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const code = await new Promise<number | null>((resolve) => warm.on("exit", resolve));
      expect(stderr).toContain("working directory no longer exists (it was deleted)");
      expect(code).toBe(1);
    },
  );
});

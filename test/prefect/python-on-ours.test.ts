// Prefect's Python SDK (the peer's venv) against `prefect-ts server start`: a Python flow with tasks runs to
// Completed, its task runs (sent as events over /api/events/in) and logs are recorded by our server.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../src/client/index.js";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { waitFor } from "../../src/testing/index.js";
import { PEER_MISSING, PEER_PYTHON } from "./peer.js";

const FLOW = `
from prefect import flow, task, get_run_logger

@task
def add(a: int, b: int) -> int:
    return a + b

@flow(name="py-on-ts")
def py_flow(n: int = 20) -> int:
    get_run_logger().info("python says hi")
    total = 0
    for _ in range(n):
        total = add(total, 1)
    return total

if __name__ == "__main__":
    print("RESULT", py_flow())
`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe.skipIf(PEER_MISSING !== undefined)("Prefect 3.8.3's Python SDK against our server", () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-py-"));
    server = await startServer({ port: 0, dbPath: join(dir, "prefect.db") });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs a Python flow with 20 tasks: flow run Completed, 20 task runs Completed, its log stored", async () => {
    const script = join(dir, "py_flow.py");
    writeFileSync(script, FLOW);
    const started = Date.now();
    const env = {
      PATH: process.env.PATH,
      HOME: dir,
      PREFECT_HOME: join(dir, "home"),
      PREFECT_API_URL: server.apiUrl,
      DO_NOT_TRACK: "1",
    };
    const result = await run(PEER_PYTHON, [script], env);
    expect(result.out).toContain("RESULT 20");
    expect(result.code, result.out).toBe(0);
    const client = new PrefectClient({ apiUrl: server.apiUrl });
    const [flowRun] = await client.readFlowRuns({ flowFilter: { name: { any_: ["py-on-ts"] } } });
    expect(flowRun?.state?.type).toBe("COMPLETED");
    await waitFor(
      async () =>
        (await client.countTaskRuns({
          flowRunFilter: { id: { any_: [flowRun!.id] } },
          taskRunFilter: { state: { type: { any_: ["COMPLETED"] } } },
        })) === 20,
      { timeoutMs: 30_000 },
    );
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [flowRun!.id] } } });
    expect(logs.map((l) => l.message)).toContain("python says hi");
    console.log(`[test:prefect] Python flow of 20 tasks on prefect-ts: ${Date.now() - started} ms`);
  }, 300_000);
});

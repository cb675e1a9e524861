// Prefect's Python SDK (the peer's venv) against `prefect-ts server start`: a Python flow with tasks runs to
// Completed, its task runs (sent as events over /api/events/in) and logs are recorded by our server; its artifacts
// are stored as Prefect's SDK makes them and read back by Prefect's own `prefect artifact` CLI.
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
  /** Prefect's Python SDK and CLI pointed at our server, with a home of their own. */
  const pythonEnv = () => ({
    PATH: process.env.PATH,
    HOME: dir,
    PREFECT_HOME: join(dir, "home"),
    PREFECT_API_URL: server.apiUrl,
    DO_NOT_TRACK: "1",
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("runs a Python flow with 20 tasks: flow run Completed, 20 task runs Completed, its log stored", async () => {
    const script = join(dir, "py_flow.py");
    writeFileSync(script, FLOW);
    const started = Date.now();
    const env = pythonEnv();
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
  it("Python's artifacts: create_*_artifact in a flow and task, Artifact.get, `prefect artifact ls|inspect|delete`", async () => {
    const script = join(dir, "py_artifacts.py");
    writeFileSync(
      script,
      `
from prefect import flow, task
from prefect.artifacts import (Artifact, create_link_artifact, create_markdown_artifact, create_progress_artifact,
    create_table_artifact, update_progress_artifact)

@task
def tabulate():
    return create_table_artifact([{"region": "EU", "sales": 120}], key="py-table", description="by region")

@flow(name="py-artifacts")
def report():
    create_markdown_artifact("# Py report", key="py-report", description="first")
    create_markdown_artifact("# Py report v2", key="py-report")
    progress = create_progress_artifact(10, key="py-progress")
    update_progress_artifact(progress, 60)
    create_link_artifact("https://example.com", link_text="Example")
    tabulate()

if __name__ == "__main__":
    report()
    print("LATEST", Artifact.get("py-report").data)
`,
    );
    const env = pythonEnv();
    const result = await run(PEER_PYTHON, [script], env);
    expect(result.code, result.out).toBe(0);
    expect(result.out).toContain("LATEST # Py report v2");
    const client = new PrefectClient({ apiUrl: server.apiUrl });
    const [flowRun] = await client.readFlowRuns({ flowFilter: { name: { any_: ["py-artifacts"] } } });
    const artifacts = await client.readArtifacts({ artifactFilter: { flowRunId: { any_: [flowRun!.id] } } });
    expect(artifacts.map((a) => [a.key, a.type]).sort()).toEqual(
      [
        [null, "markdown"],
        ["py-progress", "progress"],
        ["py-report", "markdown"],
        ["py-report", "markdown"],
        ["py-table", "table"],
      ].sort(),
    );
    expect(await client.readLatestArtifact("py-report")).toMatchObject({ data: "# Py report v2", description: null });
    expect((await client.readLatestArtifact("py-progress"))?.data).toBe(60);
    const table = await client.readLatestArtifact("py-table");
    expect(JSON.parse(String(table?.data))).toEqual([{ region: "EU", sales: 120 }]);
    expect(table?.taskRunId).toEqual(expect.any(String));
    const prefect = join(PEER_PYTHON, "..", "prefect");
    const ls = await run(prefect, ["artifact", "ls"], { ...env, COLUMNS: "200" }); // Rich cuts cells at 80 columns
    expect(ls.code, ls.out).toBe(0);
    expect(ls.out).toMatch(/py-progress[\s\S]*py-report[\s\S]*py-table/);
    const inspect = await run(prefect, ["artifact", "inspect", "py-report", "-o", "json"], env);
    expect(inspect.code, inspect.out).toBe(0);
    expect(inspect.out).toContain("# Py report v2");
    const del = await run(prefect, ["--no-prompt", "artifact", "delete", "py-report"], env);
    expect(del.out).toContain("Deleted 2 artifact(s) with key 'py-report'.");
    expect(await client.readLatestArtifact("py-report")).toBeUndefined();
  }, 300_000);
});

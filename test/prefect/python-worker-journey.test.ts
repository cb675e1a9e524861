// The seed-000 journey with Prefect's own CLI, Python SDK and process worker against `prefect-ts server start`:
// `prefect work-pool create`, `flow.from_source(...).deploy(...)`, `prefect worker start`, `prefect deployment run
// --watch` (which exits once our events websocket reports the run Completed); task runs and logs land in our store.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../src/client/index.js";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { PEER_MISSING, PEER_PYTHON } from "./peer.js";

const FLOWS = `
from prefect import flow, task, get_run_logger

@task
def double(x: int) -> int:
    return x * 2

@flow(name="py-journey")
def journey(n: int = 3) -> int:
    get_run_logger().info("journey running")
    return sum(double(i) for i in range(n))
`;

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) => resolve({ code, out }));
  });
}

describe.skipIf(PEER_MISSING !== undefined)("Prefect's CLI and process worker against our server", () => {
  let dir: string;
  let server: RunningServer;
  let worker: ChildProcess | undefined;
  let env: NodeJS.ProcessEnv;
  const prefect = () => join(dirname(PEER_PYTHON), "prefect");

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-journey-"));
    server = await startServer({ port: 0, dbPath: join(dir, "prefect.db") });
    env = { PATH: `${dirname(PEER_PYTHON)}:${process.env.PATH}`, HOME: dir, PREFECT_HOME: join(dir, "home"), PREFECT_API_URL: server.apiUrl, DO_NOT_TRACK: "1" };
  });
  afterAll(async () => {
    // Prefect's worker may take its time over SIGTERM: wait a little, then SIGKILL.
    if (worker !== undefined && worker.exitCode === null) {
      const exited = new Promise((resolve) => worker!.once("exit", resolve));
      worker.kill("SIGTERM");
      const force = setTimeout(() => worker!.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(force);
    }
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("work-pool create, deploy, worker start, deployment run --watch: Completed with its task runs and logs", async () => {
    const project = join(dir, "proj");
    mkdirSync(project);
    writeFileSync(join(project, "flows.py"), FLOWS);
    writeFileSync(
      join(dir, "deploy.py"),
      `from prefect import flow\nflow.from_source(source=${JSON.stringify(project)}, entrypoint="flows.py:journey").deploy(name="py-dep", work_pool_name="py-pool")\n`,
    );
    const started = Date.now();
    const pool = await run(prefect(), ["work-pool", "create", "py-pool", "--type", "process"], env, dir);
    expect(pool.code, pool.out).toBe(0);
    const deployed = await run(PEER_PYTHON, [join(dir, "deploy.py")], env, dir);
    expect(deployed.code, deployed.out).toBe(0);
    worker = spawn(prefect(), ["worker", "start", "--pool", "py-pool"], { env, cwd: dir, stdio: "ignore" });
    const watched = await run(prefect(), ["deployment", "run", "py-journey/py-dep", "--watch", "--watch-timeout", "240"], env, dir);
    expect(watched.out).toContain("Flow run finished successfully in 'Completed'");
    expect(watched.code, watched.out).toBe(0);
    console.log(`[test:prefect] Python journey on prefect-ts: ${Math.round((Date.now() - started) / 1000)} s`);

    const client = new PrefectClient({ apiUrl: server.apiUrl });
    const [flowRun] = await client.readFlowRuns({ flowFilter: { name: { any_: ["py-journey"] } } });
    expect(flowRun?.state?.type).toBe("COMPLETED");
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRun!.id] } } });
    expect(taskRuns.map((t) => t.state?.type)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [flowRun!.id] } } });
    expect(logs.map((l) => l.message)).toContain("journey running");
  }, 420_000);
});

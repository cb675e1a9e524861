// Runs every example as a subprocess (the package self-reference resolved to src/ through the
// prefect-ts-source condition) on a temp PREFECT_HOME, then reads the embedded database it wrote.
import { execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { CLI_ENTRY, TS_RUN } from "../helpers/cli-entry.js";
import { cliOkInProcess } from "./cli-helpers.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);
const homes: string[] = [];

async function runExample(
  name: string,
  args: string[] = [],
  home?: string,
): Promise<{ stdout: string; stderr: string; home: string; client: PrefectClient }> {
  const prefectHome = home ?? (await mkdtemp(join(tmpdir(), `prefect-ts-example-${name}-`)));
  if (!home) homes.push(prefectHome);
  const env: Record<string, string | undefined> = { ...process.env, PREFECT_HOME: prefectHome };
  delete env.PREFECT_API_URL;
  const { stdout, stderr } = await run(process.execPath, [...TS_RUN, join("examples", `${name}.ts`), ...args], {
    cwd: root,
    env,
    timeout: 60_000,
  });
  const client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: prefectHome } }) });
  return { stdout, stderr, home: prefectHome, client };
}

async function flowRunsOf(client: PrefectClient, flowName: string) {
  return client.readFlowRuns({ flowFilter: { name: { any_: [flowName] } } });
}

afterAll(async () => {
  await closeEmbeddedServers();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

describe("examples", () => {
  it("hello-flow prints its result and stores one flow run with two task runs and logs", async () => {
    const { stdout, stderr, client } = await runExample("hello-flow", ["Ada"]);
    expect(stdout).toContain("greeting: Hello, Ada!");
    expect(stdout).toContain("letters:  8");
    expect(stderr).toMatch(/\| INFO {4}\| Flow run '.+' - Beginning flow run '.+' for flow 'hello-flow'/);
    const [flowRun] = await flowRunsOf(client, "hello-flow");
    expect(flowRun?.state?.type).toBe("COMPLETED");
    expect(flowRun?.parameters).toEqual({ name: "Ada" });
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRun!.id] } } });
    expect(taskRuns.map((t) => t.state?.type)).toEqual(["COMPLETED", "COMPLETED"]);
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [flowRun!.id] } } });
    expect(logs.map((l) => l.message)).toContain("Hello, Ada! has 8 letters");
  });

  it("retries: task and flow retries recorded", async () => {
    const { stdout, client } = await runExample("retries");
    expect(stdout).toContain("task attempts: 4");
    expect(stdout).toContain("flow attempts: 2");
    const [flowRun] = await flowRunsOf(client, "retrying-flow");
    expect(flowRun?.state?.type).toBe("COMPLETED");
    const names = (await client.readFlowRunStates(flowRun!.id)).map((s) => s.name);
    expect(names).toContain("AwaitingRetry");
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRun!.id] } } });
    expect(taskRuns).toHaveLength(4);
    expect(taskRuns.every((t) => t.state?.type === "COMPLETED")).toBe(true);
  });

  it("caching: second call cached, and a second process hits the cache on disk", async () => {
    const first = await runExample("caching");
    expect(first.stdout).toContain("first call:  Completed");
    expect(first.stdout).toContain("second call: Cached");
    const second = await runExample("caching", [], first.home);
    expect(second.stdout).toContain("function ran 0 time(s)");
    const runs = await flowRunsOf(second.client, "caching-flow");
    expect(runs).toHaveLength(2);
  });

  it("subflows: child runs point at parent task runs", async () => {
    const { stdout, client } = await runExample("subflows");
    expect(stdout).toContain("loaded 6 rows through 4 subflow runs");
    const [parent] = await flowRunsOf(client, "etl-flow");
    const parentTaskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [parent!.id] } } });
    const children = [...(await flowRunsOf(client, "extract-flow")), ...(await flowRunsOf(client, "load-flow"))];
    expect(children).toHaveLength(4);
    expect(new Set(children.map((c) => c.parentTaskRunId))).toEqual(new Set(parentTaskRuns.map((t) => t.id)));
  });

  it("logging: levels and logPrints stored as run logs", async () => {
    const { stdout, client } = await runExample("logging");
    expect(stdout).toContain("sizes: 5, 4");
    const [flowRun] = await flowRunsOf(client, "logging-flow");
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [flowRun!.id] } } });
    const levels = new Map(logs.map((l) => [l.message, l.level]));
    expect(levels.get("disk is 91% full")).toBe(30);
    expect(levels.get("processing alpha")).toBe(20);
    expect(levels.has("a debug detail")).toBe(false);
  });

  it("concurrency: Promise.all and map", async () => {
    const { stdout, client } = await runExample("concurrency");
    expect(stdout).toContain("scaled: 20, 40, 60, 80, 100");
    const [flowRun] = await flowRunsOf(client, "concurrent-flow");
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRun!.id] } } });
    expect(taskRuns).toHaveLength(10);
  });

  it("zod-parameters: coerced parameters stored, invalid call fails naming fields", async () => {
    const { stdout, client } = await runExample("zod-parameters");
    expect(stdout).toContain("5-day metric forecast for Lisbon");
    expect(stdout).toContain("rejected: city");
    expect(stdout).toContain("days (");
    const runs = await flowRunsOf(client, "forecast-flow");
    expect(runs.map((r) => r.state?.type).sort()).toEqual(["COMPLETED", "FAILED"]);
    expect(runs.find((r) => r.state?.type === "COMPLETED")?.parameters).toEqual({
      city: "Lisbon",
      days: 5,
      units: "metric",
    });
  });

  it("remote-server: runs a flow against a started server and reads it back", async () => {
    const { stdout } = await runExample("remote-server");
    expect(stdout).toMatch(/server listening on http:\/\/127\.0\.0\.1:\d+\/api/);
    expect(stdout).toContain("sum: 10");
    expect(stdout).toMatch(/flow run '.+' is COMPLETED with 4 task runs/);
  });

  it("serve + trigger-deployment: a served flow runs when triggered by the client and by runDeployment", async () => {
    const home = await mkdtemp(join(tmpdir(), "prefect-ts-example-serve-"));
    homes.push(home);
    const env: Record<string, string | undefined> = { ...process.env, PREFECT_HOME: home };
    delete env.PREFECT_API_URL;
    const served = spawn(process.execPath, [...TS_RUN, join("examples", "serve.ts")], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    served.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    served.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => served.on("exit", (code) => resolve(code)));
    try {
      await waitFor(() => output.includes("being served") || served.exitCode !== null, {
        timeoutMs: 90_000,
        message: "the serve example to start",
      });
      expect(output).toContain("$ prefect-ts deployment run 'repo-info/hourly'");
      const { stdout, client } = await runExample("trigger-deployment", [], home);
      expect(stdout).toMatch(/created flow run '.+' \(.+\)/);
      expect(stdout).toMatch(/flow run '.+' finished in state Completed/);
      const runs = await flowRunsOf(client, "repo-info");
      const triggered = runs.filter((r) => !r.tags.includes("auto-scheduled"));
      expect(
        triggered.map((r) => r.parameters).sort((a, b) => String(a.repoName).localeCompare(String(b.repoName))),
      ).toEqual([{ repoName: "denoland/deno", verbose: true }, { repoName: "nodejs/node" }]);
      // The hourly cron was scheduled ahead by the server's scheduler.
      expect(runs.filter((r) => r.tags.includes("auto-scheduled")).length).toBeGreaterThanOrEqual(3);
    } finally {
      // Only stopped here: its exit code is checked below, so a failure above is the one reported.
      if (served.exitCode === null) served.kill("SIGINT");
    }
    expect(await exited, output).toBe(0);
  }, 180_000);

  it("deploy: deploys to a process pool and the worker runs it; the module's main part never runs in the worker's child", async () => {
    const home = await mkdtemp(join(tmpdir(), "prefect-ts-example-deploy-"));
    homes.push(home);
    const env: Record<string, string | undefined> = { ...process.env, PREFECT_HOME: home };
    delete env.PREFECT_API_URL;
    const cli = CLI_ENTRY;
    // The example's own prerequisite, set up in-process through the CLI's entry; the worker and the example are processes.
    await cliOkInProcess(["work-pool", "create", "--type", "process", "tutorial-process-pool"], { PREFECT_HOME: home });
    const worker = spawn(process.execPath, [...cli, "worker", "start", "--pool", "tutorial-process-pool"], {
      cwd: root,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    worker.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    worker.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => worker.on("exit", (code) => resolve(code)));
    try {
      const { stdout, client } = await runExample("deploy", [], home);
      expect(stdout).toContain("get-repo-info/my-first-deployment (work pool 'tutorial-process-pool')");
      expect(stdout).toMatch(/flow run '.+' finished in state Completed/);
      const runs = await flowRunsOf(client, "get-repo-info");
      // One run: the child that loaded examples/deploy.ts stopped at its deploy() call and triggered nothing.
      expect(runs.map((r) => [r.parameters, r.state?.type])).toEqual([[{ repoName: "nodejs/node" }, "COMPLETED"]]);
      expect(await client.readDeployments()).toHaveLength(1);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGTERM");
    }
    expect(await exited, output).toBe(0);
  }, 180_000);
});

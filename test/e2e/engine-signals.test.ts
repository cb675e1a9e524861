// A flow run whose process receives SIGTERM, or dies of an uncaught error, ends Crashed (not Running forever),
// with its task runs flushed first, as with Prefect's engine.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, expect, it } from "vitest";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { waitFor } from "../../src/testing/index.js";
import { TS_RUN } from "../helpers/cli-entry.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const homes: string[] = [];

afterAll(async () => {
  await closeEmbeddedServers();
  await Promise.all(homes.map((h) => rm(h, { recursive: true, force: true })));
});

function startScript(script: string, home: string) {
  const env: Record<string, string | undefined> = { ...process.env, PREFECT_HOME: home };
  delete env.PREFECT_API_URL;
  const child = spawn(process.execPath, [...TS_RUN, "--input-type=module", "-e", script], {
    cwd: root,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const out = { stdout: "", stderr: "" };
  child.stdout.on("data", (d: Buffer) => (out.stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, out, exited };
}

async function onlyRun(home: string, flowName: string) {
  const client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home } }) });
  const [run] = await client.readFlowRuns({ flowFilter: { name: { any_: [flowName] } } });
  const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [run!.id] } } });
  return { run: run!, taskRuns };
}

it("marks the running flow run Crashed on SIGTERM and exits by the signal", async () => {
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-signal-"));
  homes.push(home);
  const { child, out, exited } = startScript(
    `
    const { flow, task } = await import("prefect-ts");
    const step = task(function step() { return 1; });
    const forever = flow({ name: "forever-flow" }, async () => {
      await step();
      console.log("started");
      await new Promise(() => setInterval(() => {}, 1000));
    });
    await forever();
  `,
    home,
  );
  await waitFor(() => out.stdout.includes("started"), { timeoutMs: 30_000, message: "the flow to start" });
  child.kill("SIGTERM");
  expect((await exited).signal).toBe("SIGTERM");
  const { run, taskRuns } = await onlyRun(home, "forever-flow");
  expect(run.state?.type).toBe("CRASHED");
  expect(run.state?.message).toContain("SIGTERM");
  expect(taskRuns.map((t) => t.state?.type)).toEqual(["COMPLETED"]);
});

it("marks the flow run Crashed when the process dies of an uncaught error", async () => {
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-uncaught-"));
  homes.push(home);
  const { out, exited } = startScript(
    `
    const { flow, task } = await import("prefect-ts");
    const step = task(function step() { return 1; });
    const doomed = flow({ name: "doomed-flow" }, async () => {
      await step();
      setTimeout(() => { throw new Error("kaboom"); }, 10);
      await new Promise(() => setInterval(() => {}, 1000));
    });
    await doomed();
  `,
    home,
  );
  expect((await exited).code).toBe(1);
  expect(out.stderr).toContain("Error: kaboom");
  const { run, taskRuns } = await onlyRun(home, "doomed-flow");
  expect(run.state?.type).toBe("CRASHED");
  expect(run.state?.message).toContain("kaboom");
  expect(taskRuns.map((t) => t.state?.type)).toEqual(["COMPLETED"]);
});

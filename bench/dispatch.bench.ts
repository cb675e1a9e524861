// Dispatch latency of a served .ts flow: from `createFlowRunFromDeployment` to the child's Running state (its
// timestamp on the server), over sequential runs, with `serve()` in its own process as a user runs it: once on the
// embedded database (trigger from another process), once against a server in a third process.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { closeEmbeddedServers, getClient } from "../src/connect.js";
import type { PrefectClient } from "../src/client/index.js";
import { resolveSettings } from "../src/settings/index.js";
import { childServer } from "./child-server.js";
import { figure, type Figure } from "./figure.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, "..");
const RUNS = Number(process.env.BENCH_DISPATCH_RUNS ?? 100);
const SPACING_MS = Number(process.env.BENCH_DISPATCH_SPACING_MS ?? 1500);

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PREFECT_")) env[k] = v;
  return { ...env, ...extra };
}

async function startServing(env: Record<string, string>): Promise<ChildProcess> {
  // Without the source condition "prefect-ts" is the built package (dist/), as a user runs it: `npm run bench` builds first.
  const child = spawn(process.execPath, ["--import", "tsx", join(here, "fixtures/served-noop.ts")], {
    cwd: ROOT,
    env: cleanEnv(env),
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes("being served")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`serve() exited with code ${code}`)));
  });
  child.stdout?.resume();
  return child;
}

async function measure(client: PrefectClient): Promise<number[]> {
  const dep = await client.readDeploymentByName("noop/bench");
  const samples: number[] = [];
  let last = 0;
  for (let i = 0; i < RUNS; i++) {
    // Runs arrive SPACING_MS apart (from one trigger to the next), as triggered work does, not back to back: each
    // run's process is started ahead by the runner, and its start-up (~1 s of CPU) takes that long to replace.
    await new Promise((r) => setTimeout(r, Math.max(0, last + SPACING_MS - Date.now())));
    last = Date.now();
    const t0 = Date.now();
    const run = await client.createFlowRunFromDeployment(dep.id, { parameters: { n: i } });
    for (;;) {
      const current = await client.readFlowRun(run.id);
      if (current.state?.type === "COMPLETED" || current.state?.type === "CRASHED" || current.state?.type === "FAILED") break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const states = await client.readFlowRunStates(run.id);
    const running = states.find((s) => s.type === "RUNNING");
    if (!running?.timestamp) throw new Error(`run ${run.id} never ran`);
    samples.push(running.timestamp.getTime() - t0);
  }
  return samples;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

export async function run(): Promise<Figure[]> {
  const figures: Figure[] = [];
  const home = mkdtempSync(join(tmpdir(), "prefect-ts-bench-dispatch-"));
  try {
    const served = await startServing({ PREFECT_HOME: home });
    const client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home } }) });
    const samples = await measure(client);
    await stop(served);
    await closeEmbeddedServers();
    figures.push(figure("dispatch: createFlowRunFromDeployment -> Running, embedded", "ms", samples, "<= 300", `serve() and the trigger in separate processes; runs ${SPACING_MS} ms apart`));

    const server = await childServer();
    const remoteHome = mkdtempSync(join(tmpdir(), "prefect-ts-bench-dispatch-"));
    const remote = await startServing({ PREFECT_HOME: remoteHome, PREFECT_API_URL: server.apiUrl });
    const remoteClient = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: remoteHome, PREFECT_API_URL: server.apiUrl } }) });
    const remoteSamples = await measure(remoteClient);
    await stop(remote);
    await server.stop();
    rmSync(remoteHome, { recursive: true, force: true });
    figures.push(figure("dispatch: createFlowRunFromDeployment -> Running, server start", "ms", remoteSamples, "<= 300", `server, serve() and the trigger in three processes; runs ${SPACING_MS} ms apart`));
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return figures;
}

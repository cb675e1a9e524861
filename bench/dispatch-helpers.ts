// What the dispatch and worker benches share: a long-lived prefect-ts process started with a clean environment
// (ready once it prints a line), and the trigger -> Running latency of runs triggered one after another.
import { spawn, type ChildProcess } from "node:child_process";
import type { PrefectClient } from "../src/client/index.js";

const FINAL = new Set(["COMPLETED", "FAILED", "CRASHED", "CANCELLED"]);

/** This process's environment without any PREFECT_* variable, plus `extra`. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("PREFECT_")) env[k] = v;
  return { ...env, ...extra };
}

/** Starts `node ...args` in `cwd` and resolves once its stdout shows `ready` (rejects if it exits first). */
export async function startUntil(
  args: string[],
  options: { cwd: string; env: Record<string, string>; ready: string; stderr?: "inherit" | "ignore" },
): Promise<ChildProcess> {
  const child = spawn(process.execPath, args, {
    cwd: options.cwd,
    env: cleanEnv(options.env),
    stdio: ["ignore", "pipe", options.stderr ?? "inherit"],
  });
  await new Promise<void>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(options.ready)) resolve();
    });
    child.once("exit", (code) => reject(new Error(`${args.join(" ")} exited with code ${code}`)));
  });
  child.stdout?.resume();
  return child;
}

/** SIGTERM, then wait for the exit. */
export async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await exited;
}

/** Waits until every run of `ids` is in a final state. */
export async function finished(client: PrefectClient, ids: readonly string[]): Promise<void> {
  for (;;) {
    const runs = await client.readFlowRuns({ flowRunFilter: { id: { any_: [...ids] } }, limit: ids.length });
    if (runs.filter((r) => FINAL.has(r.state?.type ?? "")).length === ids.length) return;
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The first time a run entered each state type (ms since the epoch, from the server's state timestamps). */
export async function stateTimes(client: PrefectClient, id: string): Promise<Record<string, number>> {
  const times: Record<string, number> = {};
  for (const s of await client.readFlowRunStates(id))
    if (s.timestamp && times[s.type] === undefined) times[s.type] = s.timestamp.getTime();
  return times;
}

/**
 * `runs` runs of the deployment triggered `spacingMs` apart (from one trigger to the next, as triggered work arrives,
 * not back to back: a pre-started executor takes that long to replace), each waited for: trigger -> its Running.
 */
export async function triggerToRunning(
  client: PrefectClient,
  deploymentId: string,
  runs: number,
  spacingMs: number,
): Promise<number[]> {
  const samples: number[] = [];
  let last = 0;
  for (let i = 0; i < runs; i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, last + spacingMs - Date.now())));
    last = Date.now();
    const t0 = Date.now();
    const run = await client.createFlowRunFromDeployment(deploymentId, { parameters: { n: i } });
    await finished(client, [run.id]);
    const running = (await stateTimes(client, run.id)).RUNNING;
    if (running === undefined) throw new Error(`run ${run.id} never ran`);
    samples.push(running - t0);
  }
  return samples;
}

// The seed-000 journey with Prefect's own CLI, Python SDK and process worker against any Prefect API (ours or
// Prefect's): `prefect work-pool create`, `flow.from_source(...).deploy(...)`, `prefect worker start`, `prefect
// deployment run --watch`, each step timed. Shared by python-worker-journey.test.ts and bench/python-journey.bench.ts.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";

/** The journey's flow: three tasks and a log line. */
export const JOURNEY_FLOWS = `
from prefect import flow, task, get_run_logger

@task
def double(x: int) -> int:
    return x * 2

@flow(name="py-journey")
def journey(n: int = 3) -> int:
    get_run_logger().info("journey running")
    return sum(double(i) for i in range(n))
`;

/** What a step printed and how it exited. */
export interface StepResult {
  readonly code: number | null;
  readonly out: string;
}

/** Runs `command args` to completion. */
export function runStep(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<StepResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (out += d.toString()));
    child.on("close", (code) => resolve({ code, out }));
  });
}

/** The journey's outcome: each step's result and wall time (ms), in order, and the names it used. */
export interface JourneyResult {
  readonly steps: readonly { readonly name: string; readonly ms: number; readonly result: StepResult }[];
  readonly totalMs: number;
  readonly pool: string;
  readonly deployment: string;
}

/** Where and against what to run the journey. */
export interface JourneyOptions {
  /** The Prefect API to run against. */
  readonly apiUrl: string;
  /** The peer's Python (Prefect 3.8.3 installed beside it, `prefect` in the same bin folder). */
  readonly python: string;
  /** A scratch folder (HOME, PREFECT_HOME, the flow's source). */
  readonly dir: string;
  /** Suffix for the pool and deployment names, so that runs on one server do not collide. @default "" */
  readonly suffix?: string;
}

/**
 * Runs the journey; the worker is stopped (SIGTERM, then SIGKILL after 10 s) before it resolves. Stops at the
 * first step that fails (its result is the last one).
 */
export async function runPythonJourney(options: JourneyOptions): Promise<JourneyResult> {
  const { apiUrl, python, dir } = options;
  const suffix = options.suffix ?? "";
  const pool = `py-pool${suffix}`;
  const deployment = `py-dep${suffix}`;
  const prefect = join(dirname(python), "prefect");
  const env: NodeJS.ProcessEnv = {
    PATH: `${dirname(python)}:${process.env.PATH}`,
    HOME: dir,
    PREFECT_HOME: join(dir, "home"),
    PREFECT_API_URL: apiUrl,
    DO_NOT_TRACK: "1",
  };
  const project = join(dir, "proj");
  mkdirSync(project, { recursive: true });
  writeFileSync(join(project, "flows.py"), JOURNEY_FLOWS);
  writeFileSync(
    join(dir, "deploy.py"),
    `from prefect import flow\nflow.from_source(source=${JSON.stringify(project)}, entrypoint="flows.py:journey").deploy(name=${JSON.stringify(deployment)}, work_pool_name=${JSON.stringify(pool)})\n`,
  );
  const steps: { name: string; ms: number; result: StepResult }[] = [];
  const started = performance.now();
  const step = async (name: string, command: string, args: string[]): Promise<boolean> => {
    const s = performance.now();
    const result = await runStep(command, args, env, dir);
    steps.push({ name, ms: performance.now() - s, result });
    return result.code === 0;
  };
  let worker: ChildProcess | undefined;
  try {
    if (!(await step("work-pool create", prefect, ["work-pool", "create", pool, "--type", "process"]))) return done();
    if (!(await step("from_source().deploy()", python, [join(dir, "deploy.py")]))) return done();
    worker = spawn(prefect, ["worker", "start", "--pool", pool], { env, cwd: dir, stdio: "ignore" });
    await step("deployment run --watch", prefect, [
      "deployment",
      "run",
      `py-journey/${deployment}`,
      "--watch",
      "--watch-timeout",
      "240",
    ]);
    return done();
  } finally {
    await stop(worker);
  }

  function done(): JourneyResult {
    return { steps, totalMs: performance.now() - started, pool, deployment };
  }
}

async function stop(worker: ChildProcess | undefined): Promise<void> {
  if (worker === undefined || worker.exitCode !== null || worker.signalCode !== null) return;
  // Prefect's worker may take its time over SIGTERM: wait a little, then SIGKILL.
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.kill("SIGTERM");
  const force = setTimeout(() => worker.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(force);
}

// Start-up times of the built package (absolute, whole process): `import "prefect-ts"` (with and without a
// getClient() call), a script's first flow call on the embedded server, `prefect-ts --help`, and `prefect-ts server
// start` until GET /api/health answers. Builds dist/ first when it is missing.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { figure, type Figure } from "./figure.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = 10;

function ensureBuilt(): void {
  if (existsSync(join(root, "dist", "index.js")) && existsSync(join(root, "dist", "cli", "main.js"))) return;
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    { cwd: root, stdio: "ignore" },
  );
}

/** Wall times of `node args` after one unmeasured run (disk cache). */
function timeProcess(args: string[], env: NodeJS.ProcessEnv = process.env): number[] {
  const times: number[] = [];
  for (let i = 0; i <= RUNS; i++) {
    const s = performance.now();
    execFileSync(process.execPath, args, { cwd: root, stdio: "ignore", env });
    if (i > 0) times.push(performance.now() - s);
  }
  return times;
}

/** One flow with one task, as a user's first script: prints the first call's ms (after the import) on stdout. */
function flowScript(entry: string): string {
  return `
    const { flow, task } = await import(${JSON.stringify(entry)});
    const add = task(async function add(a, b) { return a + b; });
    const hello = flow({ name: "startup-bench" }, async (x) => add(x, 1));
    const start = performance.now();
    await hello(1);
    process.stdout.write(String(performance.now() - start));
  `;
}

/**
 * The flow script run in a fresh process on the embedded server (no PREFECT_API_URL): the first call's time, measured
 * in the script, and the whole process's wall time. With `reuseHome` every run after an unmeasured one finds the
 * database made; otherwise each run starts from an empty PREFECT_HOME, as a user's very first script does.
 */
async function firstFlowCall(entry: string, reuseHome: boolean): Promise<{ call: number[]; process: number[] }> {
  const call: number[] = [];
  const whole: number[] = [];
  const shared = await mkdtemp(join(tmpdir(), "prefect-ts-first-flow-"));
  try {
    for (let i = 0; i <= RUNS; i++) {
      const home = reuseHome ? shared : await mkdtemp(join(tmpdir(), "prefect-ts-first-flow-"));
      const env = { ...process.env, PREFECT_HOME: home, PREFECT_API_URL: "" };
      const start = performance.now();
      const out = execFileSync(process.execPath, ["--input-type=module", "-e", flowScript(entry)], {
        cwd: root,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "ignore"],
      });
      const elapsed = performance.now() - start;
      if (!reuseHome) await rm(home, { recursive: true, force: true });
      if (i === 0) continue; // unmeasured: disk cache (and, with reuseHome, the database's creation)
      call.push(Number(out));
      whole.push(elapsed);
    }
  } finally {
    await rm(shared, { recursive: true, force: true });
  }
  return { call, process: whole };
}

/** Spawn-to-healthy time of `prefect-ts server start --port 0` on a fresh PREFECT_HOME. */
async function serverReady(): Promise<number> {
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-startup-"));
  const start = performance.now();
  const child = spawn(process.execPath, [join(root, "dist", "cli", "main.js"), "server", "start", "--port", "0"], {
    cwd: root,
    env: { ...process.env, PREFECT_HOME: home, PREFECT_API_URL: "" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const rl = createInterface({ input: child.stdout! });
      rl.on("line", (line) => {
        const m = /running at (http:\/\/\S+)/.exec(line);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`server start exited with code ${code}`)));
    });
    for (;;) {
      const res = await fetch(`${url}/api/health`).catch(() => undefined);
      if (res?.ok) break;
    }
    return performance.now() - start;
  } finally {
    child.kill("SIGTERM");
    await exited;
    await rm(home, { recursive: true, force: true });
  }
}

/** Runs the start-up benchmarks. */
export async function run(): Promise<Figure[]> {
  ensureBuilt();
  const bare = timeProcess(["-e", "0"]);
  const base = [...bare].sort((a, b) => a - b)[Math.floor(bare.length / 2)]!;
  const entry = pathToFileURL(join(root, "dist", "index.js")).href;
  const sdk = timeProcess(["--input-type=module", "-e", `await import(${JSON.stringify(entry)})`]);
  // getClient() builds a real PrefectClient; its transport and resource code load on its first request, not here.
  const withClient = timeProcess(
    ["--input-type=module", "-e", `(await import(${JSON.stringify(entry)})).getClient()`],
    {
      ...process.env,
      PREFECT_API_URL: "",
    },
  );
  const firstRun = await firstFlowCall(entry, false);
  const laterRun = await firstFlowCall(entry, true);
  const help = timeProcess([join(root, "dist", "cli", "main.js"), "--help"]);
  const ready: number[] = [];
  await serverReady(); // unmeasured: disk cache
  for (let i = 0; i < RUNS; i++) ready.push(await serverReady());
  const note = `absolute wall time of the whole process; bare \`node -e 0\` p50 ${base.toFixed(0)} ms`;
  return [
    figure("SDK import (node process)", "ms", sdk, undefined, note),
    figure(
      "SDK import minus bare node",
      "ms",
      sdk.map((t) => t - base),
      "<= 60",
      'import("prefect-ts") of dist/',
    ),
    figure(
      "SDK import + getClient() minus bare node",
      "ms",
      withClient.map((t) => t - base),
      "<= 60",
      "no request made: nothing more loads",
    ),
    figure(
      "first flow run, fresh process (embedded)",
      "ms",
      firstRun.call,
      "<= 300",
      "the first call of one flow with one task, after the import; empty PREFECT_HOME: the client, the server and the database are made",
    ),
    figure(
      "first flow run, database already made",
      "ms",
      laterRun.call,
      undefined,
      "as above, every run on the same PREFECT_HOME (a user's every later script)",
    ),
    figure("flow script, whole process (embedded)", "ms", firstRun.process, undefined, `${note}; empty PREFECT_HOME`),
    figure("prefect-ts --help", "ms", help, "<= 400", note),
    figure("server start until /api/health answers", "ms", ready, "<= 1000", "fresh PREFECT_HOME each run, port 0"),
  ];
}

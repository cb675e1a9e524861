// Start-up times of the built package (absolute, whole process): `import "prefect-ts"` (with and without a
// getClient() call), `prefect-ts --help`, and `prefect-ts server start` until GET /api/health answers. Builds dist/
// first when it is missing.
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
    figure("prefect-ts --help", "ms", help, "<= 400", note),
    figure("server start until /api/health answers", "ms", ready, "<= 1000", "fresh PREFECT_HOME each run, port 0"),
  ];
}

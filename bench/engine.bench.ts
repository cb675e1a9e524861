// Engine overheads: per-task and per-flow-call cost over a no-op baseline, and task-run throughput (sequential
// and at concurrency 16, flush included), each in-process and over loopback HTTP; plus the SDK import time.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { resolveSettings } from "../src/settings/index.js";
import { withClient } from "../src/engine/client-provider.js";
import { setConsoleWriter } from "../src/engine/logger.js";
import { flow } from "../src/flow.js";
import { task } from "../src/task.js";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { PrefectClient } from "../src/client/index.js";
import { createTestServer } from "../src/testing/index.js";
import { childServer } from "./child-server.js";
import { figure, type Figure } from "./figure.js";

/** In-process: the embedded app called directly. http: `prefect-ts server start` in another process, over loopback. */
type Transport = "in-process" | "http";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

async function noop(): Promise<void> {}

async function withServer<T>(transport: Transport, fn: () => Promise<T>): Promise<T> {
  if (transport === "in-process") {
    const server = await createTestServer({ transport });
    const settings = resolveSettings({ env: { PREFECT_HOME: server.home, PREFECT_LOGGING_LEVEL: "WARNING" } });
    try {
      return await withClient(server.client, fn, { settings });
    } finally {
      await server.close();
    }
  }
  // Over loopback the server runs in its own process, as a standalone server does: the flows here must
  // not share its event loop, or every request's server work would be counted as client overhead.
  const server = await childServer();
  const home = await mkdtemp(join(tmpdir(), "prefect-ts-engine-bench-"));
  const settings = resolveSettings({ env: { PREFECT_HOME: home, PREFECT_LOGGING_LEVEL: "WARNING" } });
  try {
    return await withClient(new PrefectClient({ apiUrl: server.apiUrl }), fn, { settings });
  } finally {
    await server.stop();
    await rm(home, { recursive: true, force: true });
  }
}

async function perTask(transport: Transport): Promise<Figure> {
  const t = task(function noopTask() {});
  const calls = 1000;
  const taskTimes: number[] = [];
  const baseTimes: number[] = [];
  const f = flow({ name: "bench-per-task" }, async () => {
    for (let i = 0; i < calls; i++) {
      let s = performance.now();
      await noop();
      baseTimes.push(performance.now() - s);
      s = performance.now();
      await t();
      taskTimes.push(performance.now() - s);
    }
  });
  await withServer(transport, async () => {
    await f(); // warm-up: flow creation, JIT
    taskTimes.length = 0;
    baseTimes.length = 0;
    await f();
  });
  const base = [...baseTimes].sort((a, b) => a - b)[Math.floor(baseTimes.length / 2)] ?? 0;
  const target = transport === "in-process" ? "<= 0.3" : "<= 1";
  return figure(
    `per-task overhead (${transport})`,
    "ms",
    taskTimes.map((x) => Math.max(0, x - base)),
    target,
    "no-op task in a flow minus the same loop without task()",
  );
}

async function perFlow(transport: Transport): Promise<Figure> {
  const f = flow({ name: "bench-noop-flow" }, async () => {});
  const times: number[] = [];
  await withServer(transport, async () => {
    // Steady state: 10 warm-up calls left the request path in V8's baseline tiers (p50 ~0.3 ms higher).
    for (let i = 0; i < 100; i++) await f();
    for (let i = 0; i < 300; i++) {
      const s = performance.now();
      await f();
      times.push(performance.now() - s);
    }
  });
  const target = transport === "in-process" ? "<= 1.5" : "<= 5";
  return figure(
    `flow-call overhead (${transport})`,
    "ms",
    times,
    target,
    "no-op flow: created, Running, Completed, logs, all stored",
  );
}

async function throughput(transport: Transport, concurrency: number): Promise<Figure> {
  const t = task(function noopTask() {});
  const n = 500;
  const f = flow({ name: "bench-throughput" }, async () => {
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < n) {
          next++;
          await t();
        }
      }),
    );
  });
  const rates: number[] = [];
  await withServer(transport, async () => {
    await f();
    for (let round = 0; round < 3; round++) {
      const s = performance.now();
      await f(); // returns after every task run and state is stored
      rates.push(n / ((performance.now() - s) / 1000));
    }
  });
  const label = concurrency === 1 ? "sequential" : `concurrency ${concurrency}`;
  const target = concurrency === 1 ? ">= 3000" : ">= 5000";
  return figure(
    `task runs/s, ${label} (${transport})`,
    "runs/s",
    rates,
    target,
    `${n} task runs per flow, all states stored before the flow returns`,
  );
}

function timeNode(args: string[]): number[] {
  const times: number[] = [];
  for (let i = 0; i < 6; i++) {
    const s = performance.now();
    execFileSync(process.execPath, args, { cwd: root, stdio: "ignore" });
    if (i > 0) times.push(performance.now() - s);
  }
  return times;
}

/** The built entry: dist/ when the package is built, else a private build under node_modules/.cache. */
function builtEntry(): string {
  const dist = join(root, "dist", "index.js");
  if (existsSync(dist)) return dist;
  const outDir = join(root, "node_modules", ".cache", "prefect-ts-bench", "dist");
  execFileSync(
    process.execPath,
    [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json", "--outDir", outDir],
    {
      cwd: root,
      stdio: "ignore",
    },
  );
  return join(outDir, "index.js");
}

function importTime(): Figure[] {
  let entry: string;
  try {
    entry = builtEntry();
  } catch {
    return [];
  }
  const url = pathToFileURL(entry).href;
  const baseline = timeNode(["-e", "0"]);
  const base = [...baseline].sort((a, b) => a - b)[Math.floor(baseline.length / 2)] ?? 0;
  const times = timeNode(["-e", `import(${JSON.stringify(url)})`]);
  return [
    figure(
      "SDK import time (import minus bare node start)",
      "ms",
      times.map((t) => Math.max(0, t - base)),
      "<= 150",
      `bare \`node -e 0\` p50 ${base.toFixed(0)} ms`,
    ),
    figure("SDK import time (whole node process)", "ms", times),
  ];
}

/** Runs the engine benchmarks. */
export async function run(): Promise<Figure[]> {
  const restore = setConsoleWriter(() => {});
  const figures: Figure[] = [];
  try {
    for (const transport of ["in-process", "http"] as const) {
      figures.push(await perTask(transport));
      figures.push(await perFlow(transport));
      figures.push(await throughput(transport, 1));
      figures.push(await throughput(transport, 16));
    }
  } finally {
    setConsoleWriter(restore);
  }
  figures.push(...importTime());
  return figures;
}

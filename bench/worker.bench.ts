// The process worker as a user runs it (`prefect-ts worker start --pool P --limit 8` in its own process, dist/ build),
// a no-op `.ts` flow deployed to its pool: throughput (a burst of runs to Completed, and the share of each run spent
// starting its process: Pending -> Running over Pending -> Completed), and trigger -> Running latency, on the embedded
// database and against a server in a third process.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FlowRun, PrefectClient } from "../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../src/connect.js";
import { deployEntrypoint } from "../src/deploy/deploy-entrypoint.js";
import { resolveSettings } from "../src/settings/index.js";
import { childServer } from "./child-server.js";
import { finished, startUntil, stateTimes, stop, triggerToRunning } from "./dispatch-helpers.js";
import { figure, type Figure } from "./figure.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, "..");
const BURST = Number(process.env.BENCH_WORKER_BURST ?? 40);
const RUNS = Number(process.env.BENCH_WORKER_RUNS ?? 50);
const SPACING_MS = Number(process.env.BENCH_WORKER_SPACING_MS ?? 1500);
const POOL = "bench-pool";

function startWorker(env: Record<string, string>): Promise<ChildProcess> {
  return startUntil([join(ROOT, "dist/cli/main.js"), "worker", "start", "--pool", POOL, "--limit", "8"], {
    cwd: ROOT,
    env,
    ready: "started!",
    stderr: process.env.BENCH_WORKER_STDERR ? "inherit" : "ignore",
  });
}

/** A burst of runs created at once: runs/s to the last Completed, and the start-up share of each run. */
async function throughput(
  client: PrefectClient,
  deploymentId: string,
): Promise<{ perSecond: number; startupShare: number[] }> {
  const t0 = Date.now();
  const runs: FlowRun[] = await Promise.all(
    Array.from({ length: BURST }, (_, i) => client.createFlowRunFromDeployment(deploymentId, { parameters: { n: i } })),
  );
  await finished(
    client,
    runs.map((r) => r.id),
  );
  const perSecond = BURST / ((Date.now() - t0) / 1000);
  const startupShare: number[] = [];
  for (const run of runs) {
    const t = await stateTimes(client, run.id);
    if (t.PENDING && t.RUNNING && t.COMPLETED)
      startupShare.push((100 * (t.RUNNING - t.PENDING)) / (t.COMPLETED - t.PENDING));
  }
  return { perSecond, startupShare };
}

async function measure(env: Record<string, string>, label: string, withThroughput: boolean): Promise<Figure[]> {
  const client = getClient({ settings: resolveSettings({ env }) });
  await client.createWorkPool({ name: POOL, type: "process" });
  const deployed = await deployEntrypoint("bench/fixtures/served-noop.ts:noop", {
    name: "bench",
    workPoolName: POOL,
    client,
    path: ROOT,
    print: false,
  });
  const worker = await startWorker(env);
  const figures: Figure[] = [];
  try {
    if (withThroughput) {
      const { perSecond, startupShare } = await throughput(client, deployed.id);
      figures.push(
        figure(
          `worker: runs/s through one process worker (--limit 8), no-op .ts flow, ${label}`,
          "runs/s",
          [perSecond],
          ">= 20",
          `${BURST} runs created at once`,
        ),
      );
      figures.push(
        figure(
          `worker: share of a run spent starting its process (Pending -> Running), ${label}`,
          "%",
          startupShare,
          undefined,
          "of Pending -> Completed",
        ),
      );
    }
    const samples = await triggerToRunning(client, deployed.id, RUNS, SPACING_MS);
    figures.push(
      figure(`worker: trigger -> Running, ${label}`, "ms", samples, "<= 500", `runs ${SPACING_MS} ms apart`),
    );
  } finally {
    await stop(worker);
  }
  return figures;
}

export async function run(): Promise<Figure[]> {
  const home = mkdtempSync(join(tmpdir(), "prefect-ts-bench-worker-"));
  const remoteHome = mkdtempSync(join(tmpdir(), "prefect-ts-bench-worker-"));
  try {
    const figures = await measure({ PREFECT_HOME: home }, "embedded", true);
    await closeEmbeddedServers();
    const server = await childServer();
    try {
      figures.push(
        ...(await measure({ PREFECT_HOME: remoteHome, PREFECT_API_URL: server.apiUrl }, "server start", false)),
      );
    } finally {
      await server.stop();
    }
    return figures;
  } finally {
    rmSync(home, { recursive: true, force: true });
    rmSync(remoteHome, { recursive: true, force: true });
  }
}

// Dispatch latency of a served .ts flow: from `createFlowRunFromDeployment` to the child's Running state (its
// timestamp on the server), over sequential runs, with `serve()` in its own process as a user runs it: once on the
// embedded database (trigger from another process), once against a server in a third process.
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { closeEmbeddedServers, getClient } from "../src/connect.js";
import type { PrefectClient } from "../src/client/index.js";
import { resolveSettings } from "../src/settings/index.js";
import { childServer } from "./child-server.js";
import { startUntil, stop, triggerToRunning } from "./dispatch-helpers.js";
import { figure, type Figure } from "./figure.js";

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, "..");
const RUNS = Number(process.env.BENCH_DISPATCH_RUNS ?? 100);
const SPACING_MS = Number(process.env.BENCH_DISPATCH_SPACING_MS ?? 1500);

async function startServing(env: Record<string, string>): Promise<ChildProcess> {
  // Without the source condition "prefect-ts" is the built package (dist/), as a user runs it: `npm run bench` builds first.
  return startUntil(["--import", "tsx", join(here, "fixtures/served-noop.ts")], {
    cwd: ROOT,
    env,
    ready: "being served",
  });
}

async function measure(client: PrefectClient): Promise<number[]> {
  const dep = await client.readDeploymentByName("noop/bench");
  return triggerToRunning(client, dep.id, RUNS, SPACING_MS);
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
    figures.push(
      figure(
        "dispatch: createFlowRunFromDeployment -> Running, embedded",
        "ms",
        samples,
        "<= 300",
        `serve() and the trigger in separate processes; runs ${SPACING_MS} ms apart`,
      ),
    );

    const server = await childServer();
    const remoteHome = mkdtempSync(join(tmpdir(), "prefect-ts-bench-dispatch-"));
    const remote = await startServing({ PREFECT_HOME: remoteHome, PREFECT_API_URL: server.apiUrl });
    const remoteClient = getClient({
      settings: resolveSettings({ env: { PREFECT_HOME: remoteHome, PREFECT_API_URL: server.apiUrl } }),
    });
    const remoteSamples = await measure(remoteClient);
    await stop(remote);
    await server.stop();
    rmSync(remoteHome, { recursive: true, force: true });
    figures.push(
      figure(
        "dispatch: createFlowRunFromDeployment -> Running, server start",
        "ms",
        remoteSamples,
        "<= 300",
        `server, serve() and the trigger in three processes; runs ${SPACING_MS} ms apart`,
      ),
    );
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
  return figures;
}

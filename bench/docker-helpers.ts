// What the Docker bench needs beyond dispatch-helpers.ts: timed builds of a generated-Dockerfile image (cold: image
// and build cache removed first; cached: rebuilt unchanged), trigger -> Running with the container's own start time,
// and removing what the bench's pool left behind (containers by label, the bench image).
import type Dockerode from "dockerode";
import type { PrefectClient } from "../src/client/index.js";
import { prepareDeploymentImage } from "../src/deploy/image/prepare-image.js";
import type { DeploymentImage } from "../src/deploy/image/deployment-image.js";
import { finished, stateTimes } from "./dispatch-helpers.js";

/** The label the Docker worker puts on its containers (Prefect's `io.prefect.work-pool-name`). */
const POOL_LABEL = "io.prefect.work-pool-name";

/** One timed build. */
export interface TimedBuild {
  ms: number;
  /** Build steps answered from the cache ("Using cache" lines). */
  cachedSteps: number;
  /** Start -> the engine's first step line: packing and sending the context (the engine reads it all first). */
  contextMs: number;
}

/** Removes `reference` and its containers (untagged parents go with it: the classic builder's cache of it). */
export async function removeImage(docker: Dockerode, reference: string): Promise<void> {
  const id = await docker
    .getImage(reference)
    .inspect()
    .then(
      (info) => info.Id,
      () => undefined,
    );
  if (id === undefined) return;
  await removeContainers(docker, await docker.listContainers({ all: true, filters: { ancestor: [id] } }));
  await docker
    .getImage(id)
    .remove({ force: true })
    .catch(() => undefined);
}

/** Builds `image` once through prepareDeploymentImage (push: false), cold (image and build cache removed first) or not. */
export async function timedBuild(docker: Dockerode, image: DeploymentImage, cold: boolean): Promise<TimedBuild> {
  if (cold) {
    await removeImage(docker, image.reference);
    await docker.pruneBuilder().catch(() => undefined);
  }
  let cachedSteps = 0;
  let contextMs: number | undefined;
  const t0 = performance.now();
  await prepareDeploymentImage(image, {
    docker,
    push: false,
    onProgress: (line) => {
      if (line.includes("Using cache")) cachedSteps++;
      if (contextMs === undefined && /^Step \d+\/\d+ :/.test(line.trim())) contextMs = performance.now() - t0;
    },
  });
  const ms = performance.now() - t0;
  return { ms, cachedSteps, contextMs: contextMs ?? ms };
}

/** Removes every container the worker of `pool` started. */
export async function removePoolContainers(docker: Dockerode, pool: string): Promise<number> {
  const containers = await docker.listContainers({ all: true, filters: { label: [`${POOL_LABEL}=${pool}`] } });
  await removeContainers(docker, containers);
  return containers.length;
}

/** Force-removes the listed containers, ignoring ones already gone. */
async function removeContainers(docker: Dockerode, containers: ReadonlyArray<{ Id: string }>): Promise<void> {
  await Promise.all(
    containers.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
}

/** When the container of a run started (ms since the epoch), from its infrastructure pid `<engine>:<container id>`. */
export async function containerStartedAt(
  docker: Dockerode,
  infrastructurePid: string | null | undefined,
): Promise<number | undefined> {
  const id = infrastructurePid?.split(":").at(-1);
  if (!id) return undefined;
  const info = await docker
    .getContainer(id)
    .inspect()
    .catch(() => undefined);
  const started = info ? Date.parse(info.State.StartedAt) : Number.NaN;
  return Number.isFinite(started) ? started : undefined;
}

/** Latency samples of runs triggered one after another. */
export interface DockerLatency {
  /** Trigger -> the run's Running state. */
  triggerToRunning: number[];
  /** The container's start (engine's StartedAt) -> the run's Running state: node and `flow-run execute` start-up. */
  containerToRunning: number[];
  /** Trigger -> the container's start: claim, create and start. */
  triggerToContainer: number[];
}

/**
 * `runs` runs of the deployment triggered `spacingMs` apart (trigger to trigger), each waited for until final;
 * a run that ends without Running is an error naming its final state.
 */
export async function dockerTriggerToRunning(
  client: PrefectClient,
  docker: Dockerode,
  deploymentId: string,
  runs: number,
  spacingMs: number,
): Promise<DockerLatency> {
  const out: DockerLatency = { triggerToRunning: [], containerToRunning: [], triggerToContainer: [] };
  let last = 0;
  for (let i = 0; i < runs; i++) {
    await new Promise((r) => setTimeout(r, Math.max(0, last + spacingMs - Date.now())));
    last = Date.now();
    const t0 = Date.now();
    const run = await client.createFlowRunFromDeployment(deploymentId, { parameters: { repoName: `bench/run-${i}` } });
    await finished(client, [run.id]);
    const running = (await stateTimes(client, run.id)).RUNNING;
    if (running === undefined) {
      const ended = await client.readFlowRun(run.id);
      throw new Error(`run ${run.id} never ran: ${ended.state?.type ?? "no state"} ${ended.state?.message ?? ""}`);
    }
    out.triggerToRunning.push(running - t0);
    const started = await containerStartedAt(docker, (await client.readFlowRun(run.id)).infrastructurePid);
    if (started !== undefined) {
      out.containerToRunning.push(running - started);
      out.triggerToContainer.push(started - t0);
    }
  }
  return out;
}

/** A burst of `count` runs created at once: runs/s to the last final state, and the share of each run before Running. */
export async function dockerBurst(
  client: PrefectClient,
  deploymentId: string,
  count: number,
): Promise<{ perSecond: number; startupShare: number[]; failed: number }> {
  const t0 = Date.now();
  const runs = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      client.createFlowRunFromDeployment(deploymentId, { parameters: { repoName: `bench/burst-${i}` } }),
    ),
  );
  await finished(
    client,
    runs.map((r) => r.id),
  );
  const perSecond = count / ((Date.now() - t0) / 1000);
  const startupShare: number[] = [];
  let failed = 0;
  for (const run of runs) {
    const t = await stateTimes(client, run.id);
    if (t.COMPLETED === undefined) failed++;
    else if (t.PENDING && t.RUNNING) startupShare.push((100 * (t.RUNNING - t.PENDING)) / (t.COMPLETED - t.PENDING));
  }
  return { perSecond, startupShare, failed };
}

/** Polls `check` every 50 ms until it is true, or throws `what` after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(what());
    await new Promise((r) => setTimeout(r, 50));
  }
}

// The Docker path as a user takes it, in a tutorial project with prefect-ts installed from the packed tarball: the
// generated-Dockerfile build (cold and cached), then a `--type docker --limit 4` worker of the project's CLI on the
// embedded database: trigger -> Running per run (and container start -> Running), and runs/s of a burst of 12.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import type Dockerode from "dockerode";
import { closeEmbeddedServers, getClient } from "../src/connect.js";
import { DeploymentImage } from "../src/deploy/image/deployment-image.js";
import { connectDocker } from "../src/docker/engine.js";
import { resolveSettings } from "../src/settings/index.js";
import { BASE_IMAGE, cliArgs, makeUserProject, runIn, startIn } from "../test/docker/user-project.js";
import {
  dockerBurst,
  dockerTriggerToRunning,
  removeImage,
  removePoolContainers,
  timedBuild,
  until,
  type TimedBuild,
} from "./docker-helpers.js";
import { figure, quantile, type Figure } from "./figure.js";

const COLD = Number(process.env.BENCH_DOCKER_COLD ?? 3);
const CACHED = Number(process.env.BENCH_DOCKER_CACHED ?? 5);
const RUNS = Number(process.env.BENCH_DOCKER_RUNS ?? 15);
const BURST = Number(process.env.BENCH_DOCKER_BURST ?? 12);
const SPACING_MS = Number(process.env.BENCH_DOCKER_SPACING_MS ?? 1500);
const POOL = "bench-docker";
const IMAGE_NAME = "prefect-ts-bench-docker";
const IMAGE_TAG = "auto";

/** Build figures: `COLD` cold builds, then `CACHED` unchanged rebuilds. */
async function buildFigures(docker: Dockerode, dir: string): Promise<Figure[]> {
  const image = new DeploymentImage({
    name: IMAGE_NAME,
    tag: IMAGE_TAG,
    dockerfile: "auto",
    dependencies: "copy",
    baseImage: BASE_IMAGE,
    context: dir,
  });
  const cold: TimedBuild[] = [];
  for (let i = 0; i < COLD; i++) cold.push(await timedBuild(docker, image, true));
  const cached: TimedBuild[] = [];
  for (let i = 0; i < CACHED; i++) cached.push(await timedBuild(docker, image, false));
  const hits = (builds: TimedBuild[]) =>
    `context sent in p50 ${(
      quantile(
        builds.map((b) => b.contextMs),
        0.5,
      ) / 1000
    ).toFixed(1)} s; cached steps per build: ${builds.map((b) => b.cachedSteps).join(",")}`;
  return [
    figure(
      "docker: generated-Dockerfile build, cold (copy deps)",
      "s",
      cold.map((b) => b.ms / 1000),
      undefined,
      `image and build cache removed before each; base image local; ${hits(cold)}`,
    ),
    figure(
      "docker: generated-Dockerfile build, cached (unchanged)",
      "s",
      cached.map((b) => b.ms / 1000),
      undefined,
      hits(cached),
    ),
  ];
}

/** Worker figures: the project's worker and deployment of the built image. */
async function workerFigures(docker: Dockerode, dir: string, home: string): Promise<Figure[]> {
  const env = { PREFECT_HOME: home };
  const worker = startIn(
    dir,
    cliArgs(dir, ["worker", "start", "--pool", POOL, "--type", "docker", "--limit", "4"]),
    env,
  );
  try {
    await until(
      () => worker.output().includes("started!") || worker.child.exitCode !== null,
      60_000,
      () => `worker did not start:\n${worker.output()}`,
    );
    if (worker.child.exitCode !== null)
      throw new Error(`worker exited with ${worker.child.exitCode}:\n${worker.output()}`);
    const reference = `${IMAGE_NAME}:${IMAGE_TAG}`;
    const deployed = await runIn(
      dir,
      cliArgs(dir, [
        "deploy",
        "my_flow.ts:getRepoInfo",
        "-n",
        "bench",
        "-p",
        POOL,
        "--image",
        reference,
        "--no-build",
        "--no-push",
      ]),
      env,
    );
    if (deployed.code !== 0)
      throw new Error(`prefect-ts deploy failed (${deployed.code}):\n${deployed.stderr}${deployed.stdout}`);
    const client = getClient({ settings: resolveSettings({ env }) });
    const deployment = await client.readDeploymentByName("get-repo-info/bench");
    const latency = await dockerTriggerToRunning(client, docker, deployment.id, RUNS, SPACING_MS);
    const burst = await dockerBurst(client, deployment.id, BURST);
    const label = "embedded db, --limit 4";
    return [
      figure(
        `docker: trigger -> Running, ${label}`,
        "ms",
        latency.triggerToRunning,
        undefined,
        `runs ${SPACING_MS} ms apart`,
      ),
      figure(
        "docker: trigger -> container started",
        "ms",
        latency.triggerToContainer,
        undefined,
        "claim, create, start",
      ),
      figure(
        "docker: container start -> Running",
        "ms",
        latency.containerToRunning,
        undefined,
        "engine StartedAt -> Running state",
      ),
      figure(
        `docker: runs/s through one docker worker, ${label}`,
        "runs/s",
        [burst.perSecond],
        undefined,
        `${BURST} runs created at once${burst.failed ? `; ${burst.failed} not Completed` : ""}`,
      ),
      figure(
        "docker: share of a run before Running (Pending -> Running)",
        "%",
        burst.startupShare,
        undefined,
        "of Pending -> Completed",
      ),
    ];
  } finally {
    if (worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await closeEmbeddedServers();
  }
}

/** The directory of the packed tarball the project installed (makeUserProject leaves it behind), if found. */
function packDirOf(dir: string): string | undefined {
  const spec = (
    JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { dependencies?: Record<string, string> }
  ).dependencies?.["prefect-ts"];
  if (!spec?.startsWith("file:")) return undefined;
  const packDir = dirname(resolve(dir, spec.slice("file:".length)));
  return basename(packDir).startsWith("prefect-ts-pack-") ? packDir : undefined;
}

export async function run(): Promise<Figure[]> {
  let docker: Dockerode;
  try {
    // A long socket timeout: the engine reads the whole build context (~100 MiB here) before its first output line.
    docker = await connectDocker({ timeoutMs: 600_000 });
  } catch (error) {
    console.log(`Docker figures skipped: ${error instanceof Error ? error.message : String(error)}`);
    return [];
  }
  const dir = makeUserProject();
  // The tutorial's own Dockerfile is not used here ("auto"); removed so the generated one is `Dockerfile` each time.
  rmSync(join(dir, "Dockerfile"), { force: true });
  const home = mkdtempSync(join(tmpdir(), "prefect-ts-bench-docker-"));
  try {
    const figures = await buildFigures(docker, dir);
    figures.push(...(await workerFigures(docker, dir, home)));
    return figures;
  } finally {
    await removePoolContainers(docker, POOL);
    await removeImage(docker, `${IMAGE_NAME}:${IMAGE_TAG}`);
    rmSync(home, { recursive: true, force: true });
    const packDir = packDirOf(dir);
    if (packDir) rmSync(packDir, { recursive: true, force: true });
    if (existsSync(dir)) rmSync(dirname(dir), { recursive: true, force: true });
  }
}

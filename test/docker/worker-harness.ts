// What the Docker worker tests share: a tiny image FROM the local Node base whose `job.mjs` does what a test asks
// (exit with a code, sleep, allocate memory, print), and removing what a pool's runs left behind.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type Dockerode from "dockerode";
import { pack } from "tar-fs";
import { WORK_POOL_NAME_LABEL } from "../../src/worker/docker/container-labels.js";
import { BASE_IMAGE } from "./docker-harness.js";

/** The test image (removed by {@link removeTestImage}). */
export const TEST_IMAGE = "prefect-ts-test-worker:1";

const SCRIPT = `
const [mode, arg] = process.argv.slice(2);
if (mode === "exit") { console.log("exiting with " + arg); process.exit(Number(arg)); }
if (mode === "sleep") { console.log("sleeping"); setTimeout(() => {}, Number(arg) * 1000); }
if (mode === "oom") { const keep = []; for (;;) keep.push(Buffer.alloc(8 * 1024 * 1024, 1)); }
if (mode === "echo") { console.log("out:" + process.env.MSG); console.error("err:" + process.env.MSG); }
`;

/** Builds {@link TEST_IMAGE}: `node /job.mjs <mode> <arg>` (modes exit, sleep, oom, echo). */
export async function buildTestImage(docker: Dockerode): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "prefect-ts-worker-image-"));
  try {
    writeFileSync(join(dir, "job.mjs"), SCRIPT);
    writeFileSync(join(dir, "Dockerfile"), `FROM ${BASE_IMAGE}\nCOPY job.mjs /job.mjs\n`);
    const stream: NodeJS.ReadableStream = await docker.buildImage(pack(dir) as unknown as NodeJS.ReadableStream, {
      t: TEST_IMAGE,
    });
    await new Promise<void>((resolve, reject) => {
      docker.modem.followProgress(
        stream,
        (error: Error | null) => (error ? reject(error) : resolve()),
        (event: { error?: string }) => {
          if (event.error) reject(new Error(event.error));
        },
      );
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Removes every container labelled with one of `pools`. */
export async function removePoolContainers(docker: Dockerode, pools: string[]): Promise<void> {
  for (const pool of pools) {
    const containers = await docker.listContainers({
      all: true,
      filters: { label: [`${WORK_POOL_NAME_LABEL}=${pool}`] },
    });
    await Promise.all(
      containers.map((c) =>
        docker
          .getContainer(c.Id)
          .remove({ force: true })
          .catch(() => undefined),
      ),
    );
  }
}

/** Removes {@link TEST_IMAGE}. */
export async function removeTestImage(docker: Dockerode): Promise<void> {
  const id = await docker
    .getImage(TEST_IMAGE)
    .inspect()
    .then(
      (info) => info.Id,
      () => undefined,
    );
  if (id === undefined) return;
  // Every container of the image first (an image in use is only untagged, left dangling).
  const users = await docker.listContainers({ all: true, filters: { ancestor: [id] } });
  await Promise.all(
    users.map((c) =>
      docker
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined),
    ),
  );
  await docker
    .getImage(id)
    .remove({ force: true })
    .catch(() => undefined);
}

/** Whether a container exists. */
export async function containerExists(docker: Dockerode, id: string): Promise<boolean> {
  try {
    await docker.getContainer(id).inspect();
    return true;
  } catch {
    return false;
  }
}

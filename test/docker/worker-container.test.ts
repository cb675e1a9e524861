// The Docker worker's container runs against a real engine: exit codes, OOM, kill and removal, labels, streamed
// output, pull policies, and finding a pool's running containers again.
import { randomUUID } from "node:crypto";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Dockerode from "dockerode";
import { waitFor } from "../../src/testing/index.js";
import { renderJobConfiguration } from "../../src/worker/job-configuration.js";
import { attachContainerRun, OOM_REASON, startContainerRun } from "../../src/worker/docker/container-run.js";
import { dockerBaseJobTemplate } from "../../src/worker/docker/docker-job-template.js";
import { prepareDockerJob } from "../../src/worker/docker/docker-job.js";
import { ImagePullError } from "../../src/worker/docker/image-pull.js";
import { findRunningJobs } from "../../src/worker/docker/running-containers.js";
import { crashMessage } from "../../src/worker/flow-run-process.js";
import { docker as connect, dockerSuite, dockerUnavailable, REGISTRY } from "./docker-harness.js";
import {
  buildTestImage,
  containerExists,
  removePoolContainers,
  removeTestImage,
  TEST_IMAGE,
} from "./worker-harness.js";

const POOL = `docker-containers-${randomUUID().slice(0, 8)}`;
const logs: string[] = [];
const log = (message: string): void => void logs.push(message);

function job(variables: Record<string, unknown>, runName = "test-run") {
  const run = { id: randomUUID(), name: runName, workPoolName: POOL };
  const configuration = renderJobConfiguration(dockerBaseJobTemplate(), {
    image: TEST_IMAGE,
    stream_output: false,
    ...variables,
  });
  return prepareDockerJob(configuration, run, {
    baseEnv: { PREFECT_API_URL: "http://127.0.0.1:9/api", HOME: "/root" },
  });
}

describe.skipIf(dockerUnavailable !== "")(dockerSuite("Docker worker: container runs"), () => {
  let docker: Dockerode;

  beforeAll(async () => {
    docker = await connect();
    await buildTestImage(docker);
  });

  afterAll(async () => {
    if (!docker) return;
    await removePoolContainers(docker, [POOL]);
    await removeTestImage(docker);
  });

  it("a container that exits 0 ends with code 0, carries Prefect's labels, and stays (auto_remove false)", async () => {
    const spec = job({ command: "node /job.mjs exit 0" });
    const process = await startContainerRun(docker, spec, { log });
    expect(process.pid).toBeUndefined();
    expect(process.infrastructurePid).toMatch(/^unix:\/\/.+:[0-9a-f]{64}$/);
    const id = process.infrastructurePid!.split(":").at(-1)!;
    expect(await process.exited).toEqual({ code: 0, signal: null });
    const info = await docker.getContainer(id).inspect();
    expect(info.Config.Labels).toMatchObject({
      "io.prefect.flow-run-id": spec.flowRunId,
      "io.prefect.work-pool-name": POOL,
      "io.prefect.flow-run-name": "test-run",
    });
    expect(info.Config.Env).toContain(`PREFECT__FLOW_RUN_ID=${spec.flowRunId}`);
    expect(info.Config.Env).not.toContain("HOME=/root");
    expect(info.HostConfig.NetworkMode).toBe("host");
    expect(info.Name).toBe(`/test-run-${spec.flowRunId.slice(0, 8)}`);
  });

  it("a container that exits 3 ends with code 3; auto_remove removes it", async () => {
    const process = await startContainerRun(docker, job({ command: "node /job.mjs exit 3", auto_remove: true }), {
      log,
    });
    const exit = await process.exited;
    expect(exit.code).toBe(3);
    expect(crashMessage(exit)).toContain("exited with non-zero status code 3");
    const id = process.infrastructurePid!.split(":").at(-1)!;
    await waitFor(async () => !(await containerExists(docker, id)), { timeoutMs: 10_000 });
  });

  it("an OOM kill ends with 137 and says OOMKilled", async () => {
    const process = await startContainerRun(
      docker,
      job({ command: "node /job.mjs oom", mem_limit: "32m", memswap_limit: "32m" }),
      { log },
    );
    const exit = await process.exited;
    expect(exit.code).toBe(137);
    expect(exit.reason).toBe(OOM_REASON);
    expect(crashMessage(exit)).toContain("OOMKilled");
  });

  it("kill(SIGTERM) stops a sleeping container and removes it", async () => {
    const process = await startContainerRun(docker, job({ command: "node /job.mjs sleep 120" }), { log });
    const id = process.infrastructurePid!.split(":").at(-1)!;
    await waitFor(async () => (await docker.getContainer(id).inspect()).State.Running, { timeoutMs: 10_000 });
    process.kill("SIGTERM");
    const exit = await process.exited;
    expect(exit.code).toBe(143);
    expect(await containerExists(docker, id)).toBe(false);
  });

  it("streams stdout and stderr to the given output", async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = "";
    let err = "";
    stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    const process = await startContainerRun(
      docker,
      job({ command: "node /job.mjs echo", stream_output: true, env: { MSG: "hello" } }),
      {
        log,
        output: { stdout, stderr },
      },
    );
    expect((await process.exited).code).toBe(0);
    expect(out).toBe("out:hello\n");
    expect(err).toBe("err:hello\n");
  });

  it("finds the pool's running containers again and watches them (exit, kill)", async () => {
    const spec = job({ command: "node /job.mjs sleep 120" });
    const first = await startContainerRun(docker, spec, { log });
    const found = await findRunningJobs(docker, POOL, { log });
    expect(found.map((j) => j.flowRunId)).toEqual([spec.flowRunId]);
    const adopted = found[0]!.process;
    expect(adopted.infrastructurePid).toBe(first.infrastructurePid);
    expect(await findRunningJobs(docker, `${POOL}-other`, { log })).toEqual([]);
    adopted.kill("SIGKILL");
    expect((await adopted.exited).code).toBe(137);
    expect((await first.exited).code).toBe(137);
  });

  it("a container removed by someone else ends without a code, with a reason", async () => {
    const process = await startContainerRun(docker, job({ command: "node /job.mjs sleep 120" }), { log });
    const id = process.infrastructurePid!.split(":").at(-1)!;
    const again = await attachContainerRun(docker, id, { flowRunId: "x", log });
    await docker.getContainer(id).remove({ force: true });
    const exit = await again.exited;
    expect(exit.reason).toContain("was removed while it ran");
    expect((await process.exited).reason).toContain("was removed while it ran");
  });

  it("pull policies: Never refuses an absent image; a failed pull names the image", async () => {
    const never = job({ image: "prefect-ts-test-absent:1", image_pull_policy: "Never" });
    const neverError = await startContainerRun(docker, never, { log }).catch((e: unknown) => e);
    expect(neverError).toBeInstanceOf(ImagePullError);
    expect((neverError as Error).message).toContain('Image "prefect-ts-test-absent:1" is not on the Docker engine');
    const absent = `${REGISTRY}/prefect-ts-test-absent:1`;
    const pullError = await startContainerRun(docker, job({ image: absent }), { log }).catch((e: unknown) => e);
    expect(pullError).toBeInstanceOf(ImagePullError);
    expect((pullError as Error).message).toContain(`Could not pull image "${absent}"`);
    // IfNotPresent with a local image: no pull at all.
    logs.length = 0;
    const local = await startContainerRun(
      docker,
      job({ command: "node /job.mjs exit 0", image_pull_policy: "IfNotPresent" }),
      { log },
    );
    expect((await local.exited).code).toBe(0);
    expect(logs.some((line) => line.startsWith("Pulling"))).toBe(false);
  });
});

// The Docker seed steps (001/004) where a user's defaults used to break, in a project with prefect-ts installed from
// the packed tarball and a docker worker on the same engine: a user Dockerfile without `prefect-ts` on PATH is refused
// at deploy time; tag `latest` without a push runs; `--watch` shows why a run crashed; a redeploy onto a process pool
// drops the image.
import { rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type Dockerode from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { waitFor } from "../../src/testing/index.js";
import { BASE_IMAGE, docker, dockerSuite, dockerUnavailable, REGISTRY } from "./docker-harness.js";
import { cliArgs, makeUserProject, runIn, startIn } from "./user-project.js";
import { waitForRunState } from "../helpers/flow-run-state.js";

const POOL = "seed-docker-pool";
const PROCESS_POOL = "seed-process-pool";
const IMAGES = ["seed-no-path", "seed-latest"];

describe.skipIf(dockerUnavailable !== "")(dockerSuite("Docker seed defaults"), () => {
  let dir: string;
  let env: Record<string, string>;
  let client: PrefectClient;
  let engine: Dockerode;
  let worker: ReturnType<typeof startIn> | undefined;

  const cli = (args: string[], extra: Record<string, string> = {}) =>
    runIn(dir, cliArgs(dir, args), { ...env, ...extra });
  const deployScript = (extra: Record<string, string>) =>
    runIn(dir, ["--import", "tsx", "deploy.ts"], { ...env, POOL, ...extra });

  beforeAll(async () => {
    dir = makeUserProject();
    env = { PREFECT_HOME: join(dirname(dir), "home") };
    client = getClient({ settings: resolveSettings({ env }) });
    engine = await docker();
    expect((await cli(["work-pool", "create", "--type", "docker", POOL])).code).toBe(0);
    expect((await cli(["work-pool", "create", "--type", "process", PROCESS_POOL])).code).toBe(0);
    worker = startIn(dir, cliArgs(dir, ["worker", "start", "--pool", POOL]), env);
    await waitFor(() => (/Worker '.*' started!/.test(worker?.output() ?? "") ? true : undefined), {
      timeoutMs: 60_000,
    });
  }, 300_000);

  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await closeEmbeddedServers();
    const left =
      (await engine?.listContainers({ all: true, filters: { label: [`io.prefect.work-pool-name=${POOL}`] } })) ?? [];
    for (const c of left)
      await engine
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    for (const image of (await engine?.listImages({ filters: { reference: IMAGES } })) ?? [])
      await engine
        .getImage(image.Id)
        .remove({ force: true })
        .catch(() => undefined);
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  it("refuses, before writing the deployment, a user Dockerfile that does not put prefect-ts on PATH, saying what it needs", async () => {
    // The project is in the image, prefect-ts in its node_modules, but node_modules/.bin is not on PATH.
    writeFileSync(join(dir, "Dockerfile.no-path"), `FROM ${BASE_IMAGE}\nWORKDIR /opt/prefect/tutorial\nCOPY . .\n`);
    const script = await deployScript({
      DEPLOYMENT: "no-path",
      IMAGE_NAME: "seed-no-path",
      IMAGE_TAG: "1",
      DOCKERFILE: "Dockerfile.no-path",
    });
    expect(script.code).not.toBe(0);
    const said = script.stderr + script.stdout;
    expect(said).toContain("ImageCheckError");
    expect(said).toContain('Image "seed-no-path:1" cannot run flows');
    expect(said).toContain('exec: "prefect-ts": executable file not found in $PATH');
    expect(said).toContain("node_modules/.bin");
    expect(said).toContain("Nothing was deployed.");
    await expect(client.readDeploymentByName("get-repo-info/no-path")).rejects.toThrow(/not found/i);
    // The check's container is gone.
    expect(await engine.listContainers({ all: true, filters: { label: ["io.prefect-ts.image-check"] } })).toEqual([]);
  });

  it("seed 001's defaults, tag `latest` and no push: the local image is used (IfNotPresent), and the run Completes", async () => {
    const script = await deployScript({
      DEPLOYMENT: "latest",
      IMAGE_NAME: "seed-latest",
      IMAGE_TAG: "latest",
      RUN_REPO: "PrefectHQ/latest",
    });
    expect(script.code, script.stderr + script.stdout).toBe(0);
    expect(script.stdout).toMatch(/run \S+ ended COMPLETED/);
    const deployment = await client.readDeploymentByName("get-repo-info/latest");
    expect(deployment.jobVariables).toEqual({ image: "seed-latest:latest", image_pull_policy: "IfNotPresent" });
  });

  it("`deployment run --watch` prints why a run crashed (an image no registry has), not only 'Crashed'", async () => {
    const image = `${REGISTRY}/seed-never-pushed:latest`;
    const deployed = await cli([
      "deploy",
      "my_flow.ts:getRepoInfo",
      "-n",
      "unpullable",
      "-p",
      POOL,
      "--image",
      image,
      "--no-build",
      "--no-push",
    ]);
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    const watched = await cli(["deployment", "run", "get-repo-info/unpullable", "--watch"]);
    expect(watched.code).not.toBe(0);
    expect(watched.stdout).toContain("is in state 'Crashed'");
    expect(watched.stdout).toContain(
      `prefect.flow_runs.worker - Failed to submit flow run to infrastructure: Could not pull image "${image}"`,
    );
  });

  it("a redeploy onto a process pool drops the image job variable, and the run Completes as a process", async () => {
    const redeployed = await cli(["deploy", "my_flow.ts:getRepoInfo", "-n", "latest", "-p", PROCESS_POOL]);
    expect(redeployed.code, redeployed.stderr + redeployed.stdout).toBe(0);
    const deployment = await client.readDeploymentByName("get-repo-info/latest");
    expect(deployment.workPoolName).toBe(PROCESS_POOL);
    expect(deployment.jobVariables).toEqual({});
    const run = await client.createFlowRunFromDeployment(deployment.id, {
      parameters: { repoName: "PrefectHQ/moved" },
    });
    const once = await cli(["worker", "start", "--pool", PROCESS_POOL, "--run-once"]);
    expect(once.code, once.stderr + once.stdout).toBe(0);
    const done = await waitForRunState(client, run.id, ["COMPLETED", "CRASHED", "FAILED"], 90_000);
    expect(done.state?.type, done.state?.message ?? "").toBe("COMPLETED");
    expect(done.infrastructurePid).not.toMatch(/:[0-9a-f]{64}$/);
  });
});

// The Docker tutorial (seeds 001 and 004) as a user types it, in a project with prefect-ts installed from the packed
// tarball: a docker pool, a worker, flow.deploy() with a DeploymentImage (push: false) and `prefect-ts deploy --image`,
// runs in containers (reaching the worker's embedded API on loopback with host networking), a killed container ->
// Crashed, a cancelled run -> its container gone.
import { rmSync } from "node:fs";
import { dirname } from "node:path";
import type Dockerode from "dockerode";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { waitFor } from "../../src/testing/index.js";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { docker, dockerSuite, dockerUnavailable, REGISTRY } from "./docker-harness.js";
import { cliArgs, makeUserProject, runIn, startIn } from "./user-project.js";
import { waitForRunState } from "../helpers/flow-run-state.js";

const POOL = "my-docker-pool";

describe.skipIf(dockerUnavailable !== "")(dockerSuite("the Docker tutorial"), () => {
  let dir: string;
  let env: Record<string, string>;
  let client: PrefectClient;
  let engine: Dockerode;
  let worker: ReturnType<typeof startIn> | undefined;

  const cli = (args: string[], extra: Record<string, string> = {}) =>
    runIn(dir, cliArgs(dir, args), { ...env, ...extra });
  const containersOf = async (flowRunId: string) =>
    engine.listContainers({ all: true, filters: { label: [`io.prefect.flow-run-id=${flowRunId}`] } });
  const stateOf = (id: string, types: string[]) => waitForRunState(client, id, types, 90_000);

  beforeAll(async () => {
    dir = makeUserProject();
    // Outside the project: the database must not be in the image's build context.
    env = { PREFECT_HOME: join(dirname(dir), "home") };
    client = getClient({ settings: resolveSettings({ env }) });
    engine = await docker();
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await closeEmbeddedServers();
    // Finished containers are kept (as Prefect keeps them): the test's own go.
    const left = (await engine?.listContainers({ all: true, filters: { label: [`io.prefect.work-pool-name`] } })) ?? [];
    for (const c of left.filter((c) =>
      [POOL, "my-managed-pool"].includes(c.Labels["io.prefect.work-pool-name"] ?? ""),
    )) {
      await engine
        .getContainer(c.Id)
        .remove({ force: true })
        .catch(() => undefined);
    }
    const built = [
      "my-first-deployment-image",
      "my-deployment-image",
      `${REGISTRY}/tutorial`,
      "tutorial-auto",
      "tutorial-managed",
    ];
    for (const image of (await engine?.listImages({ filters: { reference: built } })) ?? [])
      await engine
        .getImage(image.Id)
        .remove({ force: true })
        .catch(() => undefined);
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  it("work-pool create --type docker, then worker start --pool discovers the docker type", async () => {
    const created = await cli(["work-pool", "create", "--type", "docker", POOL]);
    expect(created.stdout, created.stderr).toContain(`Created work pool '${POOL}'!`);
    const ls = await cli(["work-pool", "ls"]);
    expect(ls.stdout).toMatch(new RegExp(`${POOL}\\s*│\\s*docker\\s*│`));
    worker = startIn(dir, cliArgs(dir, ["worker", "start", "--pool", POOL]), env);
    await waitFor(() => (/Worker '.*' started!/.test(worker?.output() ?? "") ? true : undefined), {
      timeoutMs: 30_000,
    });
    expect(worker.output()).toContain(`Discovered type 'docker' for work pool '${POOL}'.`);
  });

  it("a script's flow.deploy() with DeploymentImage(dockerfile: 'Dockerfile'), push: false: built, and its run Completed in a container", async () => {
    const script = await runIn(dir, ["--import", "tsx", "deploy.ts"], { ...env, RUN_REPO: "PrefectHQ/marvin" });
    expect(script.code, script.stderr + script.stdout).toBe(0);
    const id = /run (\S+) ended COMPLETED/.exec(script.stdout)?.[1] as string;
    expect(id, script.stdout).toBeDefined();
    const deployment = await client.readDeploymentByName("get-repo-info/my-first-deployment");
    expect(deployment.jobVariables).toMatchObject({ image: "my-first-deployment-image:tutorial" });
    expect(deployment.path).toBeNull();
    const run = await client.readFlowRun(id);
    expect(run.infrastructurePid).toMatch(/:[0-9a-f]{64}$/);
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [id] } } });
    expect(logs.map((log) => log.message)).toContain("PrefectHQ/marvin repository statistics 🤓:");
    // Kept after a run of its own, as Prefect's Docker worker keeps it (job variable auto_remove: true removes it).
    expect((await containersOf(id)).map((c) => c.State)).toEqual(["exited"]);
  });

  it("prefect-ts deploy --image --dockerfile --no-push, then deployment run --watch: Completed", async () => {
    const deployed = await cli([
      "deploy",
      "my_flow.ts:getRepoInfo",
      "-n",
      "my-deployment",
      "-p",
      POOL,
      "--image",
      "my-deployment-image:cli",
      "--dockerfile",
      "Dockerfile",
      "--no-push",
    ]);
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    expect((await engine.getImage("my-deployment-image:cli").inspect()).Id).toMatch(/^sha256:/);
    const run = await cli([
      "deployment",
      "run",
      "get-repo-info/my-deployment",
      "--param",
      "repoName=PrefectHQ/prefect",
      "--watch",
    ]);
    expect(run.stdout, run.stderr).toContain("Flow run finished successfully in 'Completed'.");
    expect(run.stdout).toContain("PrefectHQ/prefect repository statistics");
  });

  it("a container killed while the run is Running -> the run is Crashed with the exit code", async () => {
    const deployment = await client.readDeploymentByName("get-repo-info/my-deployment");
    const run = await client.createFlowRunFromDeployment(deployment.id, {
      jobVariables: { env: { SLEEP_MS: "60000" } },
    });
    await stateOf(run.id, ["RUNNING"]);
    const [container] = await containersOf(run.id);
    expect(container?.Labels["io.prefect.flow-run-id"]).toBe(run.id);
    await engine.getContainer(container!.Id).kill();
    const crashed = await stateOf(run.id, ["CRASHED"]);
    expect(crashed.state?.message).toContain("137");
  });

  it("flow-run cancel -> Cancelled, and the run's container is gone", async () => {
    const deployment = await client.readDeploymentByName("get-repo-info/my-deployment");
    const run = await client.createFlowRunFromDeployment(deployment.id, {
      jobVariables: { env: { SLEEP_MS: "60000" } },
    });
    await stateOf(run.id, ["RUNNING"]);
    expect(await containersOf(run.id)).toHaveLength(1);
    const cancelled = await cli(["flow-run", "cancel", run.id]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    await stateOf(run.id, ["CANCELLED"]);
    await waitFor(async () => ((await containersOf(run.id)).length === 0 ? true : undefined), { timeoutMs: 30_000 });
  });

  it("push: true to a registry pins the image by digest, and a worker without the image pulls it and runs the flow", async () => {
    const script = await runIn(dir, ["--import", "tsx", "deploy.ts"], {
      ...env,
      DEPLOYMENT: "pushed",
      IMAGE_NAME: `${REGISTRY}/tutorial`,
      IMAGE_TAG: "pushed",
      PUSH: "true",
    });
    expect(script.code, script.stderr + script.stdout).toBe(0);
    const deployment = await client.readDeploymentByName("get-repo-info/pushed");
    const image = deployment.jobVariables?.image as string;
    expect(image).toMatch(new RegExp(`^${REGISTRY.replace(/\./g, "\\.")}/tutorial:pushed@sha256:[0-9a-f]{64}$`));
    // Only the registry has it now: the run's container comes from a pull.
    await engine.getImage(`${REGISTRY}/tutorial:pushed`).remove({ force: true });
    const run = await client.createFlowRunFromDeployment(deployment.id, {
      parameters: { repoName: "PrefectHQ/pushed" },
    });
    const done = await stateOf(run.id, ["COMPLETED", "CRASHED", "FAILED"]);
    expect(done.state?.type, done.state?.message ?? "").toBe("COMPLETED");
    const digest = image.slice(image.indexOf("@") + 1);
    expect((await engine.getImage(`${REGISTRY}/tutorial@${digest}`).inspect()).RepoDigests).toContain(
      `${REGISTRY}/tutorial@${digest}`,
    );
  });

  it("deploy(d1, d2, { image }) with a generated Dockerfile builds once for both, and a run starts from it", async () => {
    writeFileSync(
      join(dir, "deploy-two.ts"),
      `import { deploy, DeploymentImage } from "prefect-ts";
import { getRepoInfo } from "./my_flow.ts";

let steps = 0;
await deploy(
  getRepoInfo.toDeployment({ name: "first-of-two" }),
  getRepoInfo.toDeployment({ name: "second-of-two" }),
  {
    workPoolName: "${POOL}",
    image: new DeploymentImage({ name: "tutorial-auto", tag: "two", dependencies: "copy" }),
    push: false,
    onProgress: (line) => { if (line.startsWith("Step 1/")) steps++; },
  },
);
console.log(\`builds: \${steps}\`);
`,
    );
    const script = await runIn(dir, ["--import", "tsx", "deploy-two.ts"], env);
    expect(script.code, script.stderr + script.stdout).toBe(0);
    expect(script.stdout).toContain("builds: 1");
    const [first, second] = await Promise.all(
      ["first-of-two", "second-of-two"].map((n) => client.readDeploymentByName(`get-repo-info/${n}`)),
    );
    expect(first?.jobVariables).toMatchObject({ image: "tutorial-auto:two" });
    expect(second?.jobVariables).toMatchObject({ image: "tutorial-auto:two" });
    const run = await client.createFlowRunFromDeployment(second!.id, { parameters: { repoName: "PrefectHQ/auto" } });
    const done = await stateOf(run.id, ["COMPLETED", "CRASHED", "FAILED"]);
    expect(done.state?.type, done.state?.message ?? "").toBe("COMPLETED");
  });

  it("a prefect:managed pool with an image: no worker of its own, its run is a container started by a long-lived host", async () => {
    const created = await cli(["work-pool", "create", "my-managed-pool", "--type", "prefect:managed"]);
    expect(created.code, created.stderr).toBe(0);
    const script = await runIn(dir, ["--import", "tsx", "deploy.ts"], {
      ...env,
      DEPLOYMENT: "managed",
      POOL: "my-managed-pool",
      IMAGE_NAME: "tutorial-managed",
      IMAGE_TAG: "1",
      RUN_REPO: "PrefectHQ/managed",
    });
    expect(script.code, script.stderr + script.stdout).toBe(0);
    expect(script.stdout).toContain("no worker is needed");
    const id = /run (\S+) ended COMPLETED/.exec(script.stdout)?.[1] as string;
    expect(id, script.stdout).toBeDefined();
    // The docker worker of the tutorial is the long-lived host here; the run ran in a container, not a process.
    expect((await client.readFlowRun(id)).infrastructurePid).toMatch(/:[0-9a-f]{64}$/);
  });

  it("a worker killed while its container runs: the next worker finds the container by its labels and carries out a cancel", async () => {
    const deployment = await client.readDeploymentByName("get-repo-info/my-deployment");
    const run = await client.createFlowRunFromDeployment(deployment.id, {
      jobVariables: { env: { SLEEP_MS: "120000" } },
    });
    await stateOf(run.id, ["RUNNING"]);
    const old = worker!;
    old.child.kill("SIGKILL");
    await old.exited;
    expect(await containersOf(run.id)).toHaveLength(1);
    worker = startIn(dir, cliArgs(dir, ["worker", "start", "--pool", POOL]), env);
    await waitFor(() => (/Worker '.*' started!/.test(worker?.output() ?? "") ? true : undefined), {
      timeoutMs: 30_000,
    });
    // The adoption is logged on stderr before "started!" goes to stdout; two pipes may deliver them in either order.
    const adopted = `watching flow run '${run.name}' (${run.id}), already running`;
    await waitFor(() => (worker?.output().includes(adopted) ? true : undefined), { timeoutMs: 10_000 }).catch(
      () => undefined,
    );
    expect(worker.output()).toContain(adopted);
    const cancelled = await cli(["flow-run", "cancel", run.id]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    await stateOf(run.id, ["CANCELLED"]);
    await waitFor(async () => ((await containersOf(run.id)).length === 0 ? true : undefined), { timeoutMs: 30_000 });
  });
});

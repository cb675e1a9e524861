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
import { docker, dockerSuite, dockerUnavailable } from "./docker-harness.js";
import { cliArgs, makeUserProject, runIn, startIn } from "./user-project.js";

const POOL = "my-docker-pool";

describe.skipIf(dockerUnavailable !== "")(dockerSuite("the Docker tutorial"), () => {
  let dir: string;
  let env: Record<string, string>;
  let client: PrefectClient;
  let engine: Dockerode;
  let worker: ReturnType<typeof startIn> | undefined;

  const cli = (args: string[], extra: Record<string, string> = {}) => runIn(dir, cliArgs(dir, args), { ...env, ...extra });
  const containersOf = async (flowRunId: string) =>
    engine.listContainers({ all: true, filters: { label: [`io.prefect.flow-run-id=${flowRunId}`] } });
  const stateOf = (id: string, types: string[]) =>
    waitFor(async () => {
      const run = await client.readFlowRun(id);
      return types.includes(run.state?.type ?? "") ? run : undefined;
    }, { timeoutMs: 90_000 });

  beforeAll(async () => {
    dir = makeUserProject();
    env = { PREFECT_HOME: `${dir}/.prefect-home` };
    client = getClient({ settings: resolveSettings({ env }) });
    engine = await docker();
  });
  afterAll(async () => {
    if (worker && worker.child.exitCode === null) {
      worker.child.kill("SIGTERM");
      await worker.exited;
    }
    await closeEmbeddedServers();
    for (const tag of ["my-first-deployment-image:tutorial", "my-deployment-image:cli"]) await engine?.getImage(tag).remove({ force: true }).catch(() => undefined);
    if (dir) rmSync(dirname(dir), { recursive: true, force: true });
  });

  it("work-pool create --type docker, then worker start --pool discovers the docker type", async () => {
    const created = await cli(["work-pool", "create", "--type", "docker", POOL]);
    expect(created.stdout, created.stderr).toContain(`Created work pool '${POOL}'!`);
    const ls = await cli(["work-pool", "ls"]);
    expect(ls.stdout).toMatch(new RegExp(`${POOL}\\s*│\\s*docker\\s*│`));
    worker = startIn(dir, cliArgs(dir, ["worker", "start", "--pool", POOL]), env);
    await waitFor(() => (/Worker '.*' started!/.test(worker?.output() ?? "") ? true : undefined), { timeoutMs: 30_000 });
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
    const deployed = await cli(["deploy", "my_flow.ts:getRepoInfo", "-n", "my-deployment", "-p", POOL, "--image", "my-deployment-image:cli", "--dockerfile", "Dockerfile", "--no-push"]);
    expect(deployed.code, deployed.stderr + deployed.stdout).toBe(0);
    expect((await engine.getImage("my-deployment-image:cli").inspect()).Id).toMatch(/^sha256:/);
    const run = await cli(["deployment", "run", "get-repo-info/my-deployment", "--param", "repoName=PrefectHQ/prefect", "--watch"]);
    expect(run.stdout, run.stderr).toContain("Flow run finished successfully in 'Completed'.");
    expect(run.stdout).toContain("PrefectHQ/prefect repository statistics");
  });

  it("a container killed while the run is Running -> the run is Crashed with the exit code", async () => {
    const deployment = await client.readDeploymentByName("get-repo-info/my-deployment");
    const run = await client.createFlowRunFromDeployment(deployment.id, { jobVariables: { env: { SLEEP_MS: "60000" } } });
    await stateOf(run.id, ["RUNNING"]);
    const [container] = await containersOf(run.id);
    expect(container?.Labels["io.prefect.flow-run-id"]).toBe(run.id);
    await engine.getContainer(container!.Id).kill();
    const crashed = await stateOf(run.id, ["CRASHED"]);
    expect(crashed.state?.message).toContain("137");
  });

  it("flow-run cancel -> Cancelled, and the run's container is gone", async () => {
    const deployment = await client.readDeploymentByName("get-repo-info/my-deployment");
    const run = await client.createFlowRunFromDeployment(deployment.id, { jobVariables: { env: { SLEEP_MS: "60000" } } });
    await stateOf(run.id, ["RUNNING"]);
    expect(await containersOf(run.id)).toHaveLength(1);
    const cancelled = await cli(["flow-run", "cancel", run.id]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    await stateOf(run.id, ["CANCELLED"]);
    await waitFor(async () => ((await containersOf(run.id)).length === 0 ? true : undefined), { timeoutMs: 30_000 });
  });
});

// A real Worker of type "docker" against a real server over loopback HTTP: the container reaches the API on 127.0.0.1
// through the host network. The flow's code and prefect-ts reach the container by a read-only bind mount of the
// repository at the same path (the base image has the same node binary), so no image build is needed here.
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type Dockerode from "dockerode";
import type { FlowRun, PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient, openEmbeddedServer } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { createTestServer, waitFor, type TestServer } from "../../src/testing/index.js";
import { executeCommand } from "../../src/worker/flow-run-process.js";
import { createDockerWorkerType, dockerWorkerType } from "../../src/worker/docker/docker-worker-type.js";
import { registerWorkerType } from "../../src/worker/worker-types.js";
import { Worker } from "../../src/worker/worker.js";
import { docker as connect, dockerSuite, dockerUnavailable, BASE_IMAGE } from "./docker-harness.js";
import { containerExists, removePoolContainers } from "./worker-harness.js";
import { waitForRunState } from "../helpers/flow-run-state.js";

const ROOT = resolve(import.meta.dirname, "../..");
const FIXTURES = resolve(ROOT, "test/fixtures/entrypoints");
const POOL = `docker-e2e-${randomUUID().slice(0, 8)}`;
// `flow-run execute` of this source tree, as the container runs it (its node is at /usr/local/bin/node).
const EXECUTE = `node ${executeCommand("{{ ctx.flow_run.id }}").args.join(" ")}`;
// A stand-in flow run process: reports Running through the API, then sleeps (for cancellation).
const SLEEPER = `node -e 'const u = process.env.PREFECT_API_URL + "/flow_runs/" + process.env.PREFECT__FLOW_RUN_ID + "/set_state"; await fetch(u, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ state: { type: "RUNNING" } }) }); setTimeout(() => {}, 600000);' --input-type=module`;

describe.skipIf(dockerUnavailable !== "")(dockerSuite("Docker worker end to end"), () => {
  let docker: Dockerode;
  let server: TestServer;
  let client: PrefectClient;
  let worker: Worker;
  let flowId: string;
  const logs: string[] = [];
  const output = new PassThrough();
  let printed = "";
  output.on("data", (chunk: Buffer) => (printed += chunk.toString()));

  async function deployment(name: string, jobVariables: Record<string, unknown>): Promise<string> {
    const base = { image: BASE_IMAGE, image_pull_policy: "Never", volumes: [`${ROOT}:${ROOT}:ro`] };
    // A null variable is left out (the pool's template then has no value for it).
    const variables = Object.fromEntries(
      Object.entries({ ...base, ...jobVariables }).filter(([, value]) => value !== null),
    );
    return (
      await client.createDeployment({
        flowId,
        name,
        workPoolName: POOL,
        entrypoint: "flows.ts:add",
        path: FIXTURES,
        enforceParameterSchema: false,
        jobVariables: variables,
      })
    ).id;
  }

  const stateOf = (id: string, types: string[], timeoutMs = 60_000): Promise<FlowRun> =>
    waitForRunState(client, id, types, timeoutMs);

  beforeAll(async () => {
    docker = await connect();
    // The registered docker type, with the containers' output captured (restored in afterAll).
    registerWorkerType(createDockerWorkerType({ output: { stdout: output, stderr: output } }));
    server = await createTestServer({ transport: "http" });
    client = server.client;
    flowId = (await client.createFlow("add-numbers")).id;
    worker = new Worker({
      client,
      workPoolName: POOL,
      type: "docker",
      querySeconds: 0.5,
      killGraceSeconds: 2,
      prestart: false,
      log: (m) => logs.push(m),
    });
    worker.start().catch((error: unknown) => logs.push(`worker stopped: ${String(error)}`));
    await waitFor(() => worker.workPool, { timeoutMs: 20_000 });
  });

  afterAll(async () => {
    registerWorkerType(dockerWorkerType);
    await worker?.stop();
    await server?.close();
    if (docker) await removePoolContainers(docker, [POOL]);
  });

  it("creates its pool with the docker template and runs a flow run in a container to Completed", async () => {
    expect(worker.workPool?.type).toBe("docker");
    expect(
      Object.keys((worker.workPool?.baseJobTemplate as { job_configuration: object }).job_configuration),
    ).toContain("image_pull_policy");
    const run = await client.createFlowRunFromDeployment(await deployment("completes", { command: EXECUTE }), {
      parameters: { a: 5, b: 7 },
    });
    const done = await stateOf(run.id, ["COMPLETED", "FAILED", "CRASHED"]);
    expect(done.state?.type, `${done.state?.message ?? ""}\n${logs.join("\n")}`).toBe("COMPLETED");
    expect(done.infrastructurePid).toMatch(/^unix:\/\/.+:[0-9a-f]{64}$/);
    const containerId = done.infrastructurePid!.split(":").at(-1)!;
    const info = await docker.getContainer(containerId).inspect();
    expect(info.Config.Labels["io.prefect.flow-run-id"]).toBe(run.id);
    expect(info.HostConfig.NetworkMode).toBe("host");
    // The run's last log batch is sent after its final state.
    await waitFor(
      async () => {
        const messages = (await client.readLogs({ logFilter: { flowRunId: { any_: [run.id] } } })).map(
          (log) => log.message,
        );
        return messages.includes("adding 5 + 7") ? true : undefined;
      },
      { timeoutMs: 20_000 },
    );
  });

  it("marks a run whose container exits 3 Crashed with the exit code, its output streamed", async () => {
    const run = await client.createFlowRunFromDeployment(
      await deployment("exits", { command: `node -e 'console.log("bye from the container"); process.exit(3)'` }),
    );
    const crashed = await stateOf(run.id, ["CRASHED"]);
    expect(crashed.state?.message).toBe("Flow run process exited with non-zero status code 3.");
    await waitFor(() => printed.includes("bye from the container"), { timeoutMs: 20_000 });
  });

  it("marks a run without an image Crashed, saying how to set one", async () => {
    const run = await client.createFlowRunFromDeployment(await deployment("no-image", { image: null }));
    const crashed = await stateOf(run.id, ["CRASHED"]);
    expect(crashed.state?.message).toContain('job variable "image" is not set');
  });

  it("cancels a running run: its container is stopped and removed, the run ends Cancelled", async () => {
    const run = await client.createFlowRunFromDeployment(await deployment("sleeps", { command: SLEEPER }));
    const running = await stateOf(run.id, ["RUNNING", "CRASHED"]);
    expect(running.state?.type, running.state?.message ?? "").toBe("RUNNING");
    const containerId = (await waitFor(async () => (await client.readFlowRun(run.id)).infrastructurePid ?? undefined))
      .split(":")
      .at(-1)!;
    await client.setFlowRunState(run.id, { type: "CANCELLING" });
    await stateOf(run.id, ["CANCELLED"]);
    await waitFor(async () => !(await containerExists(docker, containerId)), { timeoutMs: 10_000 });
  });
});

describe.skipIf(dockerUnavailable !== "")(dockerSuite("Docker worker on the embedded database"), () => {
  const pool = `docker-embedded-${randomUUID().slice(0, 8)}`;
  const settings = resolveSettings({
    env: { PREFECT_HOME: mkdtempSync(join(tmpdir(), "prefect-ts-docker-embedded-")) },
  });
  const client = getClient({ settings });
  const embeddedServer = openEmbeddedServer({ settings });
  afterAll(async () => {
    await closeEmbeddedServers();
    await removePoolContainers(await connect(), [pool]);
  });

  it("serves the database's API on a loopback port; the container reaches it over the host network", async () => {
    const flowId = (await client.createFlow("add-numbers")).id;
    const logs: string[] = [];
    const worker = new Worker({
      client,
      embeddedServer,
      workPoolName: pool,
      type: "docker",
      querySeconds: 0.5,
      prestart: false,
      log: (m) => logs.push(m),
    });
    const started = worker.start();
    try {
      await waitFor(() => worker.workPool, { timeoutMs: 20_000 });
      const jobVariables = {
        image: BASE_IMAGE,
        image_pull_policy: "Never",
        volumes: [`${ROOT}:${ROOT}:ro`],
        command: EXECUTE,
        stream_output: false,
      };
      const deployment = await client.createDeployment({
        flowId,
        name: "embedded",
        workPoolName: pool,
        entrypoint: "flows.ts:add",
        path: FIXTURES,
        enforceParameterSchema: false,
        jobVariables,
      });
      const run = await client.createFlowRunFromDeployment(deployment.id, { parameters: { a: 1, b: 2 } });
      const done = await waitFor(
        async () => {
          const current = await client.readFlowRun(run.id);
          return ["COMPLETED", "FAILED", "CRASHED"].includes(current.state?.type ?? "") ? current : undefined;
        },
        { timeoutMs: 60_000 },
      );
      expect(done.state?.type, `${done.state?.message ?? ""}\n${logs.join("\n")}`).toBe("COMPLETED");
      const containerId = done.infrastructurePid!.split(":").at(-1)!;
      const env = (await (await connect()).getContainer(containerId).inspect()).Config.Env;
      expect(env.find((entry) => entry.startsWith("PREFECT_API_URL="))).toMatch(
        /^PREFECT_API_URL=http:\/\/127\.0\.0\.1:\d+\/api$/,
      );
      expect(env.some((entry) => entry.startsWith("PREFECT_API_AUTH_STRING="))).toBe(true);
    } finally {
      await worker.stop();
      await started;
    }
  });
});

// A worker SIGKILLed while its child runs a flow: the worker stops heartbeating, the server's services (worker health,
// then zombie runs) see it OFFLINE and mark the run Crashed after 3 missed heartbeats, under test settings (1 s heartbeats).
// Embedded: a second long-lived host (a worker on another pool) runs the services; remote: `server start` does.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { cliOkInProcess, tempHome, waitUntil } from "./cli-helpers.js";
import {
  descendants,
  isAlive,
  killAll,
  MY_FLOW,
  startServerCli,
  startWorkerCli,
  type Background,
} from "./worker-helpers.js";

const HEARTBEAT_SECONDS = 1;
const LOOP_SECONDS = 0.5;
/** Test settings: the worker heartbeats every second; the services pass twice a second. */
const FAST = {
  PREFECT_WORKER_HEARTBEAT_SECONDS: String(HEARTBEAT_SECONDS),
  PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS: String(LOOP_SECONDS),
  PREFECT_SERVER_SERVICES_ZOMBIES_LOOP_SECONDS: String(LOOP_SECONDS),
};

const modes = [
  { mode: "embedded, services in another worker", remote: false },
  { mode: "against `prefect-ts server start`", remote: true },
] as const;

describe.each(modes)("a worker killed while its run runs ($mode)", ({ remote }) => {
  const homes: string[] = [];
  const leftovers: number[] = [];
  const hosts: Background[] = [];
  let env: Record<string, string>;
  let client: PrefectClient;

  beforeAll(async () => {
    const home = tempHome();
    homes.push(home);
    env = { PREFECT_HOME: home, ...FAST };
    if (remote) {
      const serverHome = tempHome();
      homes.push(serverHome);
      const { server, apiUrl } = await startServerCli({ PREFECT_HOME: serverHome, ...FAST });
      hosts.push(server);
      env.PREFECT_API_URL = apiUrl;
    } else {
      // Started first, so it holds the services' lease: the killed worker's death needs no hand-over.
      hosts.push(await startWorkerCli(["--pool", "services-host", "--type", "process"], env));
    }
    client = getClient({ settings: resolveSettings({ env }) });
    // Setting up needs no process of its own: the CLI's entry in-process.
    await cliOkInProcess(["work-pool", "create", "--type", "process", "crash-pool"], env);
    await cliOkInProcess(["deploy", `${MY_FLOW}:sleepy`, "-n", "long", "-p", "crash-pool"], env);
  }, 60_000);

  afterAll(async () => {
    killAll(leftovers);
    for (const host of hosts) {
      if (host.child.exitCode === null) host.child.kill("SIGTERM");
      await host.exited;
    }
    await closeEmbeddedServers();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  it("marks the run Crashed once its worker misses 3 heartbeats, naming the offline worker", async () => {
    const worker = await startWorkerCli(["--pool", "crash-pool", "--name", "doomed"], env);
    const deployment = await client.readDeploymentByName("sleepy/long");
    const run = await client.createFlowRunFromDeployment(deployment.id, { parameters: { seconds: 120 } });
    const running = await waitUntil(
      async () => {
        const read = await client.readFlowRun(run.id);
        return read.state?.type === "RUNNING" && read.infrastructurePid ? read : undefined;
      },
      { timeoutMs: 30_000, message: "the run to be Running with its infrastructure pid" },
    );
    const childPid = Number(running.infrastructurePid?.split(":")[1]);
    expect(isAlive(childPid)).toBe(true);
    leftovers.push(childPid, ...descendants(worker.child.pid as number));

    worker.child.kill("SIGKILL");
    await worker.exited;
    const crashed = await waitUntil(
      async () => {
        const read = await client.readFlowRun(run.id);
        return read.state?.type === "CRASHED" ? read : undefined;
      },
      { timeoutMs: 20_000, message: "the run to become Crashed" },
    );
    // 3 missed heartbeats make the worker OFFLINE; a worker-health pass and a zombie pass follow (how soon is a
    // figure for bench/, not an assertion here).
    expect(crashed.state?.message).toContain("its worker 'doomed' went offline");
    const workers = await client.readWorkersForWorkPool("crash-pool");
    expect(workers.find((w) => w.name === "doomed")?.status).toBe("OFFLINE");
    // The orphaned child still runs (nothing could stop it): the test kills it.
    expect(isAlive(childPid)).toBe(true);
  });
});

// `worker start --run-once` (runs the due runs, waits for them, exits 0) and `--with-healthcheck` (GET /health answers
// 200 while the worker polls), as subprocesses on an embedded database; the commands that set up and cancel run
// in-process through the CLI's entry.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { cliOkInProcess as cliOk, runCli, tempHome } from "./cli-helpers.js";
import { descendants, isAlive, MY_FLOW, startWorkerCli } from "./worker-helpers.js";

let home: string;
let env: Record<string, string>;
let client: PrefectClient;

beforeAll(async () => {
  home = tempHome();
  env = { PREFECT_HOME: home };
  await cliOk(["work-pool", "create", "--type", "process", "once-pool"], env);
  await cliOk(["deploy", `${MY_FLOW}:getRepoInfo`, "-n", "once", "-p", "once-pool"], env);
  client = getClient({ settings: resolveSettings({ env }) });
});

afterAll(async () => {
  await closeEmbeddedServers();
  rmSync(home, { recursive: true, force: true });
});

describe("prefect-ts worker start", () => {
  it("--run-once runs the due runs, waits for them to end, and exits 0", async () => {
    const deployment = await client.readDeploymentByName("get-repo-info/once");
    const runs = await Promise.all(
      ["PrefectHQ/prefect", "PrefectHQ/marvin"].map((repoName) =>
        client.createFlowRunFromDeployment(deployment.id, { parameters: { repoName } }),
      ),
    );
    const later = await client.createFlowRunFromDeployment(deployment.id, {
      scheduledTime: new Date(Date.now() + 3_600_000),
    });

    const result = await runCli(["worker", "start", "--pool", "once-pool", "--run-once"], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Worker '.*' ran 2 flow run\(s\) and stopped\./);
    for (const run of runs) expect((await client.readFlowRun(run.id)).state?.type).toBe("COMPLETED");
    expect((await client.readFlowRun(later.id)).state?.type).toBe("SCHEDULED");
  });

  it("--with-healthcheck serves GET /health (200) on the port it prints, and stops with the worker", async () => {
    const worker = await startWorkerCli(["--pool", "once-pool", "--with-healthcheck"], {
      ...env,
      PREFECT_WORKER_WEBSERVER_HOST: "127.0.0.1",
      PREFECT_WORKER_WEBSERVER_PORT: "0",
    });
    try {
      const url = /Health check: (http:\/\/127\.0\.0\.1:\d+\/health)/.exec(worker.output())?.[1];
      expect(url, worker.output()).toBeDefined();
      const response = await fetch(url as string);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ message: "OK" });
      expect((await fetch((url as string).replace("/health", "/nope"))).status).toBe(404);
      const tree = descendants(worker.child.pid as number);
      worker.child.kill("SIGINT");
      expect(await worker.exited).toBe(0);
      expect(tree.filter(isAlive)).toEqual([]);
      await expect(fetch(url as string)).rejects.toThrow();
    } finally {
      if (worker.child.exitCode === null) worker.child.kill("SIGKILL");
    }
  });

  it("flow-run cancel stops the run's process: Cancelled, and its process is gone", async () => {
    const worker = await startWorkerCli(["--pool", "once-pool"], env);
    try {
      await cliOk(["deploy", `${MY_FLOW}:sleepy`, "-n", "long", "-p", "once-pool"], env);
      const deployment = await client.readDeploymentByName("sleepy/long");
      const run = await client.createFlowRunFromDeployment(deployment.id, { parameters: { seconds: 120 } });
      const running = await waitFor(
        async () => {
          const read = await client.readFlowRun(run.id);
          return read.state?.type === "RUNNING" && read.infrastructurePid ? read : undefined;
        },
        { timeoutMs: 30_000, message: "the run to be Running" },
      );
      const pid = Number(running.infrastructurePid?.split(":")[1]);
      const cancel = await cliOk(["flow-run", "cancel", run.id], env);
      expect(cancel.stdout).toContain("was successfully scheduled for cancellation");
      await waitFor(async () => (await client.readFlowRun(run.id)).state?.type === "CANCELLED", {
        timeoutMs: 20_000,
        message: "the run to be Cancelled",
      });
      await waitFor(() => !isAlive(pid), { timeoutMs: 20_000, message: `the run's process ${pid} to exit` });
      // The worker logs it once it has seen the process exit and read the run back: wait for it, do not race it.
      await waitFor(() => worker.output().includes("was cancelled."), {
        timeoutMs: 20_000,
        message: "the worker to report the cancellation",
      });
    } finally {
      worker.child.kill("SIGTERM");
      expect(await worker.exited).toBe(0);
    }
  });
});

// `prefect:managed` pools (seed 004): created from the CLI, deployed to from a script, run with no worker of the
// user's: `server start` runs them itself, and on the embedded database any long-lived host does (a worker of
// another pool here).
import { rmSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { cliOkInProcess as cliOk, tempHome } from "./cli-helpers.js";
import { runScript, startServerCli, startWorkerCli, type Background } from "./worker-helpers.js";

const POOL = "my-managed-pool";

describe("prefect:managed work pools", () => {
  const homes: string[] = [];
  const background: Background[] = [];
  afterAll(async () => {
    for (const proc of background) {
      if (proc.child.exitCode === null) {
        proc.child.kill("SIGTERM");
        await proc.exited;
      }
    }
    await closeEmbeddedServers();
    for (const home of homes) rmSync(home, { recursive: true, force: true });
  });

  it("against `server start`: work-pool create --type prefect:managed, flow.deploy(), and the server runs it with no worker", async () => {
    const serverHome = tempHome();
    const home = tempHome();
    homes.push(serverHome, home);
    const started = await startServerCli({ PREFECT_HOME: serverHome });
    background.push(started.server);
    const env = { PREFECT_HOME: home, PREFECT_API_URL: started.apiUrl };

    const created = await cliOk(["work-pool", "create", POOL, "--type", "prefect:managed"], env);
    expect(created.stdout).toContain(`Created work pool '${POOL}'!`);
    const script = await runScript("test/fixtures/deploy/repo_info.ts", {
      ...env,
      DEPLOY_POOL: POOL,
      RUN_REPO: "PrefectHQ/marvin",
    });
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toContain("no worker is needed");
    expect(script.stdout).not.toContain("worker start");
    const id = /run (\S+) ended COMPLETED/.exec(script.stdout)?.[1];
    expect(id, script.stdout).toBeDefined();
    const client = getClient({ settings: resolveSettings({ env }) });
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [id as string] } } });
    expect(logs.map((log) => log.message)).toContain("PrefectHQ/marvin repository statistics 🤓:");
    expect(started.server.output()).toContain(`submitting flow run`);
  });

  it("on the embedded database: a long-lived host (a worker of another pool) runs the managed pool's runs", async () => {
    const home = tempHome();
    homes.push(home);
    const env = { PREFECT_HOME: home };
    await cliOk(["work-pool", "create", POOL, "--type", "prefect:managed"], env);
    const worker = await startWorkerCli(["--pool", "some-process-pool"], env);
    background.push(worker);
    const script = await runScript("test/fixtures/deploy/repo_info.ts", {
      ...env,
      DEPLOY_POOL: POOL,
      RUN_REPO: "PrefectHQ/prefect",
    });
    expect(script.code, script.stderr).toBe(0);
    expect(script.stdout).toMatch(/run \S+ ended COMPLETED/);
  });
});

// The examples that serve or deploy, with the second process a user starts: examples/serve.ts served while
// examples/trigger-deployment.ts triggers it, and examples/deploy.ts run while `worker start` polls its pool.
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import { CLI_ENTRY, TS_RUN } from "../helpers/cli-entry.js";
import { startNode } from "../helpers/run-node.js";
import { cliOkInProcess, ROOT } from "./cli-helpers.js";
import { exampleEnv, exampleHome, flowRunsOf, removeExampleHomes, runExample } from "./examples-helpers.js";

afterAll(removeExampleHomes);

describe("examples that serve or deploy", () => {
  it("serve + trigger-deployment: a served flow runs when triggered by the client and by runDeployment", async () => {
    const home = await exampleHome("serve");
    const {
      child: served,
      output,
      exited,
    } = startNode([...TS_RUN, join("examples", "serve.ts")], {
      cwd: ROOT,
      env: exampleEnv(home),
    });
    try {
      await waitFor(() => output().includes("being served") || served.exitCode !== null, {
        timeoutMs: 90_000,
        message: "the serve example to start",
      });
      expect(output()).toContain("$ prefect-ts deployment run 'repo-info/hourly'");
      const { stdout, client } = await runExample("trigger-deployment", [], home);
      expect(stdout).toMatch(/created flow run '.+' \(.+\)/);
      expect(stdout).toMatch(/flow run '.+' finished in state Completed/);
      const runs = await flowRunsOf(client, "repo-info");
      const triggered = runs.filter((r) => !r.tags.includes("auto-scheduled"));
      expect(
        triggered.map((r) => r.parameters).sort((a, b) => String(a.repoName).localeCompare(String(b.repoName))),
      ).toEqual([{ repoName: "denoland/deno", verbose: true }, { repoName: "nodejs/node" }]);
      // The hourly cron was scheduled ahead by the server's scheduler.
      expect(runs.filter((r) => r.tags.includes("auto-scheduled")).length).toBeGreaterThanOrEqual(3);
    } finally {
      // Only stopped here: its exit code is checked below, so a failure above is the one reported.
      if (served.exitCode === null) served.kill("SIGINT");
    }
    expect(await exited, output()).toBe(0);
  }, 180_000);

  it("deploy: deploys to a process pool and the worker runs it; the module's main part never runs in the worker's child", async () => {
    const home = await exampleHome("deploy");
    // The example's own prerequisite, set up in-process through the CLI's entry; the worker and the example are processes.
    await cliOkInProcess(["work-pool", "create", "--type", "process", "tutorial-process-pool"], { PREFECT_HOME: home });
    const {
      child: worker,
      output,
      exited,
    } = startNode([...CLI_ENTRY, "worker", "start", "--pool", "tutorial-process-pool"], {
      cwd: ROOT,
      env: exampleEnv(home),
    });
    try {
      const { stdout, client } = await runExample("deploy", [], home);
      expect(stdout).toContain("get-repo-info/my-first-deployment (work pool 'tutorial-process-pool')");
      expect(stdout).toMatch(/flow run '.+' finished in state Completed/);
      const runs = await flowRunsOf(client, "get-repo-info");
      // One run: the child that loaded examples/deploy.ts stopped at its deploy() call and triggered nothing.
      expect(runs.map((r) => [r.parameters, r.state?.type])).toEqual([[{ repoName: "nodejs/node" }, "COMPLETED"]]);
      expect(await client.readDeployments()).toHaveLength(1);
    } finally {
      if (worker.exitCode === null) worker.kill("SIGTERM");
    }
    expect(await exited, output()).toBe(0);
  }, 180_000);
});

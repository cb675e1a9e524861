// `prefect-ts deploy` as a CI job runs it: each mistake exits 1 with one line naming the problem and the fix, a
// script's `flow.deploy()` to a missing pool fails listing the pools, and a redeploy keeps the schedules (same ids) and
// a schedule the user paused stays paused, as serve() does. Embedded database in a temp PREFECT_HOME. The commands run
// in-process through the CLI's entry (the fixtures they load never change, so a module loaded once stays right); the
// script and the module that serves at its top level run as processes, as a user starts them.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { cliOkInProcess as cliOk, runCliInProcess, tempHome, type CliResult } from "./cli-helpers.js";
import { cliOk as cliOkProcess, MY_FLOW, runScript } from "./worker-helpers.js";

const POOL = "tutorial-process-pool";
let home: string;
let env: Record<string, string>;
let client: PrefectClient;

beforeAll(async () => {
  home = tempHome();
  env = { PREFECT_HOME: home };
  await cliOk(["work-pool", "create", "--type", "process", POOL], env);
  client = getClient({ settings: resolveSettings({ env }) });
});

afterAll(async () => {
  await closeEmbeddedServers();
  rmSync(home, { recursive: true, force: true });
});

/** The one line a failed command printed (asserting it is exactly one, and nothing on stdout). */
function oneLine(result: CliResult): string {
  expect(result.code, result.stdout + result.stderr).toBe(1);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  return lines[0] as string;
}

describe("prefect-ts deploy errors: exit 1, one line naming the problem and the fix", () => {
  const cases: { what: string; args: string[]; expected: RegExp[] }[] = [
    {
      what: "the entrypoint's file is missing",
      args: ["test/fixtures/deploy/nope.ts:getRepoInfo", "-n", "d", "-p", POOL],
      expected: [/test\/fixtures\/deploy\/nope\.ts does not exist/, /run from the project directory/],
    },
    {
      what: "the export is not a flow",
      args: [`${MY_FLOW}:notAFlow`, "-n", "d", "-p", POOL],
      expected: [/exports 'notAFlow' but it is not a flow/, /wrap the function with flow\(\)/, /getRepoInfo/],
    },
    {
      what: "the module has no such export",
      args: [`${MY_FLOW}:nothingHere`, "-n", "d", "-p", POOL],
      expected: [/has no flow 'nothingHere'/, /its flows: getRepoInfo/],
    },
    {
      what: "the pool does not exist",
      args: [`${MY_FLOW}:getRepoInfo`, "-n", "d", "-p", "no-such-pool"],
      expected: [
        /Work pool 'no-such-pool' does not exist/,
        /Work pools: 'tutorial-process-pool'/,
        /prefect-ts work-pool create 'no-such-pool' --type process/,
      ],
    },
    {
      what: "the cron is invalid",
      args: [`${MY_FLOW}:getRepoInfo`, "-n", "d", "-p", POOL, "--cron", "61 * * * *"],
      expected: [/61 \* \* \* \*/, /minute must be 0-59/, /e\.g\. "0 2 \* \* \*"/],
    },
    {
      what: "-n is missing",
      args: [`${MY_FLOW}:getRepoInfo`, "-p", POOL],
      expected: [/Give the deployment a name/, /-n NAME/],
    },
    {
      what: "-p is missing",
      args: [`${MY_FLOW}:getRepoInfo`, "-n", "d"],
      expected: [/Give the work pool/, /-p POOL/, /work-pool ls/],
    },
    {
      what: "an image for a pool that does not run images",
      args: [`${MY_FLOW}:getRepoInfo`, "-n", "d", "-p", POOL, "--image", "my-image:v1", "--no-build", "--no-push"],
      expected: [/Work pool 'tutorial-process-pool' \(type process\) does not run images/, /--type docker/],
    },
    {
      what: "--dockerfile without --image",
      args: [`${MY_FLOW}:getRepoInfo`, "-n", "d", "-p", POOL, "--dockerfile", "Dockerfile"],
      expected: [/--dockerfile builds an image: give its name with --image NAME:TAG/],
    },
    {
      what: "the Dockerfile to build from is missing",
      args: [
        `${MY_FLOW}:getRepoInfo`,
        "-n",
        "d",
        "-p",
        POOL,
        "--image",
        "my-image:v1",
        "--dockerfile",
        "no/Dockerfile",
      ],
      expected: [/dockerfile "no\/Dockerfile" does not exist/, /use dockerfile: "auto"/],
    },
    {
      what: "the entrypoint is missing",
      args: ["-n", "d", "-p", POOL],
      expected: [/Give the flow to deploy: prefect-ts deploy path\/to\/file\.ts:exportName/],
    },
  ];

  it("each case fails as described, and none of them wrote a deployment", async () => {
    const results: CliResult[] = [];
    for (const c of cases) results.push(await runCliInProcess(["deploy", ...c.args], env));
    results.forEach((result, i) => {
      const { what, expected } = cases[i]!;
      const line = oneLine(result);
      for (const pattern of expected) expect(line, what).toMatch(pattern);
    });
    expect(await client.readDeployments()).toEqual([]);
  });

  it("a script's `flow.deploy()` to a missing pool fails with one error listing the pools, and writes nothing", async () => {
    const result = await runScript("test/fixtures/deploy/repo_info.ts", { ...env, DEPLOY_POOL: "no-such-pool" });
    expect(result.code).not.toBe(0);
    const messages = result.stderr.match(/ConfigError: .*/g) ?? [];
    expect(messages, result.stderr).toHaveLength(1);
    expect(messages[0]).toContain("Work pool 'no-such-pool' does not exist. Work pools: 'tutorial-process-pool'.");
    expect(await client.readDeployments()).toEqual([]);
  });
});

describe("prefect-ts deploy again", () => {
  const deployArgs = [
    "deploy",
    `${MY_FLOW}:getRepoInfo`,
    "-n",
    "nightly",
    "-p",
    POOL,
    "--cron",
    "0 2 * * *",
    "--cron",
    "30 4 * * *",
  ];

  it("keeps the deployment and its schedule ids, and a schedule the user paused stays paused", async () => {
    await cliOk([...deployArgs, "--param", "repoName=PrefectHQ/marvin", "--tag", "ci", "--description", "first"], env);
    const before = await client.readDeploymentByName("get-repo-info/nightly");
    expect(before).toMatchObject({
      workPoolName: POOL,
      tags: ["ci"],
      description: "first",
      parameters: { repoName: "PrefectHQ/marvin" },
    });
    const schedules = await client.readDeploymentSchedules(before.id);
    expect(schedules).toHaveLength(2);
    const cron2 = schedules.find((s) => "cron" in s.schedule && s.schedule.cron === "0 2 * * *")!;
    const paused = await runCliInProcess(["deployment", "schedule", "pause", "get-repo-info/nightly", cron2.id], env);
    expect(paused.code, paused.stderr).toBe(0);

    await cliOk([...deployArgs, "--description", "second"], env);
    const after = await client.readDeploymentByName("get-repo-info/nightly");
    expect(after.id).toBe(before.id);
    expect(after.description).toBe("second");
    const again = await client.readDeploymentSchedules(after.id);
    expect(again.map((s) => s.id).sort()).toEqual(schedules.map((s) => s.id).sort());
    expect(again.find((s) => s.id === cron2.id)?.active).toBe(false);
    expect(again.find((s) => s.id !== cron2.id)?.active).toBe(true);
  });

  it("--job-variable and --work-queue reach the deployment", async () => {
    await cliOk(["work-queue", "create", "high", "--pool", POOL], env);
    await cliOk(
      [
        "deploy",
        `${MY_FLOW}:getRepoInfo`,
        "-n",
        "tuned",
        "-p",
        POOL,
        "-q",
        "high",
        "--job-variable",
        'env={"GREETING":"hi"}',
        "--jv",
        "stream_output=false",
      ],
      env,
    );
    const deployment = await client.readDeploymentByName("get-repo-info/tuned");
    expect(deployment.workQueueName).toBe("high");
    expect(deployment.jobVariables).toEqual({ env: { GREETING: "hi" }, stream_output: false });
  });

  it("a module whose top level serves a flow deploys without serving (its serve() does nothing while deploy loads it)", async () => {
    // A process of its own: what the module's serve() would print or keep running is the point.
    const result = await cliOkProcess(
      ["deploy", "test/fixtures/entrypoints/cli-flows.ts:hello", "-n", "from-served", "-p", POOL, "--interval", "3600"],
      env,
    );
    expect(result.stdout).toContain("hello/from-served (work pool 'tutorial-process-pool')");
    expect(result.stdout).not.toContain("being served");
    const deployment = await client.readDeploymentByName("hello/from-served");
    expect(deployment.workPoolName).toBe(POOL);
    expect(await client.readDeployments()).toHaveLength(3);
  });
});

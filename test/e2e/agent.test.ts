// Prefect 2's agent as its users typed it, on the embedded database the terminals share through PREFECT_HOME:
// `work-queue create test` (no pool: default-agent-pool), a deployment on that queue, `agent start -q test` running
// its runs, `--run-once`, a queue the agent creates when missing, queues matched by prefix (-m) or by pool (-p).
// The agents and the watched run are processes, as a user starts them; the commands that only read or write the
// database run in-process through the CLI's entry.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { cliOkInProcess, runCliInProcess, startCli, tempHome, waitUntil } from "./cli-helpers.js";
import { alive, cliOk, descendants, killAll, MY_FLOW, type Background } from "./worker-helpers.js";

const POOL = "default-agent-pool";
const DEPLOYMENT = "get-repo-info/agent-deployment";

describe("prefect-ts agent start (Prefect 2's agent)", () => {
  let home: string;
  let env: Record<string, string>;
  let client: PrefectClient;
  let agent: Background | undefined;

  beforeAll(() => {
    home = tempHome();
    env = { PREFECT_HOME: home };
    client = getClient({ settings: resolveSettings({ env }) });
  });

  afterAll(async () => {
    if (agent !== undefined && agent.child.exitCode === null)
      killAll([agent.child.pid as number, ...descendants(agent.child.pid as number)]);
    await closeEmbeddedServers();
    rmSync(home, { recursive: true, force: true });
  });

  it("work-queue create NAME without --pool creates the queue in default-agent-pool", async () => {
    const created = await cliOkInProcess(["work-queue", "create", "test"], env);
    expect(created.stdout).toContain(`work pool - '${POOL}'`);
    expect(created.stdout).toContain("prefect-ts agent start -q 'test'");
    const queue = await client.readWorkQueueByName("test", { workPoolName: POOL });
    expect(queue.workPoolName).toBe(POOL);
    expect((await client.readWorkPool(POOL)).type).toBe("prefect-agent");
  });

  it("a deployment on the queue is run by `agent start -q test`, its log line in `deployment run --watch`", async () => {
    const deployed = await cliOkInProcess(
      ["deploy", `${MY_FLOW}:getRepoInfo`, "-n", "agent-deployment", "-p", POOL, "-q", "test"],
      env,
    );
    expect(deployed.stdout).toContain("$ prefect-ts agent start -q 'test'");
    const worker = await runCliInProcess(["worker", "start", "-p", POOL, "--run-once"], env);
    expect(worker.code).toBe(1);
    expect(worker.stderr).toContain(`Work pool '${POOL}' is a Prefect 2 agent pool`);
    expect(worker.stderr).toContain(`prefect-ts agent start -p '${POOL}'`);
    expect(await client.readDeploymentByName(DEPLOYMENT)).toMatchObject({ workPoolName: POOL, workQueueName: "test" });
    const started = startCli(["agent", "start", "-q", "test"], env);
    agent = started;
    await waitUntil(
      () =>
        alive(started, "agent start") ??
        started.output().includes("Agent started! Looking for work from queue(s): test..."),
      {
        timeoutMs: 30_000,
        message: "the agent to print that it started",
      },
    );
    const run = await cliOk(["deployment", "run", DEPLOYMENT, "--param", "repoName=PrefectHQ/agent", "--watch"], env);
    expect(run.stdout).toContain("PrefectHQ/agent repository statistics");
    expect(run.stdout).toContain("Flow run finished successfully in 'Completed'.");
    const id = /UUID: (\S+)/.exec(run.stdout)?.[1] as string;
    const flowRun = await client.readFlowRun(id);
    expect(flowRun.state?.type).toBe("COMPLETED");
    expect(flowRun.infrastructurePid).toMatch(/:\d+$/);
    expect(started.output()).toContain(`submitting flow run '${flowRun.name}'`);
  });

  it("SIGTERM stops the agent: exit 0", async () => {
    const started = agent as Background;
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain("Agent stopped!");
  });

  it("--run-once runs the due runs of its queue, waits for them, and exits", async () => {
    const queued = await cliOkInProcess(["deployment", "run", DEPLOYMENT, "--param", "repoName=PrefectHQ/once"], env);
    const id = /UUID: (\S+)/.exec(queued.stdout)?.[1] as string;
    const once = await cliOk(["agent", "start", "-q", "test", "--run-once"], env);
    expect(once.stdout).toContain("Agent started! Looking for work from queue(s): test...");
    expect(once.stdout).toMatch(/Agent 'agent .+' ran 1 flow run\(s\) and stopped\./);
    expect((await client.readFlowRun(id)).state?.type).toBe("COMPLETED");
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [id] } } });
    expect(logs.map((log) => log.message)).toContain("PrefectHQ/once repository statistics 🤓:");
  });

  it("a queue named on the command line that does not exist is created in default-agent-pool", async () => {
    // Nothing to run: in-process (a run would start its process from here, with src/ through tsx).
    const once = await cliOkInProcess(["agent", "start", "-q", "fresh", "--run-once"], env);
    expect(once.stderr).toContain(`Created work queue 'fresh' in work pool '${POOL}'.`);
    expect(once.stdout).toContain("ran 0 flow run(s)");
    expect((await client.readWorkQueueByName("fresh", { workPoolName: POOL })).workPoolName).toBe(POOL);
  });

  it("-m PREFIX polls the queues whose names start with it", async () => {
    const queued = await cliOkInProcess(["deployment", "run", DEPLOYMENT, "--param", "repoName=PrefectHQ/prefix"], env);
    const id = /UUID: (\S+)/.exec(queued.stdout)?.[1] as string;
    const once = await cliOk(["agent", "start", "-m", "te", "--run-once"], env);
    expect(once.stdout).toContain("Agent started! Looking for work from queue(s) that start with the prefix: te...");
    expect(once.stderr).toContain("Matched new work queue: 'test'");
    expect(once.stderr).not.toContain("'fresh'");
    expect((await client.readFlowRun(id)).state?.type).toBe("COMPLETED");
  });

  it("-p POOL alone polls every queue of that pool; -p POOL -q NAME creates a missing queue in that pool", async () => {
    await cliOkInProcess(["work-pool", "create", "--type", "process", "agent-pool"], env);
    const whole = await cliOkInProcess(["agent", "start", "-p", "agent-pool", "--run-once"], env);
    expect(whole.stdout).toContain("Agent started! Looking for work from work pool 'agent-pool'...");
    expect(whole.stderr).toContain("Matched new work queue: 'default'");
    const named = await cliOkInProcess(["agent", "start", "-p", "agent-pool", "-q", "etl", "--run-once"], env);
    expect(named.stderr).toContain("Created work queue 'etl' in work pool 'agent-pool'.");
    expect((await client.readWorkQueueByName("etl", { workPoolName: "agent-pool" })).workPoolName).toBe("agent-pool");
  });

  it("without -q, -m or -p, or with both -q and -m, it exits 1 saying what to give", async () => {
    const none = await runCliInProcess(["agent", "start"], env);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("No work queues provided! Give one with -q QUEUE");
    const both = await runCliInProcess(["agent", "start", "-q", "test", "-m", "te"], env);
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("Only one of -q/--work-queue and -m/--match can be provided");
  });
});

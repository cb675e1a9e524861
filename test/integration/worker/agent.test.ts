// The Prefect 2 Agent against a real server over loopback HTTP, with real child processes (a tiny script as the job's
// `command`): it runs only its queues' runs, through the worker's Runner (claim, crash), skips a paused queue, creates
// a missing queue in default-agent-pool, and its queue run source names its queues as the events that wake it.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FlowRun, PrefectClient } from "../../../src/client/index.js";
import { PrefectError } from "../../../src/errors.js";
import { createTestServer, type TestServer } from "../../../src/testing/index.js";
import { Agent, type AgentOptions } from "../../../src/worker/agent.js";
import { DEFAULT_AGENT_POOL, WorkQueueRunSource } from "../../../src/worker/queue-run-source.js";
import { waitForRunState } from "../../helpers/flow-run-state.js";

const dir = mkdtempSync(join(tmpdir(), "prefect-ts-agent-"));
const CHILD = join(dir, "child.mjs");
writeFileSync(
  CHILD,
  `
const api = process.env.PREFECT_API_URL, id = process.env.PREFECT__FLOW_RUN_ID, mode = process.argv[2] ?? "complete";
const post = (path, body) => fetch(api + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
await post("/flow_runs/" + id + "/set_state", { state: { type: "RUNNING" } });
if (mode === "exit3") process.exit(3);
await post("/flow_runs/" + id + "/set_state", { state: { type: "COMPLETED" } });
`,
);

describe("Agent (Prefect 2)", () => {
  let server: TestServer;
  let client: PrefectClient;
  let flowId: string;
  const logs: string[] = [];
  const agents: Agent[] = [];

  function agent(options: Partial<AgentOptions>): Agent {
    const a = new Agent({
      client,
      querySeconds: 0.2,
      prestart: false,
      hostServices: false,
      log: (m) => logs.push(m),
      ...options,
    });
    agents.push(a);
    return a;
  }

  async function runOn(queue: string, name: string, mode = "complete"): Promise<FlowRun> {
    const deployment = await client.createDeployment({
      flowId,
      name,
      workPoolName: DEFAULT_AGENT_POOL,
      workQueueName: queue,
      jobVariables: { command: `node ${CHILD} ${mode}` },
      enforceParameterSchema: false,
      path: dir,
    });
    return client.createFlowRunFromDeployment(deployment.id);
  }

  beforeAll(async () => {
    server = await createTestServer({ transport: "http" });
    client = server.client;
    flowId = (await client.createFlow("agent-test")).id;
    await client.createWorkQueue({ name: "q1" }); // no pool: Prefect's route makes default-agent-pool
    await client.createWorkQueue({ name: "q2" });
  });
  afterAll(async () => {
    await Promise.all(agents.map((a) => a.stop()));
    await server.close();
  });

  it("runs the runs of its queue (Completed, infrastructure pid recorded, a crash marked) and leaves other queues' runs", async () => {
    const mine = await runOn("q1", "mine");
    const crashing = await runOn("q1", "crashing", "exit3");
    const other = await runOn("q2", "other");
    const a = agent({ workQueueNames: ["q1"] });
    void a.start();
    const done = await waitForRunState(client, mine.id, ["COMPLETED"], 20_000);
    expect(done.infrastructurePid).toMatch(/^.+:\d+$/);
    expect((await waitForRunState(client, crashing.id, ["CRASHED"], 20_000)).state?.message).toBe(
      "Flow run process exited with non-zero status code 3.",
    );
    await a.stop();
    expect((await client.readFlowRun(other.id)).state?.type).toBe("SCHEDULED");
  });

  it("skips a paused queue (saying so once) and runs its runs once resumed", async () => {
    const queue = await client.readWorkQueueByName("q2", { workPoolName: DEFAULT_AGENT_POOL });
    await client.updateWorkQueue(queue.id, { isPaused: true });
    const paused = await agent({ workQueueNames: ["q2"] }).runOnce();
    expect(paused).toEqual([]);
    expect(logs).toContain("Work queue 'q2' is paused.");
    await client.updateWorkQueue(queue.id, { isPaused: false });
    const started = await agent({ workQueueNames: ["q2"] }).runOnce();
    expect(started).toHaveLength(1);
    expect((await client.readFlowRun(started[0] as string)).state?.type).toBe("COMPLETED");
  });

  it("creates a missing queue in default-agent-pool, and wakes on its queues' flow-run events", async () => {
    const source = new WorkQueueRunSource(client, { workQueueNames: ["made-by-agent"], log: (m) => logs.push(m) });
    expect(source.wakeFilter()).toBeUndefined();
    const [queue] = await source.workQueues();
    expect(queue).toMatchObject({ name: "made-by-agent", workPoolName: DEFAULT_AGENT_POOL });
    expect(logs).toContain(`Created work queue 'made-by-agent' in work pool '${DEFAULT_AGENT_POOL}'.`);
    expect(source.wakeFilter()).toEqual({ related: { id: [`prefect.work-queue.${queue?.id}`], role: ["work-queue"] } });
    expect((await source.workQueues()).map((q) => q.id)).toEqual([queue?.id]); // read, not created again
  });

  it("refuses to start without queues, a prefix or a pool", () => {
    expect(() => new Agent({ client })).toThrow(PrefectError);
    expect(() => new Agent({ client })).toThrow(/name them \(-q QUEUE\)/);
  });
});

// Our SDK against Prefect's own server (the peer's, at PREFECT_PEER_API_URL): a flow of 1,000 fast tasks records
// 1,000 Completed task runs, each with Pending, Running, Completed in order (Prefect's recorder keys task-run states
// on (task_run_id, timestamp): states sharing a timestamp were dropped before the engine's microsecond clock); the
// SDK's artifacts are stored by Prefect as its own SDK's are, and read, filtered and deleted through our client.
import { describe, expect, it } from "vitest";
import {
  createLinkArtifact,
  createMarkdownArtifact,
  createProgressArtifact,
  createTableArtifact,
  updateProgressArtifact,
} from "../../src/artifacts.js";
import { PrefectClient } from "../../src/client/index.js";
import { withClient } from "../../src/engine/client-provider.js";
import { flow } from "../../src/flow.js";
import { task } from "../../src/task.js";
import { waitFor } from "../../src/testing/index.js";
import { PEER_API_URL, PEER_MISSING } from "./peer.js";

const TASKS = 1000;

describe.skipIf(PEER_MISSING !== undefined)("our SDK against Prefect 3.8.3's server", () => {
  it(`records ${TASKS} Completed task runs of one flow run, each with its states in order`, async () => {
    const client = new PrefectClient({ apiUrl: PEER_API_URL });
    const add = task(function add(a: number, b: number) {
      return a + b;
    });
    const name = `ts-thousand-${Date.now()}`;
    const many = flow({ name }, async () => {
      let sum = 0;
      for (let i = 0; i < TASKS; i++) sum = await add(sum, 1);
      return sum;
    });
    const started = Date.now();
    expect(await withClient(client, () => many())).toBe(TASKS);
    const [run] = await client.readFlowRuns({ flowFilter: { name: { any_: [name] } } });
    expect(run?.state?.type).toBe("COMPLETED");
    const completed = () =>
      client.countTaskRuns({
        flowRunFilter: { id: { any_: [run!.id] } },
        taskRunFilter: { state: { type: { any_: ["COMPLETED"] } } },
      });
    // Prefect's recorder works through its event backlog in the background.
    await waitFor(async () => (await completed()) === TASKS, { timeoutMs: 240_000, intervalMs: 2000 });
    console.log(
      `[test:prefect] ${TASKS} of ${TASKS} task runs Completed in Prefect ${Math.round((Date.now() - started) / 1000)} s after the flow started`,
    );
    const sample = await client.readTaskRuns({ flowRunFilter: { id: { any_: [run!.id] } }, limit: 20 });
    for (const t of sample) {
      expect((await client.readTaskRunStates(t.id)).map((s) => s.type)).toEqual(["PENDING", "RUNNING", "COMPLETED"]);
    }
  }, 600_000);

  it("a subflow's tracking task run shows each state once (the server mirrors them; the engine records none)", async () => {
    const client = new PrefectClient({ apiUrl: PEER_API_URL });
    const name = `ts-parent-${Date.now()}`;
    const child = flow({ name: `${name}-child` }, async (n: number) => n + 1);
    const parent = flow({ name }, async () => child(1));
    expect(await withClient(client, () => parent())).toBe(2);
    const [run] = await client.readFlowRuns({ flowFilter: { name: { any_: [name] } } });
    const [tracking] = await client.readTaskRuns({ flowRunFilter: { id: { any_: [run!.id] } } });
    await waitFor(async () => (await client.readTaskRun(tracking!.id)).state?.type === "COMPLETED", {
      timeoutMs: 60_000,
    });
    const names = (await client.readTaskRunStates(tracking!.id)).map((s) => s.name);
    console.log(`[test:prefect] subflow tracking task run states in Prefect: ${names.join(", ")}`);
    expect(names).toEqual(["Pending", "Pending", "Running", "Completed"]);
  }, 120_000);
  it("artifacts: the SDK's create functions in a flow and a task, read back, filtered and deleted through our client", async () => {
    const client = new PrefectClient({ apiUrl: PEER_API_URL });
    const suffix = Date.now().toString(36);
    const key = (name: string) => `ts-${name}-${suffix}`;
    const tabulate = task(async function tabulate() {
      return createTableArtifact([{ region: "EU", sales: 120 }], { key: key("table") });
    });
    const report = flow({ name: `ts-artifacts-${suffix}` }, async () => {
      await createMarkdownArtifact("# v1", { key: key("report"), description: "first" });
      await createMarkdownArtifact("# v2", { key: key("report") });
      const progress = await createProgressArtifact(10, { key: key("progress") });
      await updateProgressArtifact(progress, 60);
      await createLinkArtifact("https://example.com", { linkText: "Example" });
      return tabulate();
    });
    const tableId = await withClient(client, () => report());
    const table = await client.readArtifact(tableId);
    expect(table).toMatchObject({ type: "table", key: key("table") });
    expect(table.taskRunId).toEqual(expect.any(String));
    const runArtifacts = await client.readArtifacts({ artifactFilter: { flowRunId: { any_: [table.flowRunId!] } } });
    expect(runArtifacts).toHaveLength(5);
    expect(await client.readLatestArtifact(key("report"))).toMatchObject({ data: "# v2", description: null });
    expect((await client.readLatestArtifact(key("progress")))?.data).toBe(60);
    const versions = await client.readArtifacts({
      artifactFilter: { key: { any_: [key("report")] } },
      sort: "CREATED_DESC",
    });
    expect(versions.map((a) => a.data)).toEqual(["# v2", "# v1"]);
    await client.deleteArtifact(versions[0]!.id);
    expect(await client.readLatestArtifact(key("report"))).toMatchObject({ data: "# v1", latestId: versions[1]!.id });
    expect(await client.countLatestArtifacts({ flowRunFilter: { id: { any_: [table.flowRunId!] } } })).toBe(3);
  }, 120_000);
});

// Runs every example script to its end as a user does, each on a temp PREFECT_HOME, then reads the embedded database
// it wrote (examples-helpers.ts). The examples that serve or deploy are examples-served.test.ts.
import { afterAll, describe, expect, it } from "vitest";
import { flowRunsOf, removeExampleHomes, runExample } from "./examples-helpers.js";

afterAll(removeExampleHomes);

describe("examples", () => {
  it("hello-flow prints its result and stores one flow run with two task runs and logs", async () => {
    const { stdout, stderr, client } = await runExample("hello-flow", ["Ada"]);
    expect(stdout).toContain("greeting: Hello, Ada!");
    expect(stdout).toContain("letters:  8");
    expect(stderr).toMatch(/\| INFO {4}\| Flow run '.+' - Beginning flow run '.+' for flow 'hello-flow'/);
    const [flowRun] = await flowRunsOf(client, "hello-flow");
    expect(flowRun?.state?.type).toBe("COMPLETED");
    expect(flowRun?.parameters).toEqual({ name: "Ada" });
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRun!.id] } } });
    expect(taskRuns.map((t) => t.state?.type)).toEqual(["COMPLETED", "COMPLETED"]);
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [flowRun!.id] } } });
    expect(logs.map((l) => l.message)).toContain("Hello, Ada! has 8 letters");
  });

  it("retries: task and flow retries recorded", async () => {
    const { stdout, client } = await runExample("retries");
    expect(stdout).toContain("task attempts: 4");
    expect(stdout).toContain("flow attempts: 2");
    const [flowRun] = await flowRunsOf(client, "retrying-flow");
    expect(flowRun?.state?.type).toBe("COMPLETED");
    const names = (await client.readFlowRunStates(flowRun!.id)).map((s) => s.name);
    expect(names).toContain("AwaitingRetry");
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRun!.id] } } });
    expect(taskRuns).toHaveLength(4);
    expect(taskRuns.every((t) => t.state?.type === "COMPLETED")).toBe(true);
  });

  it("caching: second call cached, and a second process hits the cache on disk", async () => {
    const first = await runExample("caching");
    expect(first.stdout).toContain("first call:  Completed");
    expect(first.stdout).toContain("second call: Cached");
    const second = await runExample("caching", [], first.home);
    expect(second.stdout).toContain("function ran 0 time(s)");
    const runs = await flowRunsOf(second.client, "caching-flow");
    expect(runs).toHaveLength(2);
  });

  it("subflows: child runs point at parent task runs", async () => {
    const { stdout, client } = await runExample("subflows");
    expect(stdout).toContain("loaded 6 rows through 4 subflow runs");
    const [parent] = await flowRunsOf(client, "etl-flow");
    const parentTaskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [parent!.id] } } });
    const children = [...(await flowRunsOf(client, "extract-flow")), ...(await flowRunsOf(client, "load-flow"))];
    expect(children).toHaveLength(4);
    expect(new Set(children.map((c) => c.parentTaskRunId))).toEqual(new Set(parentTaskRuns.map((t) => t.id)));
  });

  it("logging: levels and logPrints stored as run logs", async () => {
    const { stdout, client } = await runExample("logging");
    expect(stdout).toContain("sizes: 5, 4");
    const [flowRun] = await flowRunsOf(client, "logging-flow");
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [flowRun!.id] } } });
    const levels = new Map(logs.map((l) => [l.message, l.level]));
    expect(levels.get("disk is 91% full")).toBe(30);
    expect(levels.get("processing alpha")).toBe(20);
    expect(levels.has("a debug detail")).toBe(false);
  });

  it("concurrency: Promise.all and map", async () => {
    const { stdout, client } = await runExample("concurrency");
    expect(stdout).toContain("scaled: 20, 40, 60, 80, 100");
    const [flowRun] = await flowRunsOf(client, "concurrent-flow");
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRun!.id] } } });
    expect(taskRuns).toHaveLength(10);
  });

  it("zod-parameters: coerced parameters stored, invalid call fails naming fields", async () => {
    const { stdout, client } = await runExample("zod-parameters");
    expect(stdout).toContain("5-day metric forecast for Lisbon");
    expect(stdout).toContain("rejected: city");
    expect(stdout).toContain("days (");
    const runs = await flowRunsOf(client, "forecast-flow");
    expect(runs.map((r) => r.state?.type).sort()).toEqual(["COMPLETED", "FAILED"]);
    expect(runs.find((r) => r.state?.type === "COMPLETED")?.parameters).toEqual({
      city: "Lisbon",
      days: 5,
      units: "metric",
    });
  });

  it("remote-server: runs a flow against a started server and reads it back", async () => {
    const { stdout } = await runExample("remote-server");
    expect(stdout).toMatch(/server listening on http:\/\/127\.0\.0\.1:\d+\/api/);
    expect(stdout).toContain("sum: 10");
    expect(stdout).toMatch(/flow run '.+' is COMPLETED with 4 task runs/);
  });
});

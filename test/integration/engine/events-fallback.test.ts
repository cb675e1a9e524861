// How the engine records task runs: as task-run state events through POST /events (no task run request), and,
// against an API without POST /events, falling back for good to POST /task_runs/ + set_state, losing nothing.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../../src/client/index.js";
import { withClient } from "../../../src/engine/client-provider.js";
import { setConsoleWriter } from "../../../src/engine/logger.js";
import { flow } from "../../../src/flow.js";
import { createApp, openStore, startServer, type Store } from "../../../src/server/index.js";
import { resolveSettings, type Settings } from "../../../src/settings/index.js";
import { task } from "../../../src/task.js";
import { transports } from "../../../src/testing/index.js";
import { latestFlowRun, taskRunStateNames, taskRunsOf } from "./harness.js";

describe.each(transports)("task runs without POST /events, over %s", (transport) => {
  let dir: string;
  let store: Store;
  let client: PrefectClient;
  let settings: Settings;
  let stop = async () => {};
  const calls: string[] = [];
  const eventCalls: string[] = [];
  let eventsFetch: typeof globalThis.fetch;
  let restore: ReturnType<typeof setConsoleWriter>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-fallback-"));
    store = openStore(join(dir, "prefect.db"));
    let base: (request: Request) => Promise<Response>;
    let apiUrl = "http://in-process/api";
    if (transport === "in-process") {
      const app = createApp({ store });
      base = async (request) => app.fetch(request);
    } else {
      const server = await startServer({ port: 0, store });
      apiUrl = server.apiUrl;
      base = (request) => globalThis.fetch(request);
      stop = () => server.close();
    }
    // A transport-boundary stub: the API answers 404 to POST /api/events, as one without the route does.
    const fetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      const path = new URL(request.url).pathname;
      calls.push(`${request.method} ${path}`);
      if (path === "/api/events") return Response.json({ detail: "Not Found" }, { status: 404 });
      return base(request);
    }) as typeof globalThis.fetch;
    client = new PrefectClient({ apiUrl, fetch });
    eventsFetch = (async (input: string | URL | Request, init?: RequestInit) => {
      const request = input instanceof Request ? input : new Request(input, init);
      eventCalls.push(`${request.method} ${new URL(request.url).pathname}`);
      return base(request);
    }) as typeof globalThis.fetch;
    settings = resolveSettings({ env: { PREFECT_HOME: dir, PREFECT_LOGGING_LEVEL: "WARNING" } });
    restore = setConsoleWriter(() => {});
  });
  afterAll(async () => {
    setConsoleWriter(restore);
    await stop();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("records task runs through POST /events by default", async () => {
    const double = task(function double(n: number) {
      return 2 * n;
    });
    const f = flow({ name: "events-flow" }, async () => Promise.all([1, 2, 3].map((n) => double(n))));
    const eventsClient = new PrefectClient({ apiUrl: client.apiUrl, fetch: eventsFetch });
    expect(await withClient(eventsClient, () => f(), { settings })).toEqual([2, 4, 6]);
    const run = await latestFlowRun(client, "events-flow");
    const taskRuns = await taskRunsOf(client, run.id);
    expect(taskRuns.map((t) => t.state?.name)).toEqual(["Completed", "Completed", "Completed"]);
    for (const t of taskRuns)
      expect(await taskRunStateNames(client, t.id)).toEqual(["Pending", "Running", "Completed"]);
    expect(eventCalls.filter((c) => c === "POST /api/events").length).toBeGreaterThanOrEqual(1);
    expect(eventCalls.filter((c) => c.startsWith("POST /api/task_runs/"))).toEqual([]);
  });

  it("records every task run and state through the task run routes, and keeps to them", async () => {
    let attempts = 0;
    const add = task(function add(a: number, b: number) {
      return a + b;
    });
    const flaky = task({ retries: 1 }, function flaky() {
      if (++attempts === 1) throw new Error("first");
      return "ok";
    });
    const f = flow({ name: "fallback-flow" }, async () => [await add(1, 2), await add(3, 4), await flaky()]);
    expect(await withClient(client, () => f(), { settings })).toEqual([3, 7, "ok"]);

    const run = await latestFlowRun(client, "fallback-flow");
    expect(run.state?.type).toBe("COMPLETED");
    const taskRuns = await taskRunsOf(client, run.id);
    expect(taskRuns).toHaveLength(3);
    for (const t of taskRuns) expect(t.state?.type).toBe("COMPLETED");
    const flakyRun = taskRuns.find((t) => t.name?.startsWith("flaky-"))!;
    const names = await taskRunStateNames(client, flakyRun.id);
    expect([names[0], names[1], names[3]]).toEqual(["Pending", "Running", "Completed"]);
    expect(["Retrying", "Rerunning"]).toContain(names[2]);
    expect(calls.filter((c) => c === "POST /api/events")).toHaveLength(1);
    expect(calls.filter((c) => c === "POST /api/task_runs/")).toHaveLength(3);

    // A later flow run on the same client goes straight to the task run routes.
    await withClient(client, () => f(), { settings });
    expect(calls.filter((c) => c === "POST /api/events")).toHaveLength(1);
    expect(await taskRunsOf(client, (await latestFlowRun(client, "fallback-flow")).id)).toHaveLength(3);
  });
});

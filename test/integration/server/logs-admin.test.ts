// Logs and server-level routes over both transports: batch create, filters, health/ready/version/hello,
// CSRF token answer, unknown routes.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesComponent } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

describe.each(TRANSPORTS)("logs and admin routes (%s)", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(async () => {
    await h.close();
  });

  it("stores a batch of logs with 201 and filters them", async () => {
    const flowRunId = randomUUID();
    const taskRunId = randomUUID();
    const logs = [
      {
        name: "prefect.flow_runs",
        level: 20,
        message: "hello world",
        timestamp: "2024-05-01T12:00:01+02:00",
        flow_run_id: flowRunId,
      },
      {
        name: "prefect.task_runs",
        level: 40,
        message: "boom failed",
        timestamp: "2024-05-01T10:00:00Z",
        flow_run_id: flowRunId,
        task_run_id: taskRunId,
      },
      {
        name: "prefect.flow_runs",
        level: 10,
        message: "debug noise",
        timestamp: "2024-05-01T10:00:02Z",
        flow_run_id: flowRunId,
      },
    ];
    const created = await h.call("POST", "/api/logs/", logs);
    expect(created.status).toBe(201);
    expect(created.text).toBe("");
    const read = await h.call("POST", "/api/logs/filter", { logs: { flow_run_id: { any_: [flowRunId] } } });
    expect(read.body.map((l: { message: string }) => l.message)).toEqual(["boom failed", "hello world", "debug noise"]);
    for (const log of read.body) expectMatchesComponent("Log", log);
    const filter = async (logsFilter: unknown, sort?: string) =>
      (
        await h.call("POST", "/api/logs/filter", {
          logs: { flow_run_id: { any_: [flowRunId] }, ...(logsFilter as object) },
          ...(sort ? { sort } : {}),
        })
      ).body.map((l: { message: string }) => l.message);
    expect(await filter({ level: { ge_: 20 } }, "TIMESTAMP_DESC")).toEqual(["hello world", "boom failed"]);
    expect(await filter({ task_run_id: { is_null_: true } })).toEqual(["hello world", "debug noise"]);
    expect(await filter({ task_run_id: { any_: [taskRunId] } })).toEqual(["boom failed"]);
    expect(await filter({ timestamp: { after_: "2024-05-01T10:00:01Z" } })).toEqual(["hello world", "debug noise"]);
    expect(await filter({ text: { query: "hello -debug" } })).toEqual(["hello world"]);
    expect(await filter({ text: { query: "-hello" } })).toEqual(["boom failed", "debug noise"]);
  });

  it("refuses a batch with one bad log, storing none", async () => {
    const flowRunId = randomUUID();
    const bad = await h.call("POST", "/api/logs/", [
      { name: "ok", level: 20, message: "fine", timestamp: "2024-05-01T10:00:00Z", flow_run_id: flowRunId },
      { name: "bad", level: "high", message: "x", timestamp: "2024-05-01T10:00:00Z", flow_run_id: flowRunId },
    ]);
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0]).toMatchObject({
      loc: ["body", 1, "level"],
      input: "high",
      msg: expect.stringContaining("valid"),
    });
    expect((await h.call("POST", "/api/logs/filter", { logs: { flow_run_id: { any_: [flowRunId] } } })).body).toEqual(
      [],
    );
  });

  it("answers health, ready, versions and hello", async () => {
    expect(await h.call("GET", "/api/health")).toMatchObject({ status: 200, body: true });
    expect(await h.call("GET", "/api/ready")).toMatchObject({ status: 200, body: { message: "OK" } });
    expect((await h.call("GET", "/api/admin/version")).body).toMatch(/^3\.\d+\.\d+$/);
    expect((await h.call("GET", "/api/version")).status).toBe(200);
    expect((await h.call("GET", "/api/hello")).status).toBe(200);
    expect(await h.call("GET", "/api/csrf-token?client=abc")).toMatchObject({
      status: 422,
      body: { detail: "CSRF protection is disabled." },
    });
    expect((await h.call("GET", "/api/csrf-token")).status).toBe(422);
  });

  it("answers unknown routes with 404 Not Found", async () => {
    expect(await h.call("GET", "/api/nothing/here")).toMatchObject({ status: 404, body: { detail: "Not Found" } });
    expect(await h.call("GET", "/api/elsewhere")).toMatchObject({ status: 404, body: { detail: "Not Found" } });
  });
});

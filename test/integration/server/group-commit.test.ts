// Group commit: concurrent HTTP writes to the flow-run routes share one SQLite transaction, each in its own
// savepoint, so one failing request rolls back alone; Connection.writeEach is the primitive under it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness.js";

const MISSING_FLOW = "00000000-0000-4000-8000-000000000000";

describe("group commit over HTTP", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness("http");
  });
  afterAll(() => h.close());

  it("stores every concurrent create and rolls back only the failing ones", async () => {
    const flow = (await h.call("POST", "/api/flows/", { name: "grouped" })).body as { id: string };
    const answers = await Promise.all(
      Array.from({ length: 24 }, (_, i) =>
        h.call("POST", "/api/flow_runs/", {
          flow_id: i % 6 === 5 ? MISSING_FLOW : flow.id,
          name: `run-${i}`,
          state: { type: "PENDING" },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(20);
    expect(statuses.filter((s) => s === 409)).toHaveLength(4);
    const count = await h.call("POST", "/api/flow_runs/count", { flows: { id: { any_: [flow.id] } } });
    expect(count.body).toBe(20);
    // Each stored run has its Pending state in the history, and ids come back distinct.
    const ids = answers.filter((a) => a.status === 201).map((a) => (a.body as { id: string }).id);
    expect(new Set(ids).size).toBe(20);
    const states = await h.call("GET", `/api/flow_run_states/?flow_run_id=${ids[0]}`);
    expect((states.body as { type: string }[]).map((s) => s.type)).toEqual(["PENDING"]);
  });

  it("orders concurrent state proposals per run as sent and answers each", async () => {
    const flow = (await h.call("POST", "/api/flows/", { name: "grouped-states" })).body as { id: string };
    const runs = await Promise.all(
      Array.from({ length: 8 }, () =>
        h.call("POST", "/api/flow_runs/", { flow_id: flow.id, state: { type: "PENDING" } }),
      ),
    );
    const results = await Promise.all(
      runs.map((r) =>
        h.call("POST", `/api/flow_runs/${(r.body as { id: string }).id}/set_state`, { state: { type: "RUNNING" } }),
      ),
    );
    expect(results.map((r) => (r.body as { status: string }).status)).toEqual(Array(8).fill("ACCEPT"));
    for (const r of runs) {
      const run = await h.call("GET", `/api/flow_runs/${(r.body as { id: string }).id}`);
      expect((run.body as { state_type: string; run_count: number }).state_type).toBe("RUNNING");
      expect((run.body as { run_count: number }).run_count).toBe(1);
    }
  });
});

describe("Connection.writeEach", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness("in-process");
  });
  afterAll(() => h.close());

  it("commits the writes that succeed and rolls back the one that throws, alone", () => {
    const conn = h.store.conn;
    conn.run("CREATE TABLE t (v INTEGER)");
    const outcomes = conn.writeEach([
      () => conn.run("INSERT INTO t VALUES (1)"),
      () => {
        conn.run("INSERT INTO t VALUES (2)");
        throw new Error("boom");
      },
      () => h.store.write(() => conn.run("INSERT INTO t VALUES (3)")),
    ]);
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]).toMatchObject({ ok: false, error: expect.objectContaining({ message: "boom" }) });
    expect(conn.all("SELECT v FROM t ORDER BY v").map((r) => r.v)).toEqual([1, 3]);
    expect(conn.db.inTransaction).toBe(false);
  });

  it("refuses to run inside another write transaction", () => {
    expect(() => h.store.write(() => h.store.conn.writeEach([() => 1]))).toThrow(/inside another write transaction/);
  });
});

// Flow run history over both transports: POST /flow_runs/history counts runs per interval and state with their
// run time and lateness (Prefect's run_history), POST /ui/flow_runs/history lists one point per run; both filter
// as /flow_runs/filter does and answer as Prefect's OpenAPI says.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesResponse } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const T0 = Date.parse("2026-03-01T10:00:00.000Z");
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

describe.each(TRANSPORTS)("flow run history routes (%s)", (transport) => {
  let h: Harness;
  let clock = T0;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    h = await startHarness(transport, { now: () => new Date(clock) });
    const etl = (await h.call("POST", "/api/flows/", { name: "etl" })).body.id;
    const report = (await h.call("POST", "/api/flows/", { name: "report" })).body.id;
    const scheduled = async (name: string, flowId: string, minutes: number): Promise<string> => {
      const created = await h.call("POST", "/api/flow_runs/", {
        flow_id: flowId,
        name,
        state: { type: "SCHEDULED", state_details: { scheduled_time: at(minutes) } },
      });
      expect(created.status).toBe(201);
      return created.body.id;
    };
    const propose = async (id: string, type: string, minutes: number): Promise<void> => {
      clock = T0 + minutes * 60_000;
      const answer = await h.call("POST", `/api/flow_runs/${id}/set_state`, { state: { type } });
      expect(answer.body.status).toBe("ACCEPT");
    };
    ids.waiting = await scheduled("waiting", etl, 10);
    ids.done = await scheduled("done", etl, 70);
    await propose(ids.done, "PENDING", 74);
    await propose(ids.done, "RUNNING", 75);
    await propose(ids.done, "COMPLETED", 80);
    ids.running = await scheduled("running", report, 20);
    await propose(ids.running, "PENDING", 20);
    await propose(ids.running, "RUNNING", 20);
    ids.outside = await scheduled("outside", etl, 600);
    // A run without a state has no place in a history.
    await h.call("POST", "/api/flow_runs/", { flow_id: etl, name: "stateless", state: null });
    clock = T0 + 90 * 60_000;
  });
  afterAll(async () => {
    await h?.close();
  });

  it("counts runs per interval and state, with run time and lateness estimated at the server's now", async () => {
    const answer = await h.call("POST", "/api/flow_runs/history", {
      history_start: at(0),
      history_end: at(120),
      history_interval_seconds: 3600,
    });
    expect(answer.status).toBe(200);
    expectMatchesResponse("POST", "/flow_runs/history", 200, answer.body);
    expect(answer.body.map((i: { interval_start: string }) => i.interval_start)).toEqual([at(0), at(60)]);
    expect(answer.body[1].interval_end).toBe(at(120));
    const byName = (index: number) =>
      Object.fromEntries(answer.body[index].states.map((s: { state_name: string }) => [s.state_name, s]));
    // Waiting since minute 10 (80 minutes late at 90); running since minute 20 (70 minutes of run time).
    expect(byName(0)).toEqual({
      Scheduled: {
        state_type: "SCHEDULED",
        state_name: "Scheduled",
        count_runs: 1,
        sum_estimated_run_time: 0,
        sum_estimated_lateness: 4800,
      },
      Running: {
        state_type: "RUNNING",
        state_name: "Running",
        count_runs: 1,
        sum_estimated_run_time: 4200,
        sum_estimated_lateness: 0,
      },
    });
    // Expected at 70, started at 75, ran 5 minutes.
    expect(byName(1)).toEqual({
      Completed: {
        state_type: "COMPLETED",
        state_name: "Completed",
        count_runs: 1,
        sum_estimated_run_time: 300,
        sum_estimated_lateness: 300,
      },
    });
  });

  it("filters as /flow_runs/filter does, and lists empty intervals with no states", async () => {
    const answer = await h.call("POST", "/api/flow_runs/history", {
      history_start: at(0),
      history_end: at(180),
      history_interval_seconds: 1800,
      flows: { name: { any_: ["etl"] } },
      flow_runs: { state: { type: { any_: ["COMPLETED", "SCHEDULED"] } } },
    });
    expect(answer.status).toBe(200);
    expect(
      answer.body.map((i: { states: { count_runs: number; state_type: string }[] }) =>
        i.states.map((s) => `${s.state_type}:${s.count_runs}`),
      ),
    ).toEqual([["SCHEDULED:1"], [], ["COMPLETED:1"], [], [], []]);
  });

  it("ends a range that is not a whole number of intervals with one more, as Prefect's intervals do", async () => {
    const intervals = async (end: string): Promise<{ interval_start: string; interval_end: string }[]> =>
      (
        await h.call("POST", "/api/flow_runs/history", {
          history_start: at(0),
          history_end: end,
          history_interval_seconds: 3600,
        })
      ).body;
    expect(await intervals(at(24 * 60))).toHaveLength(24);
    const longer = await intervals(new Date(T0 + 24 * 3_600_000 + 1).toISOString());
    expect(longer).toHaveLength(25);
    expect(longer.at(-1)).toEqual({ interval_start: at(24 * 60), interval_end: at(25 * 60), states: [] });
  });

  it("answers 422 for an interval under a second, and at most 500 intervals", async () => {
    const tooFine = await h.call("POST", "/api/flow_runs/history", {
      history_start: at(0),
      history_end: at(1),
      history_interval_seconds: 0.5,
    });
    expect(tooFine.status).toBe(422);
    expect(tooFine.text).toContain("History interval must not be less than 1 second");
    const missing = await h.call("POST", "/api/flow_runs/history", { history_start: at(0) });
    expect(missing.status).toBe(422);
    expect(missing.body.exception_detail).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ loc: ["body", "history_end"] }),
        expect.objectContaining({ loc: ["body", "history_interval_seconds"] }),
      ]),
    );
    const long = await h.call("POST", "/api/flow_runs/history", {
      history_start: at(0),
      history_end: at(1000),
      history_interval_seconds: 60,
    });
    expect(long.body).toHaveLength(500);
    const backwards = await h.call("POST", "/api/flow_runs/history", {
      history_start: at(60),
      history_end: at(0),
      history_interval_seconds: 60,
    });
    expect(backwards.body).toEqual([]);
  });

  it("lists one point per run for the UI: start or expected start, run time and lateness", async () => {
    const answer = await h.call("POST", "/api/ui/flow_runs/history", { sort: "EXPECTED_START_TIME_ASC", limit: 3 });
    expect(answer.status).toBe(200);
    expectMatchesResponse("POST", "/ui/flow_runs/history", 200, answer.body);
    expect(answer.body).toEqual([
      { id: ids.waiting, state_type: "SCHEDULED", timestamp: at(10), duration: 0, lateness: 4800 },
      { id: ids.running, state_type: "RUNNING", timestamp: at(20), duration: 4200, lateness: 0 },
      { id: ids.done, state_type: "COMPLETED", timestamp: at(75), duration: 300, lateness: 300 },
    ]);
    const filtered = await h.call("POST", "/api/ui/flow_runs/history", { flows: { name: { any_: ["report"] } } });
    expect(filtered.body.map((p: { id: string }) => p.id)).toEqual([ids.running]);
    const tooMany = await h.call("POST", "/api/ui/flow_runs/history", { limit: 1001 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.exception_detail[0].loc).toEqual(["body", "limit"]);
  });
});

// The engine's state clock and the task-run events built from it: every state of a run gets a distinct, increasing
// timestamp to the microsecond (Prefect's server keys task-run states on (task_run_id, timestamp)), and the event
// carries it as Prefect's Python SDK does.
import { describe, expect, it } from "vitest";
import { toWire } from "../../../src/client/index.js";
import { LocalTaskRun } from "../../../src/engine/local-task-run.js";
import { MicrosecondDate, nextStateTimestamp, pythonIsoFormat } from "../../../src/engine/state-clock.js";
import { makeState } from "../../../src/engine/states.js";
import { taskRunStateEvent } from "../../../src/engine/task-run-events.js";
import { EventsCreateRequest, parseDateTime } from "../../../src/schemas/index.js";

const MICRO_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

describe("nextStateTimestamp", () => {
  it("hands out strictly increasing microsecond timestamps, even thousands within one millisecond", () => {
    const stamps = Array.from({ length: 5000 }, () => nextStateTimestamp());
    const isos = stamps.map((d) => d.toISOString());
    for (const iso of isos) expect(iso).toMatch(MICRO_ISO);
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]!.epochMicros).toBeGreaterThan(stamps[i - 1]!.epochMicros);
    // Same length, fixed format: string order is time order.
    expect([...isos].sort()).toEqual(isos);
    expect(new Set(isos).size).toBe(isos.length);
  });

  it("stays close to the wall clock", () => {
    const before = Date.now();
    const stamp = nextStateTimestamp();
    expect(stamp.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(stamp.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});

describe("state ids", () => {
  it("are UUIDv7 that increase in creation order, even thousands within one millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => makeState("PENDING").id);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
  });
});

describe("MicrosecondDate", () => {
  it("is a Date whose ISO form and JSON keep the microseconds", () => {
    const d = new MicrosecondDate(Date.parse("2026-12-06T03:43:07.060Z") * 1000 + 934);
    expect(d).toBeInstanceOf(Date);
    expect(d.getTime()).toBe(Date.parse("2026-12-06T03:43:07.060Z"));
    expect(d.toISOString()).toBe("2026-12-06T03:43:07.060934Z");
    expect(JSON.stringify({ d })).toBe('{"d":"2026-12-06T03:43:07.060934Z"}');
    expect(pythonIsoFormat(d)).toBe("2026-12-06T03:43:07.060934+00:00");
  });
});

describe("task-run state events of a fast task", () => {
  it("Pending, Running and Completed made back to back get distinct, increasing microsecond times on the wire", () => {
    const run = new LocalTaskRun(
      {
        id: "00000000-0000-4000-8000-000000000001",
        name: "add-0",
        flowRunId: "5b0c3d2e-1f4a-4b6c-8d7e-9f0a1b2c3d4e",
        taskKey: "add",
        dynamicKey: "0",
      },
      1,
    );
    let follows: string | null = null;
    const events = (["PENDING", "RUNNING", "COMPLETED"] as const).map((type) => {
      const state = makeState(type);
      const event = taskRunStateEvent(run.id, "add-0", run.transition(state), [], follows);
      follows = state.id;
      return event;
    });
    const wire = EventsCreateRequest.parse(events.map((e) => toWire(EventsCreateRequest.element, e)));
    const occurred = wire.map((e) => e.occurred);
    for (const o of occurred) expect(o).toMatch(MICRO_ISO);
    expect(new Set(occurred).size).toBe(3);
    expect([...occurred].sort()).toEqual(occurred);
    // Prefect's labels: run count, and the state time as Python's isoformat() writes it.
    expect(wire.map((e) => e.resource["prefect.run-count"])).toEqual(["0", "1", "1"]);
    expect(wire[1]!.resource["prefect.state-timestamp"]).toBe(occurred[1]!.replace("Z", "+00:00"));
    expect(parseDateTime(wire[1]!.resource["prefect.state-timestamp"]!).getTime()).toBe(Date.parse(occurred[1]!));
    // Each event follows the previous one of its run, and is named for the state.
    expect(wire.map((e) => e.event)).toEqual([
      "prefect.task-run.Pending",
      "prefect.task-run.Running",
      "prefect.task-run.Completed",
    ]);
    expect(wire[0]!.follows).toBeNull();
    expect(wire[2]!.follows).toBe(wire[1]!.id);
    // The run's times in the payload keep the microseconds too.
    const task = wire[2]!.payload.task_run as { start_time: string; end_time: string };
    expect(task.start_time).toBe(occurred[1]);
    expect(task.end_time).toBe(occurred[2]);
  });
});

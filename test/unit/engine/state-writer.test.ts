import { describe, expect, it } from "vitest";
import { ObjectNotFoundError } from "../../../src/errors.js";
import { LocalTaskRun } from "../../../src/engine/local-task-run.js";
import { makeState } from "../../../src/engine/states.js";
import { StateWriter } from "../../../src/engine/state-writer.js";
import { TaskRunRequestWriter } from "../../../src/engine/task-run-requests.js";
import { waitFor } from "../../../src/testing/wait-for.js";

const FLOW_RUN = "5b0c3d2e-1f4a-4b6c-8d7e-9f0a1b2c3d4e";

function slowClient(log: string[], delays: Record<string, number> = {}) {
  const wait = (id: string) => new Promise((r) => setTimeout(r, delays[id] ?? 0));
  return {
    createTaskRun: async (o: { id?: string }) => {
      await wait(o.id!);
      log.push(`create ${o.id}`);
      return {} as never;
    },
    setTaskRunState: async (id: string, s: { type: string }) => {
      await wait(id);
      log.push(`${s.type} ${id}`);
      return {} as never;
    },
  };
}

/** A client whose POST /events records each batch's events as "<event name> <run id>". */
function eventsClient(batches: string[][], fail?: (batch: number) => Error | undefined) {
  const requests: string[] = [];
  return {
    requests,
    client: {
      createEvents: async (events: { event: string; resource: Record<string, string> }[]) => {
        await new Promise((r) => setTimeout(r, 1));
        const error = fail?.(batches.length);
        if (error) throw error;
        batches.push(
          events.map(
            (e) => `${e.event.slice("prefect.task-run.".length)} ${e.resource["prefect.resource.id"]!.slice(-1)}`,
          ),
        );
      },
      ...slowClient(requests),
    },
  };
}

const create = (id: string) => ({ id, flowRunId: "f", taskKey: "k", dynamicKey: id });
const run = (n: string) =>
  new LocalTaskRun(
    { id: `00000000-0000-4000-8000-00000000000${n}`, name: `t-${n}`, flowRunId: FLOW_RUN, taskKey: "k", dynamicKey: n },
    1,
  );
const states = ["PENDING", "RUNNING", "COMPLETED"] as const;

describe("StateWriter (events)", () => {
  it("sends task-run state events in batches, in order, and flush waits for all of them", async () => {
    const batches: string[][] = [];
    const { client } = eventsClient(batches);
    const writer = new StateWriter(client as never, { maxBatchEvents: 4 });
    const a = run("1");
    const b = run("2");
    for (const type of states) {
      writer.record(a, makeState(type));
      writer.record(b, makeState(type));
    }
    await writer.flush();
    expect(writer.idle).toBe(true);
    expect(batches.flat()).toEqual(["Pending 1", "Pending 2", "Running 1", "Running 2", "Completed 1", "Completed 2"]);
    expect(batches.every((batch) => batch.length <= 4)).toBe(true);
    expect(batches.length).toBe(2);
  });

  it("sends on its own after the interval, without a flush", async () => {
    const batches: string[][] = [];
    const writer = new StateWriter(eventsClient(batches).client as never, { intervalMs: 1 });
    writer.record(run("1"), makeState("PENDING"));
    await waitFor(() => batches.length > 0, { message: "the interval's batch" });
    expect(batches).toEqual([["Pending 1"]]);
  });

  it("builds Prefect's event: name, resource labels, follows, payload with the task run", async () => {
    const sent: Record<string, unknown>[] = [];
    const writer = new StateWriter({ createEvents: async (e: never[]) => void sent.push(...e) } as never, {
      related: [{ "prefect.resource.id": `prefect.flow-run.${FLOW_RUN}`, "prefect.resource.role": "flow-run" }],
    });
    const r = run("1");
    const pending = makeState("PENDING");
    const running = makeState("RUNNING");
    writer.record(r, pending);
    writer.record(r, running);
    await writer.flush();
    expect(sent[1]).toMatchObject({
      id: running.id,
      // A string: the state clock's microseconds survive the wire (state-clock.test.ts).
      occurred: running.timestamp!.toISOString(),
      event: "prefect.task-run.Running",
      follows: pending.id,
      resource: {
        "prefect.resource.id": `prefect.task-run.${r.id}`,
        "prefect.resource.name": "t-1",
        "prefect.state-name": "Running",
        "prefect.state-type": "RUNNING",
        "prefect.orchestration": "client",
      },
      related: [{ "prefect.resource.role": "flow-run" }],
      payload: {
        intended: { from: "PENDING", to: "RUNNING" },
        initial_state: { type: "PENDING", name: "Pending" },
        validated_state: { type: "RUNNING", name: "Running", data: null },
        task_run: {
          name: "t-1",
          task_key: "k",
          dynamic_key: "1",
          run_count: 1,
          flow_run_run_count: 1,
          start_time: running.timestamp!.toISOString(),
        },
      },
    });
    expect(sent[0]).toMatchObject({
      follows: null,
      payload: { intended: { from: null, to: "PENDING" }, initial_state: null },
    });
  });

  it("falls back for good to one request per change when the API has no POST /events (404)", async () => {
    const batches: string[][] = [];
    const { client, requests } = eventsClient(
      batches,
      () =>
        new ObjectNotFoundError("Not Found", {
          status: 404,
          method: "POST",
          url: "http://x/api/events",
          body: { detail: "Not Found" },
        }),
    );
    const writer = new StateWriter(client as never);
    const a = run("1");
    for (const type of states) writer.record(a, makeState(type));
    await writer.flush();
    expect(requests).toEqual([`create ${a.id}`, `RUNNING ${a.id}`, `COMPLETED ${a.id}`]);
    // The next flow run's writer on the same client goes straight to requests.
    const next = new StateWriter(client as never);
    const b = run("2");
    next.record(b, makeState("PENDING"));
    await next.flush();
    expect(requests.at(-1)).toBe(`create ${b.id}`);
    expect(batches).toEqual([]);
  });

  it("reports a failed batch and carries on", async () => {
    const batches: string[][] = [];
    const errors: string[] = [];
    let calls = 0;
    const { client } = eventsClient(batches, () => (calls++ === 0 ? new Error("boom") : undefined));
    const writer = new StateWriter(client as never, {
      onError: (e, what) => errors.push(`${what}: ${(e as Error).message}`),
    });
    writer.record(run("1"), makeState("PENDING"));
    await writer.flush();
    writer.record(run("2"), makeState("PENDING"));
    await writer.flush();
    expect(errors).toEqual(["1 task run state change(s): boom"]);
    expect(writer.failures).toBe(1);
    expect(batches).toEqual([["Pending 2"]]);
  });
});

describe("TaskRunRequestWriter (the fallback path)", () => {
  it("writes each run's operations in order, pipelined across runs", async () => {
    const log: string[] = [];
    const writer = new TaskRunRequestWriter(slowClient(log, { a: 50 }));
    writer.createTaskRun(create("a"));
    writer.setTaskRunState("a", { type: "RUNNING" });
    writer.setTaskRunState("a", { type: "COMPLETED" });
    writer.createTaskRun(create("b"));
    writer.setTaskRunState("b", { type: "COMPLETED" });
    expect(log).toEqual([]);
    await writer.flush();
    expect(log.filter((l) => l.endsWith(" a"))).toEqual(["create a", "RUNNING a", "COMPLETED a"]);
    expect(log.filter((l) => l.endsWith(" b"))).toEqual(["create b", "COMPLETED b"]);
    // b is not held up behind a's slow requests
    expect(log.indexOf("COMPLETED b")).toBeLessThan(log.indexOf("create a"));
    expect(writer.idle).toBe(true);
  });

  it("skips the states of a run whose creation failed and reports it", async () => {
    const errors: string[] = [];
    const calls: string[] = [];
    const writer = new TaskRunRequestWriter(
      {
        createTaskRun: async () => Promise.reject(new Error("nope")),
        setTaskRunState: async (id: string) => void calls.push(id) as never,
      },
      { onError: (_e, id, op) => errors.push(`${op} ${id}`) },
    );
    writer.createTaskRun(create("x"));
    writer.setTaskRunState("x", { type: "RUNNING" });
    await writer.flush();
    expect(errors).toEqual(["create x"]);
    expect(calls).toEqual([]);
    expect(writer.failures).toBe(1);
  });

  it("flush waits for operations queued while flushing", async () => {
    const log: string[] = [];
    const writer = new TaskRunRequestWriter(slowClient(log), { concurrency: 1 });
    for (let i = 0; i < 20; i++) writer.createTaskRun(create(`r${i}`));
    const flushed = writer.flush();
    writer.setTaskRunState("r0", { type: "COMPLETED" });
    await flushed;
    expect(log).toHaveLength(21);
  });
});

import { describe, expect, it } from "vitest";
import { StateWriter } from "../../../src/engine/state-writer.js";

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

const create = (id: string) => ({ id, flowRunId: "f", taskKey: "k", dynamicKey: id });

describe("StateWriter", () => {
  it("writes each run's operations in order, pipelined across runs", async () => {
    const log: string[] = [];
    const writer = new StateWriter(slowClient(log, { a: 5 }));
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
    const writer = new StateWriter(
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
    const writer = new StateWriter(slowClient(log), { concurrency: 1 });
    for (let i = 0; i < 20; i++) writer.createTaskRun(create(`r${i}`));
    const flushed = writer.flush();
    writer.setTaskRunState("r0", { type: "COMPLETED" });
    await flushed;
    expect(log).toHaveLength(21);
  });
});

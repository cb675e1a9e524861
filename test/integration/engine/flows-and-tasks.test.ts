import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FailedRunError, TimeoutRunError } from "../../../src/errors.js";
import { flow } from "../../../src/flow.js";
import { withClient } from "../../../src/engine/client-provider.js";
import { getRunLogger } from "../../../src/engine/get-run-logger.js";
import { task } from "../../../src/task.js";
import { transports } from "../../../src/testing/index.js";
import {
  flowRunStateNames,
  latestFlowRun,
  startHarness,
  taskRunStateNames,
  taskRunsOf,
  type EngineHarness,
} from "./harness.js";

describe.each(transports)("flows and tasks over %s", (transport) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(() => h.close());

  it("records the flow run, its task runs and every state in order, and returns the result", async () => {
    const add = task(function add(a: number, b: number) {
      return a + b;
    });
    const sumFlow = flow({ name: "sum-flow" }, async (x: number, y = 10) => {
      const s = await add(x, y);
      return add(s, 1);
    });
    expect(await h.run(() => sumFlow(1))).toBe(12);

    const run = await latestFlowRun(h.client, "sum-flow");
    expect(run.parameters).toEqual({ x: 1 });
    expect(run.state?.type).toBe("COMPLETED");
    expect(await flowRunStateNames(h.client, run.id)).toEqual(["Pending", "Running", "Completed"]);
    const taskRuns = await taskRunsOf(h.client, run.id);
    expect(taskRuns.map((t) => t.dynamicKey)).toEqual(["0", "1"]);
    for (const t of taskRuns) {
      expect(t.name).toMatch(/^add-[0-9a-f]{3}$/);
      expect(t.state?.type).toBe("COMPLETED");
      expect(await taskRunStateNames(h.client, t.id)).toEqual(["Pending", "Running", "Completed"]);
    }
    expect(
      h.lines.some((l) => /\| INFO {4}\| Flow run '.+' - Beginning flow run '.+' for flow 'sum-flow'/.test(l)),
    ).toBe(true);
    expect(h.lines.some((l) => l.endsWith("Finished in state Completed()") && l.includes("Task run 'add-"))).toBe(true);
  });

  it("stores every task run and state before the flow run's final state", async () => {
    const noop = task(function noop(i: number) {
      return i;
    });
    const many = flow({ name: "many-tasks" }, async () => {
      for (let i = 0; i < 30; i++) await noop(i);
      await Promise.all([1, 2, 3].map((i) => noop(i)));
    });
    await h.run(() => many());
    const run = await latestFlowRun(h.client, "many-tasks");
    const completedAt = run.state!.timestamp!.getTime();
    const taskRuns = await taskRunsOf(h.client, run.id);
    expect(taskRuns).toHaveLength(33);
    for (const t of taskRuns) {
      expect(t.state?.type).toBe("COMPLETED");
      expect(t.state!.timestamp!.getTime()).toBeLessThanOrEqual(completedAt);
    }
  });

  it("fails the run with FailedRunError carrying the user's error, and a Failed state", async () => {
    const boom = task(function boom() {
      throw new TypeError("bad input");
    });
    const failing = flow({ name: "failing-flow" }, async () => {
      await boom();
    });
    const error = await h.run(() => failing()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedRunError);
    expect((error as FailedRunError).cause).toBeInstanceOf(TypeError);
    expect((error as Error).message).toContain("bad input");
    const run = await latestFlowRun(h.client, "failing-flow");
    expect(run.state?.type).toBe("FAILED");
    expect(run.state?.message).toContain("TypeError: bad input");
    const [taskRun] = await taskRunsOf(h.client, run.id);
    expect(taskRun?.state?.type).toBe("FAILED");
    expect(taskRun?.state?.message).toBe("Task run encountered an exception: TypeError: bad input");
  });

  it("returns the final state instead of throwing with callWithState", async () => {
    const failing = flow({ name: "state-flow" }, async () => {
      throw new Error("nope");
    });
    const state = await h.run(() => failing.callWithState());
    expect(state.type).toBe("FAILED");
    const ok = flow({ name: "state-flow-ok" }, async () => 41 + 1);
    const done = await h.run(() => ok.callWithState());
    expect(done.type).toBe("COMPLETED");
    expect(done.data).toBe(42);
  });

  it("retries flows through the server's AwaitingRetry", async () => {
    let attempts = 0;
    const step = task(function step(n: number) {
      return n;
    });
    const flaky = flow({ name: "flaky-flow", retries: 2, retryDelaySeconds: 0 }, async () => {
      attempts++;
      await step(attempts);
      if (attempts < 3) throw new Error(`attempt ${attempts}`);
      return "ok";
    });
    expect(await h.run(() => flaky())).toBe("ok");
    expect(attempts).toBe(3);
    const run = await latestFlowRun(h.client, "flaky-flow");
    const names = await flowRunStateNames(h.client, run.id);
    expect(names[0]).toBe("Pending");
    expect(names.filter((n) => n === "AwaitingRetry")).toHaveLength(2);
    expect(names[names.length - 1]).toBe("Completed");
    expect(run.runCount).toBe(3);
    // Each attempt's task run is a new run (dynamic keys keep counting), fully recorded.
    const steps = await taskRunsOf(h.client, run.id);
    expect(steps.map((t) => [t.dynamicKey, t.state?.type])).toEqual([
      ["0", "COMPLETED"],
      ["1", "COMPLETED"],
      ["2", "COMPLETED"],
    ]);
  });

  it("retries tasks locally: Retrying, AwaitingRetry with a delay, retryCondition", async () => {
    let calls = 0;
    const flaky = task({ retries: 3, retryDelaySeconds: [0, 0.05] }, function flaky() {
      calls++;
      if (calls < 3) throw new Error(`call ${calls}`);
      return calls;
    });
    let guarded = 0;
    const noRetry = task({ retries: 5, retryCondition: (e) => !(e instanceof RangeError) }, function noRetry() {
      guarded++;
      throw new RangeError("permanent");
    });
    const f = flow({ name: "task-retries" }, async () => {
      const v = await flaky();
      const s = await noRetry.callWithState();
      return [v, s.type];
    });
    expect(await h.run(() => f())).toEqual([3, "FAILED"]);
    expect(guarded).toBe(1);
    const run = await latestFlowRun(h.client, "task-retries");
    const taskRuns = await taskRunsOf(h.client, run.id);
    const flakyRun = taskRuns.find((t) => t.name?.startsWith("flaky-"))!;
    // A zero-delay retry goes RUNNING -> RUNNING ("Retrying", which the server may rename "Rerunning").
    const names = await taskRunStateNames(h.client, flakyRun.id);
    expect([names[0], names[1], names[3], names[4], names[5]]).toEqual([
      "Pending",
      "Running",
      "AwaitingRetry",
      "Retrying",
      "Completed",
    ]);
    expect(["Retrying", "Rerunning"]).toContain(names[2]);
    expect(names).toHaveLength(6);
    const noRetryRun = taskRuns.find((t) => t.name?.startsWith("noRetry-"))!;
    expect(await taskRunStateNames(h.client, noRetryRun.id)).toEqual(["Pending", "Running", "Failed"]);
  });

  it("times out tasks and flows with TimedOut states", async () => {
    const slow = task({ timeoutSeconds: 0.05 }, async function slow() {
      await new Promise((r) => setTimeout(r, 2000).unref());
    });
    const f = flow({ name: "task-timeout" }, async () => (await slow.callWithState()).name);
    expect(await h.run(() => f())).toBe("TimedOut");

    const slowFlow = flow({ name: "flow-timeout", timeoutSeconds: 0.05 }, async () => {
      await new Promise((r) => setTimeout(r, 2000).unref());
    });
    const error = await h.run(() => slowFlow()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedRunError);
    expect((error as FailedRunError).cause).toBeInstanceOf(TimeoutRunError);
    const run = await latestFlowRun(h.client, "flow-timeout");
    expect(run.state?.name).toBe("TimedOut");
    expect(run.state?.message).toBe("Flow run exceeded timeout of 0.05 second(s)");
  });

  it("runs Promise.all and map concurrently with distinct dynamic keys and ordered results", async () => {
    const double = task(async function double(n: number) {
      await new Promise((r) => setTimeout(r, (5 - n) * 3));
      return n * 2;
    });
    const f = flow({ name: "concurrent" }, async () => {
      const a = await Promise.all([1, 2, 3].map((n) => double(n)));
      const b = await double.map([4, 5]);
      return [...a, ...b];
    });
    expect(await h.run(() => f())).toEqual([2, 4, 6, 8, 10]);
    const run = await latestFlowRun(h.client, "concurrent");
    const keys = (await taskRunsOf(h.client, run.id)).map((t) => t.dynamicKey);
    expect(keys).toEqual(["0", "1", "2", "3", "4"]);
  });

  it("names flow runs from templates and tasks from taskRunName", async () => {
    const t = task({ taskRunName: "load-{table}" }, function load(table: string) {
      return table;
    });
    const f = flow({ name: "named-flow", flowRunName: "etl-{day}" }, async (day: string) => t(`t_${day}`));
    await h.run(() => f("mon"));
    const run = await latestFlowRun(h.client, "named-flow");
    expect(run.name).toBe("etl-mon");
    expect((await taskRunsOf(h.client, run.id))[0]?.name).toBe("load-t_mon");
  });

  it("creates a parent task run for subflows", async () => {
    const child = flow({ name: "child-flow" }, async (n: number) => n + 1);
    const parent = flow({ name: "parent-flow" }, async () => (await child(1)) + (await child(2)));
    expect(await h.run(() => parent())).toBe(5);
    const parentRun = await latestFlowRun(h.client, "parent-flow");
    const parentTaskRuns = await taskRunsOf(h.client, parentRun.id);
    expect(parentTaskRuns).toHaveLength(2);
    const children = await h.client.readFlowRuns({ flowFilter: { name: { any_: ["child-flow"] } } });
    expect(children).toHaveLength(2);
    expect(new Set(children.map((c) => c.parentTaskRunId))).toEqual(new Set(parentTaskRuns.map((t) => t.id)));
    for (const t of parentTaskRuns) expect(t.state?.type).toBe("COMPLETED");
    // Created Pending by the engine, then every child state mirrored by the server, once each (as Prefect's).
    for (const t of parentTaskRuns)
      expect(await taskRunStateNames(h.client, t.id)).toEqual(["Pending", "Pending", "Running", "Completed"]);
  });

  it("calls hooks with the flow or task, the run and the state", async () => {
    const seen: string[] = [];
    const t = task(
      {
        onCompletion: [
          (task, run, state) => void seen.push(`task ${task.name} ${run.name.split("-")[0]} ${state.type}`),
        ],
      },
      function hooked() {
        return 1;
      },
    );
    const f = flow(
      {
        name: "hooked-flow",
        onRunning: [(fl, run, state) => void seen.push(`flow ${fl.name} ${state.type} ${typeof run.id}`)],
        onFailure: [
          () => {
            throw new Error("hook errors are logged, not raised");
          },
          (_f, _r, state) => void seen.push(`failed ${state.type}`),
        ],
      },
      async () => {
        await t();
        throw new Error("x");
      },
    );
    await expect(h.run(() => f())).rejects.toThrow(FailedRunError);
    expect(seen).toEqual(["flow hooked-flow RUNNING string", "task hooked hooked COMPLETED", "failed FAILED"]);
    expect(h.lines.some((l) => l.includes("An error was encountered while running hook"))).toBe(true);
  });

  it("marks the flow run Crashed when the API fails under it, and lets the error through", async () => {
    const failing = new Proxy(h.client, {
      get(target, key, receiver) {
        if (key === "setFlowRunState") {
          return (id: string, state: { type: string }, options?: { force?: boolean }) =>
            state.type === "COMPLETED"
              ? Promise.reject(new Error("connection dropped"))
              : target.setFlowRunState(id, state as never, options);
        }
        const value = Reflect.get(target, key, receiver) as unknown;
        return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const crashedHook: string[] = [];
    const f = flow(
      { name: "crashing-flow", onCrashed: [(_f, _r, state) => void crashedHook.push(state.type)] },
      async () => 1,
    );
    await expect(withClient(failing, () => f(), { settings: h.settings })).rejects.toThrow("connection dropped");
    const run = await latestFlowRun(h.client, "crashing-flow");
    expect(run.state?.type).toBe("CRASHED");
    expect(run.state?.message).toContain("connection dropped");
    expect(crashedHook).toEqual(["CRASHED"]);
  });

  it("makes no API calls for tasks called outside flows", async () => {
    const before = await h.client.countTaskRuns();
    const t = task(function outside(n: number) {
      return n * 3;
    });
    expect(await h.run(() => t(2))).toBe(6);
    expect(await h.client.countTaskRuns()).toBe(before);
  });

  it("stores run logs with their run ids", async () => {
    const t = task(function logs() {
      getRunLogger().warning("from the task %d", 7);
    });
    const f = flow({ name: "logging-flow" }, async () => {
      getRunLogger().info("from the flow");
      await t();
    });
    await h.run(() => f());
    const run = await latestFlowRun(h.client, "logging-flow");
    const logs = await h.client.readLogs({ logFilter: { flowRunId: { any_: [run.id] } } });
    const byMessage = new Map(logs.map((l) => [l.message, l]));
    expect(byMessage.get("from the flow")?.level).toBe(20);
    expect(byMessage.get("from the flow")?.taskRunId).toBeNull();
    expect(byMessage.get("from the task 7")?.level).toBe(30);
    expect(byMessage.get("from the task 7")?.taskRunId).toEqual(expect.any(String));
    expect([...byMessage.keys()]).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Beginning flow run/), "Finished in state Completed()"]),
    );
  });
});

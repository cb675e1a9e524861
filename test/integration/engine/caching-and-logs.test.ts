import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { CachePolicy } from "../../../src/engine/cache-policy.js";
import { stateResult } from "../../../src/engine/state-result.js";
import { FailedRunError, ParameterValidationError } from "../../../src/errors.js";
import { flow } from "../../../src/flow.js";
import { task } from "../../../src/task.js";
import { transports } from "../../../src/testing/index.js";
import { latestFlowRun, startHarness, taskRunStateNames, taskRunsOf, type EngineHarness } from "./harness.js";

describe.each(transports)("caching, results, parameters and logs over %s", (transport) => {
  let h: EngineHarness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(() => h.close());

  it("serves a second call with the same inputs from the cache ('Cached'), across flow runs", async () => {
    let calls = 0;
    const square = task({ cachePolicy: CachePolicy.INPUTS, cacheExpiration: 60 }, function square(n: number) {
      calls++;
      return { n, sq: n * n };
    });
    const f = flow({ name: "cache-flow" }, async (n: number) => {
      const a = await square.callWithState(n);
      const b = await square.callWithState(n);
      const c = await square.callWithState(n + 1);
      return [a.name, b.name, c.name, await stateResult(b)];
    });
    expect(await h.run(() => f(3))).toEqual(["Completed", "Cached", "Completed", { n: 3, sq: 9 }]);
    expect(calls).toBe(2);
    expect(await h.run(() => f(3))).toEqual(["Cached", "Cached", "Cached", { n: 3, sq: 9 }]);
    expect(calls).toBe(2);

    const run = await latestFlowRun(h.client, "cache-flow");
    const taskRuns = await taskRunsOf(h.client, run.id);
    expect(taskRuns.map((t) => t.state?.name)).toEqual(["Cached", "Cached", "Cached"]);
    // A cache hit is begun like any run, as Prefect's engine records it: Pending, Running, then Completed/Cached.
    expect(await taskRunStateNames(h.client, taskRuns[0]!.id)).toEqual(["Pending", "Running", "Cached"]);
    expect(taskRuns[0]!.cacheKey).toEqual(expect.any(String));
    expect(taskRuns[0]!.cacheExpiration).toBeInstanceOf(Date);
  });

  it("refreshCache runs the function again; DEFAULT policy keys on the flow run", async () => {
    let calls = 0;
    const t = task({ cachePolicy: CachePolicy.DEFAULT }, function perRun() {
      return ++calls;
    });
    const refreshing = t.with({ refreshCache: true });
    const f = flow({ name: "default-policy" }, async () => [await t(), await t(), await refreshing()]);
    expect(await h.run(() => f())).toEqual([1, 1, 2]);
    expect(await h.run(() => f())).toEqual([3, 3, 4]);
  });

  it("persists results as Prefect 3 result records referenced by the state's data", async () => {
    const t = task({ persistResult: true }, function make() {
      return { rows: [1, 2, 3] };
    });
    const f = flow({ name: "persist-flow", persistResult: true }, async () => t());
    expect(await h.run(() => f())).toEqual({ rows: [1, 2, 3] });
    const run = await latestFlowRun(h.client, "persist-flow");
    const data = run.state?.data as { storage_key: string; serializer: { type: string }; storage_block_id: null };
    expect(data.serializer).toEqual({ type: "json" });
    expect(data.storage_block_id).toBeNull();
    expect(data.storage_key.startsWith(h.settings.PREFECT_LOCAL_STORAGE_PATH)).toBe(true);
    expect(JSON.parse(readFileSync(data.storage_key, "utf8")).result).toEqual({ rows: [1, 2, 3] });
    const [taskRun] = await taskRunsOf(h.client, run.id);
    const taskData = taskRun!.state?.data as { storage_key: string };
    expect(existsSync(taskData.storage_key)).toBe(true);
  });

  it("does not send unpersisted results", async () => {
    const f = flow({ name: "unpersisted" }, async () => ({ secret: 1 }));
    await h.run(() => f());
    const run = await latestFlowRun(h.client, "unpersisted");
    expect(run.state?.data ?? null).toBeNull();
  });

  it("validates zod parameters: z.input in, z.output to the function, failures name each field", async () => {
    const schema = z.object({ n: z.coerce.number().int(), label: z.string().min(2).default("xx") });
    const f = flow({ name: "zod-flow", parameters: schema }, (p) => `${p.label}:${p.n * 2}`);
    expect(await h.run(() => f({ n: "4" }))).toBe("xx:8");
    const ok = await latestFlowRun(h.client, "zod-flow");
    expect(ok.parameters).toEqual({ n: 4, label: "xx" });

    const error = await h.run(() => f({ n: "x", label: "a" })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FailedRunError);
    const cause = (error as FailedRunError).cause as ParameterValidationError;
    expect(cause).toBeInstanceOf(ParameterValidationError);
    expect(cause.issues.map((i) => i.path)).toEqual(["n", "label"]);
    expect(cause.message).toContain('Flow "zod-flow" got invalid parameters: n:');
    const failed = await latestFlowRun(h.client, "zod-flow");
    expect(failed.state?.type).toBe("FAILED");
    expect(failed.state?.message).toContain("Validation of flow parameters failed");
  });

  it("logPrints captures console output only inside the runs that ask for it", async () => {
    const original = console.log;
    const printed: string[] = [];
    console.log = (...args: unknown[]) => void printed.push(args.join(" "));
    try {
      const loud = task({ logPrints: true }, async function loud(i: number) {
        await new Promise((r) => setTimeout(r, 5));
        console.log(`captured ${i}`);
      });
      const quiet = task({ logPrints: false }, async function quiet(i: number) {
        await new Promise((r) => setTimeout(r, 5));
        console.log(`plain ${i}`);
      });
      const f = flow({ name: "log-prints" }, async () => {
        await Promise.all([loud(1), quiet(1), loud(2), quiet(2)]);
      });
      await h.run(() => f());
    } finally {
      console.log = original;
    }
    expect(printed.filter((p) => p.startsWith("plain")).sort()).toEqual(["plain 1", "plain 2"]);
    expect(printed.some((p) => p.startsWith("captured"))).toBe(false);
    const run = await latestFlowRun(h.client, "log-prints");
    const logs = await h.client.readLogs({ logFilter: { flowRunId: { any_: [run.id] } } });
    const captured = logs.filter((l) => l.message.startsWith("captured"));
    expect(captured.map((l) => l.message).sort()).toEqual(["captured 1", "captured 2"]);
    expect(captured.every((l) => l.level === 20 && l.taskRunId !== null)).toBe(true);
    expect(logs.some((l) => l.message.startsWith("plain"))).toBe(false);
  });
});

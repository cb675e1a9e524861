import { describe, expect, it } from "vitest";
import { CachePolicy, type CacheKeyContext } from "../../../src/engine/cache-policy.js";
import { hashObjects, stableStringify } from "../../../src/engine/stable-hash.js";

const ctx: CacheKeyContext = {
  taskName: "t",
  taskKey: "t-1234",
  taskSourceHash: "src1",
  flowRunId: "run-1",
  taskRunId: "task-run-1",
  flowParameters: { day: "mon" },
};

describe("cache policies", () => {
  it("INPUTS depends on inputs only, independent of key order", () => {
    const a = CachePolicy.INPUTS.computeKey(ctx, { x: 1, y: [1, 2] });
    expect(a).toBe(CachePolicy.INPUTS.computeKey({ ...ctx, flowRunId: "other" }, { y: [1, 2], x: 1 }));
    expect(a).not.toBe(CachePolicy.INPUTS.computeKey(ctx, { x: 2, y: [1, 2] }));
  });

  it("TASK_SOURCE, RUN_ID and FLOW_PARAMETERS follow their facts", () => {
    expect(CachePolicy.TASK_SOURCE.computeKey(ctx, {})).not.toBe(
      CachePolicy.TASK_SOURCE.computeKey({ ...ctx, taskSourceHash: "src2" }, {}),
    );
    expect(CachePolicy.RUN_ID.computeKey(ctx, {})).not.toBe(
      CachePolicy.RUN_ID.computeKey({ ...ctx, flowRunId: "run-2" }, {}),
    );
    expect(CachePolicy.FLOW_PARAMETERS.computeKey(ctx, { x: 1 })).toBe(
      CachePolicy.FLOW_PARAMETERS.computeKey(ctx, { x: 2 }),
    );
  });

  it("DEFAULT = INPUTS + TASK_SOURCE + RUN_ID", () => {
    const combined = CachePolicy.INPUTS.add(CachePolicy.TASK_SOURCE, CachePolicy.RUN_ID);
    expect(CachePolicy.DEFAULT.computeKey(ctx, { x: 1 })).toBe(combined.computeKey(ctx, { x: 1 }));
  });

  it("NONE yields no key and is neutral under add()", () => {
    expect(CachePolicy.NONE.computeKey(ctx, { x: 1 })).toBeNull();
    expect(CachePolicy.NONE.isNone).toBe(true);
    expect(CachePolicy.NONE.add(CachePolicy.INPUTS).computeKey(ctx, { x: 1 })).toBe(
      CachePolicy.INPUTS.computeKey(ctx, { x: 1 }),
    );
  });

  it("exclude() drops named inputs", () => {
    const p = CachePolicy.INPUTS.exclude("debug");
    expect(p.computeKey(ctx, { x: 1, debug: true })).toBe(p.computeKey(ctx, { x: 1, debug: false }));
  });

  it("a lone key function's key is used as written", () => {
    expect(CachePolicy.fromFunction((_c, p) => `k-${String(p.x)}`).computeKey(ctx, { x: 3 })).toBe("k-3");
  });

  it("refuses unhashable inputs with the path", () => {
    expect(() => CachePolicy.INPUTS.computeKey(ctx, { f: () => 1 })).toThrow("value[0].f is a function");
  });

  it("hashes stably", () => {
    expect(stableStringify({ b: 1, a: new Date(0) })).toBe('{"a":{"$date":"1970-01-01T00:00:00.000Z"},"b":1}');
    expect(hashObjects({ a: 1, b: 2 })).toBe(hashObjects({ b: 2, a: 1 }));
  });
});

import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { State } from "prefect-ts/client";
import { flow, task, unmapped } from "prefect-ts";

describe("flow() types", () => {
  it("keeps parameters (optional and defaulted) and the awaited return type", () => {
    const f = flow({ name: "f" }, async (a: number, b?: string, c = true) => ({ a, b, c }));
    expectTypeOf(f).parameters.toEqualTypeOf<[a: number, b?: string, c?: boolean]>();
    expectTypeOf(f).returns.toEqualTypeOf<Promise<{ a: number; b: string | undefined; c: boolean }>>();
    expectTypeOf(f.callWithState).returns.toEqualTypeOf<Promise<State>>();
    void f(1);
    void f(1, "x", false);
    // @ts-expect-error wrong argument type
    void f("1");
    // @ts-expect-error missing required argument
    void f();
  });

  it("works for sync functions and flow(fn)", () => {
    const g = flow(function double(n: number) {
      return n * 2;
    });
    expectTypeOf(g).returns.toEqualTypeOf<Promise<number>>();
    expectTypeOf(g.with({ retries: 1 })).toEqualTypeOf(g);
    expectTypeOf(g.name).toEqualTypeOf<string>();
  });

  it("zod parameters: callers pass z.input, the function gets z.output", () => {
    const schema = z.object({ n: z.coerce.number(), label: z.string().default("x") });
    const f = flow({ name: "z", parameters: schema }, (params) => {
      expectTypeOf(params).toEqualTypeOf<{ n: number; label: string }>();
      return params.n;
    });
    expectTypeOf(f).returns.toEqualTypeOf<Promise<number>>();
    void f({ n: "5" });
    void f({ n: 5, label: "y" });
    // @ts-expect-error label must be a string
    void f({ n: 1, label: 3 });
  });

  it("zod parameters with every field optional may be called without arguments", () => {
    const f = flow({ name: "opt", parameters: z.object({ x: z.number().optional() }) }, (p) => p.x ?? 0);
    void f();
    void f({ x: 1 });
  });
});

describe("task() types", () => {
  it("keeps parameters and return type; map takes iterables", () => {
    const t = task({ retries: 1 }, async (a: number, b: string = "x") => `${a}${b}`);
    expectTypeOf(t).parameters.toEqualTypeOf<[a: number, b?: string]>();
    expectTypeOf(t).returns.toEqualTypeOf<Promise<string>>();
    expectTypeOf(t.map([1, 2], ["a", "b"])).toEqualTypeOf<Promise<string[]>>();
    void t.map([1, 2], unmapped("a"));
    // @ts-expect-error wrong element type
    void t.map(["1"]);
    // @ts-expect-error wrong argument
    void t(true);
  });
});

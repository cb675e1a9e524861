// Type tests of typed deployment runs: ParametersOf / DeploymentRunInput for zod and plain flows, runDeployment<F>,
// and the generic createFlowRunFromDeployment<P>. Wrong names, types and argument tuples must not compile.
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { FlowRun, PrefectClient } from "prefect-ts/client";
import { flow, runDeployment, type DeploymentRunInput, type FlowArgsOf, type ParametersOf } from "prefect-ts";

const etl = flow(
  { name: "etl", parameters: z.object({ day: z.string(), retries: z.number().int().default(1) }) },
  async (p) => p.day,
);
const plain = flow({ name: "plain" }, async (day: string, retries?: number) => `${day}${retries ?? 0}`);

describe("ParametersOf", () => {
  it("is Partial<z.input> for a zod flow and its deployments", () => {
    expectTypeOf<ParametersOf<typeof etl>>().toEqualTypeOf<{ day?: string; retries?: number | undefined }>();
    const deployment = etl.toDeployment({ name: "nightly" });
    expectTypeOf<ParametersOf<typeof deployment>>().toEqualTypeOf<ParametersOf<typeof etl>>();
  });

  it("is a free map for plain flows and untyped calls", () => {
    expectTypeOf<ParametersOf<typeof plain>>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<ParametersOf<unknown>>().toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf<FlowArgsOf<typeof plain>>().toEqualTypeOf<[day: string, retries?: number]>();
  });
});

describe("runDeployment<F>", () => {
  it("checks a zod flow's parameter names and types", () => {
    expectTypeOf(runDeployment<typeof etl>("etl/nightly", { parameters: { day: "2024-05-01" } })).toEqualTypeOf<
      Promise<FlowRun>
    >();
    void runDeployment<typeof etl>("etl/nightly", { parameters: {}, timeoutSeconds: 0 });
    // @ts-expect-error unknown parameter name
    void runDeployment<typeof etl>("etl/nightly", { parameters: { dya: "2024-05-01" } });
    // @ts-expect-error wrong parameter type
    void runDeployment<typeof etl>("etl/nightly", { parameters: { day: 20240501 } });
    // @ts-expect-error a zod flow takes named parameters only
    void runDeployment<typeof etl>("etl/nightly", { args: [{ day: "x" }] });
  });

  it("checks a plain flow's positional args", () => {
    void runDeployment<typeof plain>("plain/d", { args: ["2024-05-01"] });
    void runDeployment<typeof plain>("plain/d", { args: ["2024-05-01", 3] });
    void runDeployment<typeof plain>("plain/d", { parameters: { day: "2024-05-01" } });
    // @ts-expect-error wrong argument type
    void runDeployment<typeof plain>("plain/d", { args: [20240501] });
    // @ts-expect-error too many arguments
    void runDeployment<typeof plain>("plain/d", { args: ["x", 1, 2] });
    // @ts-expect-error args and parameters together
    void runDeployment<typeof plain>("plain/d", { args: ["x"], parameters: { day: "x" } });
  });

  it("accepts anything without a flow type", () => {
    void runDeployment("any/d");
    void runDeployment("any/d", { parameters: { whatever: [1, 2] }, pollIntervalSeconds: 1, tags: ["a"] });
    expectTypeOf<DeploymentRunInput<unknown>>().toMatchTypeOf<
      { parameters?: Record<string, unknown> } | { args: unknown[] }
    >();
  });
});

describe("createFlowRunFromDeployment<P>", () => {
  it("types parameters when given ParametersOf<typeof flow>", () => {
    const client = {} as PrefectClient;
    void client.createFlowRunFromDeployment<ParametersOf<typeof etl>>("id", { parameters: { retries: 2 } });
    // @ts-expect-error wrong parameter type
    void client.createFlowRunFromDeployment<ParametersOf<typeof etl>>("id", { parameters: { retries: "2" } });
    // @ts-expect-error unknown parameter name
    void client.createFlowRunFromDeployment<ParametersOf<typeof etl>>("id", { parameters: { colour: "red" } });
    void client.createFlowRunFromDeployment("id", { parameters: { anything: 1 } });
  });
});

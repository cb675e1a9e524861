// Type tests of flow.deploy(): the handle it returns triggers runs checked against the flow, as runDeployment<F>
// does (named parameters of a zod flow; positional args of a plain-function flow). Wrong ones must not compile.
import { describe, expectTypeOf, it } from "vitest";
import { z } from "zod";
import type { FlowRun } from "prefect-ts/client";
import { flow, type DeployedDeployment } from "prefect-ts";

const etl = flow(
  { name: "etl", parameters: z.object({ day: z.string(), retries: z.number().int().default(1) }) },
  async (p) => p.day,
);
const plain = flow({ name: "plain" }, async (repoName: string, verbose?: boolean) => `${repoName}${String(verbose)}`);

describe("flow.deploy()", () => {
  it("returns a handle typed by the flow", () => {
    expectTypeOf(etl.deploy).returns.toEqualTypeOf<Promise<DeployedDeployment<typeof etl>>>();
    expectTypeOf(plain.deploy).returns.toEqualTypeOf<Promise<DeployedDeployment<typeof plain>>>();
  });

  it("checks a zod flow's parameters in run()", async () => {
    const handle = await etl.deploy({ name: "nightly", workPoolName: "pool" });
    expectTypeOf(handle.run({ parameters: { day: "2024-05-01" } })).toEqualTypeOf<Promise<FlowRun>>();
    // @ts-expect-error unknown parameter name
    void handle.run({ parameters: { dya: "2024-05-01" } });
    // @ts-expect-error wrong parameter type
    void handle.run({ parameters: { day: 1 } });
  });

  it("checks a plain flow's positional args in run()", async () => {
    const handle = await plain.deploy({ name: "adhoc", workPoolName: "pool", parameters: { repoName: "x/y" } });
    void handle.run({ args: ["nodejs/node", true], timeoutSeconds: 0 });
    // @ts-expect-error wrong argument type
    void handle.run({ args: [42] });
    // @ts-expect-error workPoolName is required by flow.deploy()
    void plain.deploy({ name: "no-pool" });
  });
});

// executeFlowRun() in-process against the real server over both transports: deployments whose entrypoints are the
// fixtures in test/fixtures/entrypoints/, runs created from them, executed to their final state.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PrefectError, type FlowRun, type State } from "../../../src/client/index.js";
import { deriveFlowSource } from "../../../src/deploy/parameter-schema/index.js";
import { executeFlowRun, warmUpExecution } from "../../../src/worker/execute.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/entrypoints");
const schemas: Record<string, Record<string, unknown>> = {};
const schemaOf = (exportName: string): Record<string, unknown> => schemas[exportName] as Record<string, unknown>;

// Derived from the fixture's TypeScript as serve()/deploy() do; compiling it is the slow part, done once.
beforeAll(() => {
  for (const exportName of ["add", "flaky", "dated"]) {
    schemas[exportName] = deriveFlowSource({ file: path.join(FIXTURES, "flows.ts"), exportName })
      .parameterSchema as unknown as Record<string, unknown>;
  }
}, 120_000);

describe.each(transports)("executeFlowRun over %s", (transport) => {
  let server: TestServer;
  const deployments: Record<string, string> = {};

  /** Registers the flow and a deployment of `entrypoint` (relative to the fixtures directory). */
  async function deploy(
    key: string,
    flowName: string,
    entrypoint: string,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const flow = await server.client.createFlow(flowName);
    const deployment = await server.client.createDeployment({
      flowId: flow.id,
      name: key,
      entrypoint,
      path: FIXTURES,
      ...extra,
    });
    deployments[key] = deployment.id;
  }

  beforeAll(async () => {
    server = await createTestServer({ transport });
    await deploy("add", "add-numbers", "flows.ts:add", { parameterOpenapiSchema: schemaOf("add") });
    await deploy("add-no-schema", "add-numbers", "flows.ts:add", { enforceParameterSchema: false });
    await deploy("add-lax", "add-numbers", "flows.ts:add", {
      parameterOpenapiSchema: schemaOf("add"),
      enforceParameterSchema: false,
    });
    await deploy("greet", "greet", "flows.ts:greet", { enforceParameterSchema: false });
    await deploy("boom", "boom", "flows.ts:boom");
    await deploy("flaky", "flaky", "flows.ts:flaky", { parameterOpenapiSchema: schemaOf("flaky") });
    await deploy("dated", "dated", "flows.ts:dated", { parameterOpenapiSchema: schemaOf("dated") });
    await deploy("hidden", "hidden-flow", "flows.ts:hiddenFlow");
    await deploy("missing-file", "add-numbers", "nowhere.ts:add");
    await deploy("missing-export", "add-numbers", "flows.ts:subtract");
  });
  afterAll(() => server.close());

  const trigger = (key: string, parameters: Record<string, unknown> = {}): Promise<FlowRun> =>
    server.client.createFlowRunFromDeployment(deployments[key] as string, { parameters });
  const logsOf = async (run: FlowRun): Promise<string[]> =>
    (await server.client.readLogs({ logFilter: { flowRunId: { any_: [run.id] } } })).map((log) => log.message);
  const execute = (run: FlowRun): Promise<State> => executeFlowRun(run.id, { client: server.client });
  const stateTypes = async (run: FlowRun): Promise<string[]> =>
    (await server.client.readFlowRunStates(run.id)).map((s) => s.type);

  test("a claimed (Pending) run completes, its parameters mapped by position and the logs recorded", async () => {
    const run = await trigger("add", { a: 5, b: 7 });
    await server.client.setFlowRunState(run.id, { type: "PENDING" });
    const state = await execute(run);
    expect(state.type).toBe("COMPLETED");
    expect((await server.client.readFlowRun(run.id)).state?.type).toBe("COMPLETED");
    expect(await stateTypes(run)).toEqual(["SCHEDULED", "PENDING", "RUNNING", "COMPLETED"]);
    const logs = await logsOf(run);
    expect(logs).toContain("adding 5 + 7");
    expect(logs.some((m) => m.startsWith("Finished in state Completed"))).toBe(true);
  });

  test("a Scheduled run (executed directly by a user) runs too; an absent optional parameter takes its default", async () => {
    const run = await trigger("add", { a: 1 });
    expect((await execute(run)).type).toBe("COMPLETED");
    expect(await logsOf(run)).toContain("adding 1 + 2");
  });

  test("without positions in the schema, the function's own parameter names map the arguments", async () => {
    const run = await trigger("add-no-schema", { b: 3, a: 4 });
    expect((await execute(run)).type).toBe("COMPLETED");
    expect(await logsOf(run)).toContain("adding 4 + 3");
  });

  test("a zod flow receives the parameters object, validated by the flow", async () => {
    expect((await execute(await trigger("greet", { name: "Ada" }))).type).toBe("COMPLETED");
    const bad = await execute(await trigger("greet", { name: 5 }));
    expect(bad.type).toBe("FAILED");
    expect(bad.message).toContain("Validation of flow parameters failed with error");
    expect(bad.message).toContain("name");
  });

  test("unknown and missing required parameters fail the run naming each field and the fix", async () => {
    const run = await trigger("add-lax", { b: 1, c: 3, d: 4 });
    const state = await execute(run);
    expect(state.type).toBe("FAILED");
    expect(state.message).toContain("Validation of flow parameters failed with error: 3 problems:");
    expect(state.message).toContain("'c' is not a parameter of flow 'add-numbers' (its parameters: a, b); remove it");
    expect(state.message).toContain("'d' is not a parameter of flow 'add-numbers'");
    expect(state.message).toContain("'a' is required; give it in the run's parameters (--param a=...)");
    expect(await stateTypes(run)).not.toContain("RUNNING");
    expect((await logsOf(run)).some((m) => m.includes("'c' is not a parameter"))).toBe(true);
  });

  test("a failing flow ends Failed with its error", async () => {
    const state = await execute(await trigger("boom"));
    expect(state.type).toBe("FAILED");
    expect(state.message).toContain("boom on purpose");
  });

  test("the flow's retries apply to a deployment run (AwaitingRetry, then Completed)", async () => {
    const run = await trigger("flaky", { key: `${transport}-retry` });
    expect((await execute(run)).type).toBe("COMPLETED");
    expect((await server.client.readFlowRun(run.id)).empiricalPolicy.retries).toBe(1);
    const names = (await server.client.readFlowRunStates(run.id)).map((s) => s.name);
    expect(names).toContain("AwaitingRetry");
    expect(names.at(-1)).toBe("Completed");
  });

  test("a date-time parameter arrives as a Date", async () => {
    const run = await trigger("dated", { when: "2024-05-01T02:00:00.000Z" });
    expect((await execute(run)).type).toBe("COMPLETED");
  });

  test("a flow defined but not exported is found by its function name", async () => {
    expect((await execute(await trigger("hidden"))).type).toBe("COMPLETED");
  });

  test("a cancelled run is not executed", async () => {
    const run = await trigger("add", { a: 1 });
    await server.client.setFlowRunState(run.id, { type: "CANCELLING" });
    expect((await server.client.readFlowRun(run.id)).state?.type).toBe("CANCELLED");
    const state = await execute(run);
    expect(state.type).toBe("CANCELLED");
    expect(await stateTypes(run)).not.toContain("RUNNING");
  });

  test("a Cancelling run (being stopped) and a finished run are not executed", async () => {
    const cancelling = await trigger("add", { a: 1 });
    for (const type of ["PENDING", "CANCELLING"] as const) await server.client.setFlowRunState(cancelling.id, { type });
    expect((await execute(cancelling)).type).toBe("CANCELLING");
    expect(await stateTypes(cancelling)).not.toContain("RUNNING");

    const done = await trigger("add", { a: 1 });
    expect((await execute(done)).type).toBe("COMPLETED");
    expect((await execute(done)).type).toBe("COMPLETED");
    expect((await stateTypes(done)).filter((t) => t === "RUNNING")).toHaveLength(1);
  });

  test("an entrypoint that cannot be loaded fails the run as Prefect words it", async () => {
    const missingFile = await execute(await trigger("missing-file"));
    expect(missingFile.type).toBe("FAILED");
    expect(missingFile.message).toContain(
      "Flow could not be retrieved from deployment: Cannot load entrypoint 'nowhere.ts:add'",
    );
    expect(missingFile.message).toContain("does not exist");
    const missingExport = await execute(await trigger("missing-export"));
    expect(missingExport.type).toBe("FAILED");
    expect(missingExport.message).toContain(
      "flows.ts has no flow 'subtract' (its flows: add, greet, boom, flaky, dated",
    );
  });

  test("a warmed-up process executes a run once its id is known", async () => {
    await warmUpExecution({ client: server.client });
    const run = await trigger("add", { a: 2 });
    expect((await execute(run)).type).toBe("COMPLETED");
  });

  test("a run not created from a deployment is refused", async () => {
    const flow = await server.client.createFlow("adhoc");
    const run = await server.client.createFlowRun({ flowId: flow.id });
    const attempt = executeFlowRun(run.id, { client: server.client });
    await expect(attempt).rejects.toThrow(PrefectError);
    await expect(attempt).rejects.toThrow("was not created from a deployment; nothing to execute");
  });
});

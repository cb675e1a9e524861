// runDeployment() and resolveDeployment() against the real server over both transports: waiting for the final state
// (driven from the test, as nothing executes deployment runs here), timeouts, positional args, parameter errors that
// name every field, name mistakes with suggestions, and subflow linking when called inside a flow run.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ObjectNotFoundError,
  ParameterValidationError,
  PrefectError,
  type FlowRun,
} from "../../../src/client/index.js";
import { resolveDeployment } from "../../../src/deploy/deployment-ref.js";
import { runDeployment } from "../../../src/deploy/run-deployment.js";
import { withClient } from "../../../src/engine/client-provider.js";
import { flow } from "../../../src/flow.js";
import { resolveSettings } from "../../../src/settings/index.js";
import { createTestServer, transports, waitFor, type TestServer } from "../../../src/testing/index.js";

const SCHEMA = {
  title: "Parameters",
  type: "object",
  properties: {
    day: { title: "day", position: 0, type: "string" },
    retries: { title: "retries", position: 1, type: "integer", default: 1 },
  },
  required: ["day"],
};

describe.each(transports)("runDeployment over %s", (transport) => {
  let server: TestServer;
  let depId: string;
  beforeAll(async () => {
    server = await createTestServer({ transport });
    const etl = await server.client.createFlow("etl");
    depId = (
      await server.client.createDeployment({
        flowId: etl.id,
        name: "nightly",
        parameterOpenapiSchema: SCHEMA,
        parameters: { retries: 2 },
      })
    ).id;
    await server.client.createDeployment({ flowId: etl.id, name: "hourly", parameterOpenapiSchema: SCHEMA });
    await server.client.createDeployment({
      flowId: etl.id,
      name: "no-positions",
      parameterOpenapiSchema: { type: "object", properties: { day: { type: "string" } } },
    });
    const report = await server.client.createFlow("report");
    await server.client.createDeployment({ flowId: report.id, name: "weekly" });
  });
  afterAll(() => server.close());

  const runsOf = (deploymentId: string): Promise<FlowRun[]> =>
    server.client.readFlowRuns({
      flowRunFilter: { deploymentId: { any_: [deploymentId] } },
      sort: "EXPECTED_START_TIME_DESC",
      limit: 50,
    });

  test("timeoutSeconds 0 returns the Scheduled run at once, parameters merged over the deployment's", async () => {
    const run = await runDeployment("etl/nightly", {
      client: server.client,
      parameters: { day: "2024-05-01" },
      timeoutSeconds: 0,
      tags: ["manual"],
    });
    expect(run.state?.type).toBe("SCHEDULED");
    expect(run.deploymentId).toBe(depId);
    expect(run.parameters).toEqual({ day: "2024-05-01", retries: 2 });
    expect(run.tags).toContain("manual");
  });

  test("waits for the final state, polling quickly at first", async () => {
    const pending = runDeployment("etl/nightly", {
      client: server.client,
      parameters: { day: "wait" },
      flowRunName: "waited",
      pollIntervalSeconds: 0.2,
    });
    const created = await waitFor(async () => (await runsOf(depId)).find((r) => r.name === "waited"), {
      message: "the run to be created",
    });
    for (const type of ["PENDING", "RUNNING", "COMPLETED"] as const)
      await server.client.setFlowRunState(created.id, { type });
    const run = await pending;
    expect(run.id).toBe(created.id);
    expect(run.state?.type).toBe("COMPLETED");
  });

  test("a Failed run resolves (not throws) with its state", async () => {
    const pending = runDeployment(depId, {
      client: server.client,
      parameters: { day: "fail" },
      flowRunName: "failing",
      pollIntervalSeconds: 0.2,
    });
    const created = await waitFor(async () => (await runsOf(depId)).find((r) => r.name === "failing"));
    for (const type of ["PENDING", "RUNNING", "FAILED"] as const)
      await server.client.setFlowRunState(created.id, { type });
    expect((await pending).state?.type).toBe("FAILED");
  });

  test("on timeout the run is returned as it is", async () => {
    // Nothing executes the run: only the timeout can end the wait (a hang fails on the test's own timeout).
    const run = await runDeployment("etl/nightly", {
      client: server.client,
      parameters: { day: "slow" },
      timeoutSeconds: 0.3,
      pollIntervalSeconds: 0.1,
    });
    expect(run.state?.type).toBe("SCHEDULED");
  });

  test("scheduledTime, idempotencyKey and jobVariables reach the run", async () => {
    const when = new Date(Date.now() + 3_600_000);
    const options = {
      client: server.client,
      parameters: { day: "x" },
      timeoutSeconds: 0,
      scheduledTime: when,
      idempotencyKey: "k1",
      jobVariables: { env: { A: "1" } },
    };
    const first = await runDeployment("etl/nightly", options);
    const again = await runDeployment("etl/nightly", options);
    expect(again.id).toBe(first.id);
    expect(first.expectedStartTime?.getTime()).toBe(when.getTime());
    expect(first.jobVariables).toEqual({ env: { A: "1" } });
  });

  test("args are mapped to names by the schema's positions", async () => {
    const run = await runDeployment("etl/hourly", {
      client: server.client,
      args: ["2024-06-01", 5],
      timeoutSeconds: 0,
    });
    expect(run.parameters).toEqual({ day: "2024-06-01", retries: 5 });
    await expect(
      runDeployment("etl/hourly", { client: server.client, args: ["a", 1, 2], timeoutSeconds: 0 }),
    ).rejects.toThrow(/Deployment 'etl\/hourly': 3 arguments given but it takes 2 \(day, retries\)/);
    const error = await runDeployment("etl/no-positions", {
      client: server.client,
      args: ["a"],
      timeoutSeconds: 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterValidationError);
    expect((error as Error).message).toContain("does not give parameter positions");
    expect((error as Error).message).toContain("Pass `parameters:");
  });

  test("invalid parameters: every field named with its expected type", async () => {
    const error = await runDeployment("etl/hourly", {
      client: server.client,
      parameters: { retries: "two", colour: "red" },
      timeoutSeconds: 0,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterValidationError);
    const message = (error as Error).message;
    expect(message).toContain("Deployment 'etl/hourly' refused the run's parameters (3 parameters invalid)");
    expect(message).toContain("retries: 'two' is not of type 'integer'");
    expect(message).toContain("colour: 'colour' is not a parameter of this flow");
    expect(message).toContain("day: 'day' is a required property (expected string)");
    expect((error as ParameterValidationError).issues.map((i) => i.path).sort()).toEqual(["colour", "day", "retries"]);
  });

  test("a name without '/' says the form and lists deployments of that name", async () => {
    const error = await runDeployment("nightly", { client: server.client }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrefectError);
    expect((error as Error).message).toContain("use the form 'flow-name/deployment-name'");
    expect((error as Error).message).toContain("'etl/nightly'");
  });

  test("an unknown deployment lists similar names, or says there are none", async () => {
    const error = await resolveDeployment(server.client, "etl/nightlly").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ObjectNotFoundError);
    expect((error as Error).message).toMatch(
      /Deployment 'etl\/nightlly' not found\. Deployments with a similar name: 'etl\/nightly'/,
    );
    const none = await resolveDeployment(server.client, "zzz/qqqqqqqq").catch((e: unknown) => e);
    expect(none).toBeInstanceOf(ObjectNotFoundError);
    expect((none as Error).message).toContain("There are no deployments with a similar name.");
    const byId = await resolveDeployment(server.client, "00000000-0000-0000-0000-000000000000").catch(
      (e: unknown) => e,
    );
    expect(byId).toBeInstanceOf(ObjectNotFoundError);
    expect((await resolveDeployment(server.client, depId)).fullName).toBe("etl/nightly");
  });

  test("inside a flow run, the new run is linked as a subflow through a stand-in task run", async () => {
    const settings = resolveSettings({ env: { PREFECT_HOME: server.home } });
    const parent = flow({ name: "orchestrator" }, async () => runDeployment("report/weekly", { timeoutSeconds: 0 }));
    const child = await withClient(server.client, () => parent(), { settings });
    expect(child.parentTaskRunId).toEqual(expect.any(String));
    const taskRun = await server.client.readTaskRun(child.parentTaskRunId!);
    const [parentRun] = await server.client.readFlowRuns({
      flowFilter: { name: { any_: ["orchestrator"] } },
      limit: 1,
    });
    expect(taskRun.flowRunId).toBe(parentRun?.id);
    expect(taskRun.taskKey).toBe("prefect.deployments.flow_runs.run_deployment.report-weekly");
  });
});

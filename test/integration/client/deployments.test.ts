// Deployment methods of PrefectClient against the real server, over both transports: camelCase models,
// user-keyed fields untouched, runs from a deployment, parameter errors, schedules and the runner's poll.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  ObjectNotFoundError,
  ParameterValidationError,
  PrefectError,
  ValidationError,
} from "../../../src/client/index.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

const SCHEMA = {
  title: "Parameters",
  type: "object",
  properties: {
    user_name: { title: "user_name", position: 0, type: "string" },
    retry_count: { title: "retry_count", position: 1, type: "integer" },
  },
  required: ["user_name"],
};

describe.each(transports)("deployments over %s", (transport) => {
  let server: TestServer;
  let flowId: string;
  beforeAll(async () => {
    server = await createTestServer({ transport });
    flowId = (await server.client.createFlow("greeter")).id;
  });
  afterAll(() => server.close());

  test("createDeployment returns a camelCase model; parameters and schema keep their keys", async () => {
    const dep = await server.client.createDeployment({
      flowId,
      name: "hello",
      parameters: { user_name: "Ada" },
      parameterOpenapiSchema: SCHEMA,
      jobVariables: { env_vars: { A_B: "1" } },
      schedules: [{ schedule: { cron: "0 2 * * *", timezone: "America/New_York", dayOr: false }, slug: "nightly" }],
    });
    expect(dep.created).toBeInstanceOf(Date);
    expect(dep.enforceParameterSchema).toBe(true);
    expect(dep.workQueueName).toBe("default");
    expect(dep.parameters).toEqual({ user_name: "Ada" });
    expect(dep.parameterOpenapiSchema).toEqual(SCHEMA);
    expect(dep.jobVariables).toEqual({ env_vars: { A_B: "1" } });
    expect(dep.schedules[0]).toMatchObject({
      slug: "nightly",
      active: true,
      schedule: { cron: "0 2 * * *", dayOr: false },
    });
    expect((await server.client.readDeploymentByName("greeter/hello")).id).toBe(dep.id);
    expect((await server.client.readDeployment(dep.id)).name).toBe("hello");
  });

  test("readDeploymentByName needs flow/deployment; unknown names are ObjectNotFoundError", async () => {
    await expect(server.client.readDeploymentByName("hello")).rejects.toThrow(PrefectError);
    await expect(server.client.readDeploymentByName("hello")).rejects.toThrow(/"<flow-name>\/<deployment-name>"/);
    await expect(server.client.readDeploymentByName("greeter/nope")).rejects.toThrow(ObjectNotFoundError);
  });

  test("readDeployments, countDeployments, updateDeployment, pause/resume, delete", async () => {
    const dep = await server.client.createDeployment({ flowId, name: "listed", tags: ["blue"] });
    const found = await server.client.readDeployments({ deploymentFilter: { tags: { all_: ["blue"] } } });
    expect(found.map((d) => d.name)).toEqual(["listed"]);
    expect(
      await server.client.countDeployments({ flowFilter: { name: { any_: ["greeter"] } } }),
    ).toBeGreaterThanOrEqual(2);
    const page = await server.client.paginateDeployments({
      flowFilter: { name: { any_: ["greeter"] } },
      limit: 1,
      page: 1,
    });
    expect(page).toMatchObject({ limit: 1, page: 1 });
    expect(page.pages).toBe(page.count);
    expect(page.results[0]?.created).toBeInstanceOf(Date);
    await server.client.updateDeployment(dep.id, { description: "now described", tags: ["green"] });
    expect(await server.client.readDeployment(dep.id)).toMatchObject({ description: "now described", tags: ["green"] });
    await server.client.pauseDeployment(dep.id);
    expect((await server.client.readDeployment(dep.id)).paused).toBe(true);
    await server.client.resumeDeployment(dep.id);
    expect((await server.client.readDeployment(dep.id)).paused).toBe(false);
    await server.client.deleteDeployment(dep.id);
    await expect(server.client.readDeployment(dep.id)).rejects.toThrow(ObjectNotFoundError);
  });

  test("createFlowRunFromDeployment merges parameters, takes scheduledTime, idempotencyKey, jobVariables", async () => {
    const dep = await server.client.readDeploymentByName("greeter/hello");
    const when = new Date(Date.now() + 600_000);
    const run = await server.client.createFlowRunFromDeployment(dep.id, {
      parameters: { retry_count: 2 },
      tags: ["manual"],
      scheduledTime: when,
      idempotencyKey: "once",
      jobVariables: { env_vars: { C: "3" } },
      name: "triggered",
    });
    expect(run).toMatchObject({ deploymentId: dep.id, name: "triggered", stateType: "SCHEDULED" });
    expect(run.parameters).toEqual({ user_name: "Ada", retry_count: 2 });
    expect(run.jobVariables).toEqual({ env_vars: { C: "3" } });
    expect(run.nextScheduledStartTime?.getTime()).toBe(when.getTime());
    const again = await server.client.createFlowRunFromDeployment(dep.id, { idempotencyKey: "once" });
    expect(again.id).toBe(run.id);
  });

  test("bad parameters: ParameterValidationError listing each field", async () => {
    const dep = await server.client.readDeploymentByName("greeter/hello");
    const error = await server.client
      .createFlowRunFromDeployment(dep.id, { parameters: { retry_count: "two", colour: "red" } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ParameterValidationError);
    const issues = (error as ParameterValidationError).issues;
    expect(issues.map((i) => i.path).sort()).toEqual(["colour", "retry_count"]);
    expect(issues.find((i) => i.path === "retry_count")?.message).toBe("'two' is not of type 'integer'");
    expect((error as Error).message).toContain("retry_count: 'two' is not of type 'integer'");
  });

  test("schedule methods and getScheduledFlowRunsForDeployments", async () => {
    const dep = await server.client.createDeployment({ flowId, name: "scheduled" });
    // Anchored ahead so the runs the scheduler inserts at once are all future ones, which removing the schedule deletes.
    const anchorDate = new Date(Date.now() + 1_800_000).toISOString();
    const [made] = await server.client.createDeploymentSchedules(dep.id, [
      { schedule: { interval: 3600, anchorDate }, slug: "hourly" },
    ]);
    expect(made?.schedule).toMatchObject({ interval: 3600, anchorDate: expect.any(Date) });
    await server.client.updateDeploymentSchedule(dep.id, made?.id ?? "", { active: false });
    expect((await server.client.readDeploymentSchedules(dep.id))[0]?.active).toBe(false);
    await server.client.deleteDeploymentSchedule(dep.id, made?.id ?? "");
    expect(await server.client.readDeploymentSchedules(dep.id)).toEqual([]);
    const bad = await server.client
      .createDeploymentSchedules(dep.id, [{ schedule: { cron: "0 25 * * *" } }])
      .catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(ValidationError);
    expect((bad as Error).message).toContain("hour");

    const due = await server.client.createFlowRunFromDeployment(dep.id, { scheduledTime: new Date(Date.now() - 1000) });
    await server.client.createFlowRunFromDeployment(dep.id, { scheduledTime: new Date(Date.now() + 3_600_000) });
    const runs = await server.client.getScheduledFlowRunsForDeployments({ deploymentIds: [dep.id] });
    expect(runs.map((r) => r.id)).toEqual([due.id]);
    const all = await server.client.getScheduledFlowRunsForDeployments({
      deploymentIds: [dep.id],
      scheduledBefore: new Date(Date.now() + 7_200_000),
      limit: 5,
    });
    expect(all).toHaveLength(2);
  });
});

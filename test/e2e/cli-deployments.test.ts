// `deployment ls|inspect|run|pause|resume|delete|schedule ...` and `flow-run cancel` in-process through the CLI's entry
// (`run --watch` as a subprocess, watching commits of another process) against an embedded database that this process
// also opens (same PREFECT_HOME), to seed deployments and drive watched runs.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { waitFor } from "../../src/testing/index.js";
import type { FlowRun, PrefectClient } from "../../src/client/index.js";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { runCliInProcess, startCli, tempHome } from "./cli-helpers.js";

const SCHEMA = {
  title: "Parameters",
  type: "object",
  properties: {
    name: { title: "name", position: 0, type: "string" },
    count: { title: "count", position: 1, type: "integer", default: 1 },
    options: { title: "options", position: 2, type: "object" },
  },
  required: ["name"],
};

let home: string;
let env: Record<string, string>;
let client: PrefectClient;

async function runsOf(fullName: string): Promise<FlowRun[]> {
  const deployment = await client.readDeploymentByName(fullName);
  return client.readFlowRuns({
    flowRunFilter: { deploymentId: { any_: [deployment.id] } },
    sort: "EXPECTED_START_TIME_DESC",
    limit: 100,
  });
}

beforeAll(async () => {
  home = tempHome();
  env = { PREFECT_HOME: home };
  client = getClient({ settings: resolveSettings({ env }) });
  const logFlow = await client.createFlow("log-flow");
  await client.createDeployment({
    flowId: logFlow.id,
    name: "log-simple",
    parameterOpenapiSchema: SCHEMA,
    parameters: { name: "Marvin" },
  });
  await client.createDeployment({
    flowId: logFlow.id,
    name: "log-watched",
    parameterOpenapiSchema: SCHEMA,
    parameters: { name: "Marvin" },
  });
  const other = await client.createFlow("hello-flow");
  await client.createDeployment({ flowId: other.id, name: "example-deployment", workPoolName: null });
  await client.createDeployment({ flowId: other.id, name: "to-delete" });
});
afterAll(async () => {
  await closeEmbeddedServers();
  rmSync(home, { recursive: true, force: true });
});

describe("prefect-ts deployment", () => {
  it("ls prints a table sorted by full name, filters by flow, and prints JSON", async () => {
    const table = await runCliInProcess(["deployment", "ls"], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("Deployments");
    const order = ["hello-flow/example-deployment", "hello-flow/to-delete", "log-flow/log-simple"].map((n) =>
      table.stdout.indexOf(n),
    );
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const json = await runCliInProcess(["deployment", "ls", "--flow-name", "log-flow", "-o", "json"], env);
    const listed = JSON.parse(json.stdout) as { name: string; flow_name: string }[];
    expect(listed.map((d) => `${d.flow_name}/${d.name}`).sort()).toEqual([
      "log-flow/log-simple",
      "log-flow/log-watched",
    ]);
  });

  it("inspect prints the whole deployment; a bad or unknown name exits 1 with suggestions", async () => {
    const ok = await runCliInProcess(["deployment", "inspect", "log-flow/log-simple"], env);
    expect(ok.code).toBe(0);
    const shown = JSON.parse(ok.stdout) as { name: string; parameters: unknown; parameter_openapi_schema: unknown };
    expect(shown).toMatchObject({
      name: "log-simple",
      parameters: { name: "Marvin" },
      parameter_openapi_schema: SCHEMA,
    });
    const noSlash = await runCliInProcess(["deployment", "inspect", "log-simple"], env);
    expect(noSlash.code).toBe(1);
    expect(noSlash.stderr).toContain("use the form 'flow-name/deployment-name'");
    expect(noSlash.stderr).toContain("'log-flow/log-simple'");
    const unknown = await runCliInProcess(["deployment", "run", "log-flow/log-simpel"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(
      /Deployment 'log-flow\/log-simpel' not found\. Deployments with a similar name: 'log-flow\/log-simple'/,
    );
    expect(unknown.stderr).not.toContain("at ");
  });

  it("run creates a run with --param (JSON or string), --params, --tag, --job-variable and --start-in", async () => {
    const result = await runCliInProcess(
      [
        "deployment",
        "run",
        "log-flow/log-simple",
        "--params",
        '{"count": 7, "name": "x"}',
        "-p",
        "name=Arthur",
        "--param",
        'options={"deep": [1]}',
        "--tag",
        "manual",
        "--job-variable",
        "env=prod",
        "--start-in",
        "10 minutes",
        "--flow-run-name",
        "by-cli",
      ],
      env,
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Creating flow run for deployment 'log-flow/log-simple'...");
    expect(result.stdout).toContain("Created flow run 'by-cli'.");
    expect(result.stdout).toMatch(/└── UUID: [0-9a-f-]{36}/);
    expect(result.stdout).toContain("(in 10 minutes)");
    const run = (await runsOf("log-flow/log-simple")).find((r) => r.name === "by-cli");
    expect(run?.parameters).toEqual({ name: "Arthur", count: 7, options: { deep: [1] } });
    expect(run?.tags).toContain("manual");
    expect(run?.jobVariables).toEqual({ env: "prod" });
    expect(run?.state?.type).toBe("SCHEDULED");
    const delay = (run?.expectedStartTime?.getTime() ?? 0) - Date.now();
    expect(delay).toBeGreaterThan(8 * 60_000);
    expect(delay).toBeLessThan(11 * 60_000);
  });

  it("run with wrong parameters exits 1 naming each field and its expected type", async () => {
    const result = await runCliInProcess(
      ["deployment", "run", "log-flow/log-simple", "--param", "count=many", "--param", "colour=red"],
      env,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "Deployment 'log-flow/log-simple' refused the run's parameters (2 parameters invalid)",
    );
    expect(result.stderr).toContain("count: 'many' is not of type 'integer'");
    expect(result.stderr).toContain("colour: 'colour' is not a parameter of this flow");
    const badStart = await runCliInProcess(["deployment", "run", "log-flow/log-simple", "--start-in", "soonish"], env);
    expect(badStart.code).toBe(1);
    expect(badStart.stderr).toContain('Invalid --start-in "soonish"');
  });

  it("run --watch prints state changes and logs, exit 0 on Completed and 1 otherwise", async () => {
    for (const [final, code] of [
      ["COMPLETED", 0],
      ["FAILED", 1],
    ] as const) {
      const name = `watched-${final.toLowerCase()}`;
      const cli = startCli(
        ["deployment", "run", "log-flow/log-watched", "--watch", "--watch-interval", "0.2", "--flow-run-name", name],
        env,
      );
      const run = await waitFor(async () => (await runsOf("log-flow/log-watched")).find((r) => r.name === name), {
        timeoutMs: 20_000,
        message: "run created",
      });
      await waitFor(() => cli.output().includes("is in state 'Scheduled'"), {
        timeoutMs: 20_000,
        message: "Scheduled printed",
      });
      await client.setFlowRunState(run.id, { type: "PENDING" });
      await client.setFlowRunState(run.id, { type: "RUNNING" });
      // Seen before the log is written: a poll that read the run as Pending may print a log written after that read,
      // and the next poll could then see the final state, never Running.
      await waitFor(() => cli.output().includes("is in state 'Running'"), {
        timeoutMs: 20_000,
        message: "Running printed",
      });
      await client.createLogs([
        {
          name: "prefect.flow_runs",
          level: 20,
          message: `hello from ${name}`,
          timestamp: new Date(),
          flowRunId: run.id,
        },
      ]);
      await waitFor(() => cli.output().includes(`hello from ${name}`), { timeoutMs: 20_000, message: "log printed" });
      await client.setFlowRunState(run.id, { type: final });
      expect(await cli.exited).toBe(code);
      const out = cli.output();
      expect(out).toContain("is in state 'Running'");
      expect(out).toMatch(/\| INFO {4}\| prefect\.flow_runs - hello from/);
      expect(out).toContain(
        final === "COMPLETED"
          ? "Flow run finished successfully in 'Completed'."
          : "Flow run finished in state 'Failed'.",
      );
    }
  });

  it("pause, resume and delete", async () => {
    const paused = await runCliInProcess(["deployment", "pause", "hello-flow/example-deployment"], env);
    expect(paused.stdout).toContain("Paused deployment 'hello-flow/example-deployment'.");
    expect((await client.readDeploymentByName("hello-flow/example-deployment")).paused).toBe(true);
    const resumed = await runCliInProcess(["deployment", "resume", "hello-flow/example-deployment"], env);
    expect(resumed.code).toBe(0);
    expect((await client.readDeploymentByName("hello-flow/example-deployment")).paused).toBe(false);
    const deleted = await runCliInProcess(["deployment", "delete", "hello-flow/to-delete"], env);
    expect(deleted.stdout).toContain("Deleted deployment 'hello-flow/to-delete'.");
    const again = await runCliInProcess(["deployment", "delete", "hello-flow/to-delete"], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("not found");
  });
});

describe("prefect-ts deployment schedule", () => {
  it("create (cron, interval, rrule), ls, pause, resume, delete, clear; invalid schedules write nothing", async () => {
    const target = "hello-flow/example-deployment";
    const cron = await runCliInProcess(
      [
        "deployment",
        "schedule",
        "create",
        target,
        "--cron",
        "0 2 * * *",
        "--timezone",
        "America/New_York",
        "--no-day-or",
      ],
      env,
    );
    expect(cron.stderr).toBe("");
    expect(cron.stdout).toContain("Created deployment schedule");
    expect(
      (
        await runCliInProcess(
          ["deployment", "schedule", "create", target, "--interval", "3600", "--anchor-date", "2026-01-01T00:00:00Z"],
          env,
        )
      ).code,
    ).toBe(0);
    expect(
      (
        await runCliInProcess(
          ["deployment", "schedule", "create", target, "--rrule", "FREQ=WEEKLY;BYDAY=MO", "--no-active"],
          env,
        )
      ).code,
    ).toBe(0);
    const bad = await runCliInProcess(["deployment", "schedule", "create", target, "--cron", "61 * * * *"], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("Invalid schedule for deployment 'hello-flow/example-deployment'");
    expect(bad.stderr).toMatch(/minute/);
    const two = await runCliInProcess(
      ["deployment", "schedule", "create", target, "--cron", "0 2 * * *", "--interval", "60"],
      env,
    );
    expect(two.code).toBe(1);
    expect(two.stderr).toContain("Give exactly one of --cron, --interval or --rrule");

    const deployment = await client.readDeploymentByName(target);
    const schedules = await client.readDeploymentSchedules(deployment.id);
    expect(schedules).toHaveLength(3);
    const cronSchedule = schedules.find((s) => "cron" in s.schedule)!;
    expect(cronSchedule.schedule).toMatchObject({ cron: "0 2 * * *", timezone: "America/New_York", dayOr: false });
    expect(schedules.find((s) => "rrule" in s.schedule)?.active).toBe(false);

    const ls = await runCliInProcess(["deployment", "schedule", "ls", target], env);
    expect(ls.stdout).toContain("Deployment Schedules");
    expect(ls.stdout).toContain(cronSchedule.id);
    expect(ls.stdout).toContain("cron: 0 2 * * * (America/New_York)");
    expect(ls.stdout).toContain("interval: 3600s");

    const pause = await runCliInProcess(["deployment", "schedule", "pause", target, cronSchedule.id], env);
    expect(pause.stdout).toContain(`Paused schedule cron: 0 2 * * *`);
    expect((await runCliInProcess(["deployment", "schedule", "pause", target, cronSchedule.id], env)).stderr).toContain(
      "already paused",
    );
    expect((await runCliInProcess(["deployment", "schedule", "resume", target, cronSchedule.id], env)).code).toBe(0);
    const missing = await runCliInProcess(
      ["deployment", "schedule", "delete", target, "00000000-0000-0000-0000-000000000000"],
      env,
    );
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("has no schedule '00000000-0000-0000-0000-000000000000'");
    expect(
      (await runCliInProcess(["deployment", "schedule", "delete", target, cronSchedule.id], env)).stdout,
    ).toContain(`Deleted deployment schedule ${cronSchedule.id}`);
    expect(await client.readDeploymentSchedules(deployment.id)).toHaveLength(2);
    expect((await runCliInProcess(["deployment", "schedule", "clear", target], env)).stdout).toContain(
      "Cleared 2 schedules",
    );
    expect(await client.readDeploymentSchedules(deployment.id)).toHaveLength(0);
  });
});

describe("prefect-ts flow-run cancel", () => {
  it("cancels a Scheduled run at once, moves a Running one to Cancelling, and refuses a finished one", async () => {
    const deployment = await client.readDeploymentByName("log-flow/log-simple");
    const scheduled = await client.createFlowRunFromDeployment(deployment.id, {
      name: "later",
      scheduledTime: new Date(Date.now() + 600_000),
    });
    const first = await runCliInProcess(["flow-run", "cancel", scheduled.id], env);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`Flow run '${scheduled.id}' was successfully scheduled for cancellation.`);
    expect((await client.readFlowRun(scheduled.id)).state?.type).toBe("CANCELLED");

    const running = await client.createFlowRunFromDeployment(deployment.id, { name: "busy" });
    await client.setFlowRunState(running.id, { type: "PENDING" });
    await client.setFlowRunState(running.id, { type: "RUNNING" });
    expect((await runCliInProcess(["flow-run", "cancel", running.id], env)).code).toBe(0);
    expect((await client.readFlowRun(running.id)).state?.type).toBe("CANCELLING");

    const done = await runCliInProcess(["flow-run", "cancel", scheduled.id], env);
    expect(done.code).toBe(1);
    expect(done.stderr).toContain(
      `Flow run '${scheduled.id}' was unable to be cancelled. Reason: 'Run is already in terminal state CANCELLED.'`,
    );
    const unknown = await runCliInProcess(["flow-run", "cancel", "00000000-0000-0000-0000-000000000000"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("Flow run '00000000-0000-0000-0000-000000000000' not found!");
  });
});

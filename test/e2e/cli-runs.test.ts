// `flow ls`, `flow-run ls|inspect|logs|delete` run in-process through the CLI's entry, against an embedded database
// written beforehand through the client (same PREFECT_HOME, so the CLI opens the same SQLite file).
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeEmbeddedServers, getClient } from "../../src/connect.js";
import { resolveSettings } from "../../src/settings/index.js";
import { runCliInProcess, tempHome } from "./cli-helpers.js";

let home: string;
let env: Record<string, string>;
let completedRunId: string;
let failedRunId: string;
let doomedRunId: string;

beforeAll(async () => {
  home = tempHome();
  env = { PREFECT_HOME: home };
  const client = getClient({ settings: resolveSettings({ env }) });
  const etl = await client.createFlow("etl");
  const report = await client.createFlow("report");
  const completed = await client.createFlowRun({ flowId: etl.id, name: "happy-run", state: { type: "PENDING" } });
  await client.setFlowRunState(completed.id, { type: "RUNNING" });
  await client.setFlowRunState(completed.id, { type: "COMPLETED" });
  const failed = await client.createFlowRun({ flowId: report.id, name: "sad-run", state: { type: "PENDING" } });
  await client.setFlowRunState(failed.id, { type: "RUNNING" });
  await client.setFlowRunState(failed.id, { type: "FAILED", message: "boom" });
  const doomed = await client.createFlowRun({ flowId: etl.id, name: "doomed-run" });
  completedRunId = completed.id;
  failedRunId = failed.id;
  doomedRunId = doomed.id;
  const t0 = Date.parse("2026-01-01T00:00:00Z");
  await client.createLogs(
    Array.from({ length: 30 }, (_, i) => ({
      name: "prefect.flow_runs",
      level: i === 29 ? 40 : 20,
      message: `line ${i}`,
      timestamp: new Date(t0 + i * 1000),
      flowRunId: completed.id,
    })),
  );
  await closeEmbeddedServers();
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("prefect-ts flow / flow-run against the embedded database", () => {
  it("lists flows as a table and as JSON", async () => {
    const table = await runCliInProcess(["flow", "ls"], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain("etl");
    expect(table.stdout).toContain("report");
    const json = await runCliInProcess(["flow", "ls", "-o", "json", "--limit", "1"], env);
    const flows = JSON.parse(json.stdout) as { name: string; id: string }[];
    expect(flows).toHaveLength(1);
    expect(flows[0]?.name).toBe("report"); // newest first
  });

  it("lists flow runs with filters by flow name, state and state type", async () => {
    const all = await runCliInProcess(["flow-run", "ls"], env);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain("happy-run");
    expect(all.stdout).toContain("sad-run");
    expect(all.stdout).toContain("Completed");

    const byType = await runCliInProcess(["flow-run", "ls", "--state-type", "failed", "-o", "json"], env);
    const failed = JSON.parse(byType.stdout) as { id: string; state_type: string }[];
    expect(failed.map((r) => r.id)).toEqual([failedRunId]);

    const byName = await runCliInProcess(["flow-run", "ls", "--state", "completed", "-o", "json"], env);
    expect((JSON.parse(byName.stdout) as { id: string }[]).map((r) => r.id)).toEqual([completedRunId]);

    const byFlow = await runCliInProcess(["flow-run", "ls", "--flow-name", "report", "-o", "json"], env);
    expect((JSON.parse(byFlow.stdout) as { name: string }[]).map((r) => r.name)).toEqual(["sad-run"]);

    const badType = await runCliInProcess(["flow-run", "ls", "--state-type", "NAPPING"], env);
    expect(badType.code).toBe(1);
    expect(badType.stderr).toContain("expected one of SCHEDULED");
  });

  it("inspects a flow run", async () => {
    const text = await runCliInProcess(["flow-run", "inspect", failedRunId], env);
    expect(text.code).toBe(0);
    expect(JSON.parse(text.stdout)).toMatchObject({
      name: "sad-run",
      state: { type: "FAILED", name: "Failed", message: "boom" },
    });
    expect(text.stdout).toContain('"flow_id": ');
    const json = await runCliInProcess(["flow-run", "inspect", failedRunId, "-o", "json"], env);
    const run = JSON.parse(json.stdout) as { id: string; state: { type: string } };
    expect(run.id).toBe(failedRunId);
    expect(run.state.type).toBe("FAILED");
  });

  it("prints logs: all, --head, --tail -n, --reverse", async () => {
    const all = await runCliInProcess(["flow-run", "logs", completedRunId], env);
    expect(all.code).toBe(0);
    const lines = all.stdout.trim().split("\n");
    expect(lines).toHaveLength(30);
    expect(lines[0]).toBe("2026-01-01 00:00:00.000 | INFO    | prefect.flow_runs - line 0");
    expect(lines[29]).toContain("| ERROR   | prefect.flow_runs - line 29");

    const head = (await runCliInProcess(["flow-run", "logs", completedRunId, "-h"], env)).stdout.trim().split("\n");
    expect(head).toHaveLength(20);
    expect(head[0]).toContain("line 0");

    const tail = (await runCliInProcess(["flow-run", "logs", completedRunId, "--tail", "-n", "3"], env)).stdout
      .trim()
      .split("\n");
    expect(tail.map((l) => l.split(" - ")[1])).toEqual(["line 27", "line 28", "line 29"]);

    const reversed = (await runCliInProcess(["flow-run", "logs", completedRunId, "-r", "-n", "2"], env)).stdout
      .trim()
      .split("\n");
    expect(reversed.map((l) => l.split(" - ")[1])).toEqual(["line 29", "line 28"]);
  });

  it("deletes a flow run, and says so when it does not exist", async () => {
    const deleted = await runCliInProcess(["flow-run", "delete", doomedRunId], env);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain(`Successfully deleted flow run '${doomedRunId}'.`);
    const again = await runCliInProcess(["flow-run", "delete", doomedRunId], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Flow run '${doomedRunId}' not found!`);
  });

  it("prints the version with the embedded database", async () => {
    const r = await runCliInProcess(["version"], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Version:\s+\d+\.\d+\.\d+/);
    expect(r.stdout).toMatch(/Server type:\s+embedded/);
    expect(r.stdout).toContain(`${home}/prefect.db`);
    const remote = await runCliInProcess(["version"], { ...env, PREFECT_API_URL: "http://127.0.0.1:9/api" });
    expect(remote.stdout).toContain("API URL:");
  });
});

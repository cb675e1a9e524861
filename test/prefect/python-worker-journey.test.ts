// The seed-000 journey with Prefect's own CLI, Python SDK and process worker against `prefect-ts server start`:
// `prefect work-pool create`, `flow.from_source(...).deploy(...)`, `prefect worker start`, `prefect deployment run
// --watch` (which exits once our events websocket reports the run Completed); then the run, its task runs and logs
// as our store and `prefect-ts flow-run inspect` / `flow-run logs` show them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../src/client/index.js";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { ROOT } from "./example-records.js";
import { PEER_MISSING, PEER_PYTHON } from "./peer.js";
import { runPythonJourney, runStep } from "./python-journey.js";

describe.skipIf(PEER_MISSING !== undefined)("Prefect's CLI and process worker against our server", () => {
  let dir: string;
  let server: RunningServer;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-journey-"));
    server = await startServer({ port: 0, dbPath: join(dir, "prefect.db") });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("work-pool create, deploy, worker start, deployment run --watch: Completed with its task runs and logs", async () => {
    const journey = await runPythonJourney({ apiUrl: server.apiUrl, python: PEER_PYTHON, dir });
    for (const step of journey.steps) expect(step.result.code, `${step.name}:\n${step.result.out}`).toBe(0);
    expect(journey.steps.map((s) => s.name)).toEqual([
      "work-pool create",
      "from_source().deploy()",
      "deployment run --watch",
    ]);
    expect(journey.steps.at(-1)!.result.out).toContain("Flow run finished successfully in 'Completed'");
    console.log(
      `[test:prefect] Python journey on prefect-ts: ${(journey.totalMs / 1000).toFixed(1)} s (${journey.steps.map((s) => `${s.name} ${(s.ms / 1000).toFixed(1)} s`).join(", ")})`,
    );

    const client = new PrefectClient({ apiUrl: server.apiUrl });
    const [flowRun] = await client.readFlowRuns({ flowFilter: { name: { any_: ["py-journey"] } } });
    expect(flowRun?.state?.type).toBe("COMPLETED");
    const taskRuns = await client.readTaskRuns({ flowRunFilter: { id: { any_: [flowRun!.id] } } });
    expect(taskRuns.map((t) => t.state?.type)).toEqual(["COMPLETED", "COMPLETED", "COMPLETED"]);
    const logs = await client.readLogs({ logFilter: { flowRunId: { any_: [flowRun!.id] } } });
    expect(logs.map((l) => l.message)).toContain("journey running");

    // The issue's last step: what `prefect-ts flow-run inspect` and `flow-run logs` show of the Python run.
    const cli = (args: string[]) =>
      runStep(
        process.execPath,
        ["--conditions=prefect-ts-source", "--import", "tsx", join(ROOT, "src", "cli", "main.ts"), ...args],
        {
          PATH: process.env.PATH,
          HOME: dir,
          PREFECT_HOME: join(dir, "ts-home"),
          PREFECT_API_URL: server.apiUrl,
          NO_COLOR: "1",
        },
        ROOT,
      );
    const inspected = await cli(["flow-run", "inspect", flowRun!.id]);
    expect(inspected.code, inspected.out).toBe(0);
    const wire = JSON.parse(inspected.out) as Record<string, any>;
    expect(wire).toMatchObject({ id: flowRun!.id, name: flowRun!.name, state_type: "COMPLETED", parameters: {} });
    expect(wire.deployment_id).toBe(flowRun!.deploymentId);
    const printed = await cli(["flow-run", "logs", flowRun!.id]);
    expect(printed.code, printed.out).toBe(0);
    expect(printed.out).toContain("journey running");
    // Each task run's own log lines (logger `prefect.task_runs`, stored with its task_run_id) are among them.
    expect(
      printed.out.split("\n").filter((l) => l.includes("| prefect.task_runs - Finished in state Completed()")),
    ).toHaveLength(3);
    expect(new Set(logs.filter((l) => l.taskRunId).map((l) => l.taskRunId))).toEqual(
      new Set(taskRuns.map((t) => t.id)),
    );
  }, 420_000);
});

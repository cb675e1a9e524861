// Registering deployments as serve() does (RunnerDeployment.apply) and serve()'s shutdown, against a real server
// over loopback HTTP: redeploys update in place, and pauseOnShutdown pauses the schedules.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flow } from "../../../src/flow.js";
import { ScheduleError } from "../../../src/errors.js";
import { serve } from "../../../src/worker/serve.js";
import { createTestServer, waitFor, type TestServer } from "../../../src/testing/index.js";

const etl = flow({ name: "serve-apply-etl" }, async (day: string, retries = 1) => `${day}:${retries}`);

describe("RunnerDeployment.apply and serve()", () => {
  let server: TestServer;
  let entry: string;
  let dir: string;

  beforeAll(async () => {
    server = await createTestServer({ transport: "http" });
    // A source file for the plain-TypeScript schema derivation.
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-serve-apply-"));
    writeFileSync(
      join(dir, "etl.ts"),
      'import { flow } from "prefect-ts";\nexport const etl = flow({ name: "serve-apply-etl" }, async (day: string, retries = 1) => day);\n',
    );
    entry = "etl.ts:etl";
  });
  afterAll(() => server.close());

  it("creates the deployment with its schema, then updates it in place: schedule ids kept, a paused schedule stays paused, no duplicate runs", async () => {
    const first = await etl
      .toDeployment({ name: "nightly", cron: "0 2 * * *", timezone: "Europe/London", entrypoint: entry, path: dir })
      .apply(server.client);
    expect(first.parameterOpenapiSchema).toMatchObject({
      properties: { day: { type: "string", position: 0 }, retries: { default: 1 } },
      required: ["day"],
    });
    expect(first.entrypoint).toBe("etl.ts:etl");
    const [schedule] = first.schedules;
    expect(schedule?.slug).toBe("cron-1");
    await server.client.updateDeploymentSchedule(first.id, schedule!.id, { active: false });
    const runsBefore = await server.client.readFlowRuns({ flowRunFilter: { deploymentId: { any_: [first.id] } } });

    writeFileSync(
      join(dir, "etl.ts"),
      'import { flow } from "prefect-ts";\nexport const etl = flow({ name: "serve-apply-etl" }, async (day: string, retries = 3, dryRun?: boolean) => day);\n',
    );
    const second = await etl
      .toDeployment({ name: "nightly", cron: "0 3 * * *", timezone: "Europe/London", entrypoint: entry, path: dir })
      .apply(server.client);
    expect(second.id).toBe(first.id);
    expect(second.schedules.map((s) => [s.id, s.active, (s.schedule as { cron: string }).cron])).toEqual([
      [schedule!.id, false, "0 3 * * *"],
    ]);
    expect(second.parameterOpenapiSchema).toMatchObject({
      properties: { retries: { default: 3 }, dryRun: { type: "boolean", position: 2 } },
    });
    const runsAfter = await server.client.readFlowRuns({ flowRunFilter: { deploymentId: { any_: [first.id] } } });
    expect(runsAfter.length).toBeLessThanOrEqual(runsBefore.length);
  });

  it("refuses an invalid schedule before writing anything", async () => {
    const deployment = etl.toDeployment({ name: "broken", cron: "0 25 * * *", entrypoint: entry, path: dir });
    await expect(deployment.apply(server.client)).rejects.toThrow(ScheduleError);
    await expect(server.client.readDeploymentByName("serve-apply-etl/broken")).rejects.toThrow(/not found/i);
    await expect(serve(deployment, { client: server.client, printStartingMessage: false })).rejects.toThrow(
      /Invalid schedule cron: .*hour/,
    );
  });

  it("serve() registers, runs until aborted, and with pauseOnShutdown pauses the schedules", async () => {
    const controller = new AbortController();
    const serving = serve(
      etl.toDeployment({
        name: "paused-on-stop",
        // Anchored ahead: no run is due while the test serves (the temp file could not import "prefect-ts").
        schedules: [{ interval: 3600, anchorDate: new Date(Date.now() + 3_600_000) }],
        entrypoint: entry,
        path: dir,
      }),
      {
        client: server.client,
        signal: controller.signal,
        pauseOnShutdown: true,
        printStartingMessage: false,
      },
    );
    const { id } = await waitFor(() => server.client.readDeploymentByName("serve-apply-etl/paused-on-stop"), {
      timeoutMs: 10_000,
      message: "serve() to register the deployment",
    });
    expect((await server.client.readDeploymentSchedules(id))[0]?.active).toBe(true);
    controller.abort();
    await serving;
    expect((await server.client.readDeploymentSchedules(id))[0]?.active).toBe(false);
  });
});

// `startServer({ services })` (what `prefect-ts server start` runs) over real HTTP: a deployment created through
// the client gets its scheduled runs at once, the server holds the services lease, and close() releases it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { PrefectClient } from "../../../src/client/index.js";
import { DEFAULT_SERVICE_OPTIONS, openStore, startServer } from "../../../src/server/index.js";
import { SERVICES_LEASE_NAME } from "../../../src/server/services/index.js";
import { readServiceLease } from "../../../src/server/store/service-lease.js";
import { waitFor } from "../../../src/testing/index.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("server start with services", () => {
  it("schedules a cron deployment created through the client and holds the lease until closed", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prefect-ts-services-"));
    dirs.push(dir);
    const dbPath = join(dir, "prefect.db");
    const server = await startServer({
      port: 0,
      dbPath,
      services: { ...DEFAULT_SERVICE_OPTIONS, holderId: "server-1" },
    });
    const reader = openStore(dbPath);
    try {
      const client = new PrefectClient({ apiUrl: server.apiUrl });
      const flow = await client.createFlow("etl");
      const deployment = await client.createDeployment({
        name: "hourly",
        flowId: flow.id,
        tags: ["nightly"],
        schedules: [{ schedule: { cron: "0 * * * *" } }],
      });
      const runs = await client.readFlowRuns({
        flowRunFilter: { deploymentId: { any_: [deployment.id] } },
        sort: "EXPECTED_START_TIME_ASC",
      });
      expect(runs).toHaveLength(3);
      expect(runs.map((r) => r.tags)).toEqual([
        ["auto-scheduled", "nightly"],
        ["auto-scheduled", "nightly"],
        ["auto-scheduled", "nightly"],
      ]);
      expect(runs.every((r) => r.stateName === "Scheduled" && r.autoScheduled)).toBe(true);
      expect(runs[0]?.expectedStartTime?.getTime()).toBeGreaterThan(Date.now());

      const lease = await waitFor(() => readServiceLease(reader.conn, SERVICES_LEASE_NAME));
      expect(lease.holder).toBe("server-1");
      expect(server.services?.isLeader).toBe(true);
    } finally {
      await server.close();
    }
    expect(readServiceLease(reader.conn, SERVICES_LEASE_NAME)).toBeUndefined();
    reader.close();
  });
});

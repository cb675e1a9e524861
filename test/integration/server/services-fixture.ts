// Shared setup of the services suites: a fresh SQLite file, the app over it with a driven clock, and helpers to
// create deployments through the routes and read back their runs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, openStore, type SchedulerLimits, type Store } from "../../../src/server/index.js";

export interface ServicesFixture {
  store: Store;
  dbPath: string;
  /** The driven clock every route and service reads. */
  clock: { now: Date };
  now: () => Date;
  call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }>;
  /** Creates a flow (once) and a deployment; returns the deployment. */
  deploy(body: Record<string, unknown>): Promise<any>;
  /** The deployment's flow runs, earliest first. */
  runs(deploymentId: string): Promise<any[]>;
  close(): void;
}

/** A fixture whose routes schedule immediately with `scheduler` limits (false: only the service schedules). */
export function servicesFixture(start: string, scheduler: SchedulerLimits | false = false): ServicesFixture {
  const dir = mkdtempSync(join(tmpdir(), "prefect-ts-services-"));
  const dbPath = join(dir, "prefect.db");
  const store = openStore(dbPath);
  const clock = { now: new Date(start) };
  const now = () => clock.now;
  const app = createApp({ store, now, scheduler });
  let flowId: string | undefined;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text === "" ? undefined : JSON.parse(text) };
  };
  return {
    store,
    dbPath,
    clock,
    now,
    call,
    async deploy(body) {
      flowId ??= (await call("POST", "/api/flows/", { name: "etl" })).body.id;
      const res = await call("POST", "/api/deployments/", { flow_id: flowId, ...body });
      if (res.status >= 300) throw new Error(`deploy failed: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
    async runs(deploymentId) {
      const res = await call("POST", "/api/flow_runs/filter", {
        flow_runs: { deployment_id: { any_: [deploymentId] } },
        sort: "EXPECTED_START_TIME_ASC",
        limit: 200,
      });
      return res.body;
    },
    close() {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

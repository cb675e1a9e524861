// A worker on the embedded database serves that database's API on a loopback port for its runs' processes (and,
// with Docker, their containers): the child reports over HTTP with the auth string it was given, anyone without it
// is refused, and the port closes when the worker stops.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { closeEmbeddedServers, getClient, openEmbeddedServer } from "../../../src/connect.js";
import { resolveSettings } from "../../../src/settings/index.js";
import { waitFor } from "../../../src/testing/index.js";
import { Worker } from "../../../src/worker/worker.js";

const dir = mkdtempSync(join(tmpdir(), "prefect-ts-loopback-"));
const CHILD = join(dir, "child.mjs");
const SEEN = join(dir, "seen.json");
writeFileSync(
  CHILD,
  `
import { writeFileSync } from "node:fs";
const api = process.env.PREFECT_API_URL, auth = process.env.PREFECT_API_AUTH_STRING, id = process.env.PREFECT__FLOW_RUN_ID;
writeFileSync(${JSON.stringify(SEEN)}, JSON.stringify({ api, auth, db: process.env.PREFECT_API_DATABASE_CONNECTION_URL ?? null }));
const headers = { "content-type": "application/json", authorization: "Basic " + Buffer.from(auth).toString("base64") };
for (const type of ["RUNNING", "COMPLETED"]) {
  const response = await fetch(api + "/flow_runs/" + id + "/set_state", { method: "POST", headers, body: JSON.stringify({ state: { type } }) });
  if (!response.ok) process.exit(9);
}
`,
);

describe("Worker on the embedded database", () => {
  const settings = resolveSettings({ env: { PREFECT_HOME: join(dir, "home") } });
  const client = getClient({ settings });
  const embeddedServer = openEmbeddedServer({ settings });
  afterAll(async () => {
    await closeEmbeddedServers();
  });

  it("gives its runs the database's API on a loopback port behind an auth string, closed when it stops", async () => {
    const flowId = (await client.createFlow("loopback")).id;
    const worker = new Worker({
      client,
      embeddedServer,
      workPoolName: "loopback-pool",
      querySeconds: 0.2,
      prestart: false,
      log: () => undefined,
    });
    const started = worker.start();
    let api: string;
    try {
      await waitFor(() => worker.workPool);
      const deployment = await client.createDeployment({
        flowId,
        name: "d",
        workPoolName: "loopback-pool",
        jobVariables: { command: `node ${CHILD}` },
        path: dir,
      });
      const run = await client.createFlowRunFromDeployment(deployment.id);
      await waitFor(async () => ((await client.readFlowRun(run.id)).state?.type === "COMPLETED" ? true : undefined), {
        timeoutMs: 20_000,
      });

      const seen = JSON.parse(readFileSync(SEEN, "utf8")) as { api: string; auth: string };
      api = seen.api;
      expect(api).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api$/);
      expect(seen.auth).toMatch(/^prefect-ts:.{20,}$/);
      expect((await fetch(`${api}/flow_runs/filter`, { method: "POST" })).status).toBe(401);
    } finally {
      await worker.stop();
      await started;
    }
    await expect(fetch(`${api}/health`)).rejects.toThrow();
  });
});

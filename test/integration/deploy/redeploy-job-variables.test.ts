// A redeploy writes the job variables it is given, as Prefect's apply does (replace, not merge): a deployment moved
// from a Docker pool to a process pool loses its `image`, whose runs would otherwise crash.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { flow } from "../../../src/flow.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";
import { dockerBaseJobTemplate } from "../../../src/worker/docker/docker-job-template.js";

const moved = flow({ name: "redeploy-moved" }, async () => "ok");

describe.each(transports)("redeploying job variables over %s", (transport) => {
  let server: TestServer;
  let dir: string;

  beforeAll(async () => {
    server = await createTestServer({ transport });
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-redeploy-"));
    writeFileSync(
      join(dir, "moved.ts"),
      'import { flow } from "prefect-ts";\nexport const moved = flow({ name: "redeploy-moved" }, async () => "ok");\n',
    );
    await server.client.createWorkPool({
      name: "docker-pool",
      type: "docker",
      baseJobTemplate: dockerBaseJobTemplate() as unknown as Record<string, unknown>,
    });
    await server.client.createWorkPool({ name: "process-pool", type: "process" });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("drops the image of a Docker deployment moved onto a process pool", async () => {
    const deployment = () => moved.toDeployment({ name: "moving", entrypoint: "moved.ts:moved", path: dir });
    const first = await deployment().apply(server.client, {
      workPoolName: "docker-pool",
      jobVariables: { image: "my-image:latest" },
      path: null,
    });
    expect(first.jobVariables).toEqual({ image: "my-image:latest" });
    const second = await deployment().apply(server.client, { workPoolName: "process-pool" });
    expect(second.id).toBe(first.id);
    expect(second.workPoolName).toBe("process-pool");
    expect(second.jobVariables).toEqual({});
    expect(second.path).toBe(dir);
  });

  it("replaces the job variables with the ones given, keeping none of the old keys", async () => {
    const deployment = (jobVariables: Record<string, unknown>) =>
      moved.toDeployment({
        name: "replacing",
        entrypoint: "moved.ts:moved",
        path: dir,
        workPoolName: "process-pool",
        jobVariables,
      });
    await deployment({ env: { A: "1" }, working_dir: dir }).apply(server.client);
    const second = await deployment({ env: { B: "2" } }).apply(server.client);
    expect(second.jobVariables).toEqual({ env: { B: "2" } });
  });
});

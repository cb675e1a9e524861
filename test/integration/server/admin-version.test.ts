// Versions and the default result storage, over both transports, as Prefect 3.8.3 answers them:
// `/version` is the REST API version, `/admin/version` the Prefect release, `/admin/storage` unset until a
// file-system block document is PUT (404 for a missing one, 422 for one without the write-path capability).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../../src/client/index.js";
import { warnIfServerOlder } from "../../../src/client/version-check.js";
import { PREFECT_API_VERSION, PREFECT_VERSION } from "../../../src/schemas/version.js";
import { startServer } from "../../../src/server/index.js";
import { waitFor } from "../../../src/testing/index.js";
import { expectMatchesComponent } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

describe.each(TRANSPORTS)("admin routes (%s)", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(async () => h.close());

  it("GET /api/version answers Prefect's API version, /api/admin/version the Prefect release", async () => {
    expect(PREFECT_VERSION).toBe("3.8.3");
    expect((await h.call("GET", "/api/version")).body).toBe(PREFECT_API_VERSION);
    expect((await h.call("GET", "/api/admin/version")).body).toBe(PREFECT_VERSION);
  });

  it("GET /api/admin/storage -> 200 with no default result storage block", async () => {
    const res = await h.call("GET", "/api/admin/storage");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ default_result_storage_block_id: null });
    expectMatchesComponent("ServerDefaultResultStorage", res.body);
    expect((await h.call("DELETE", "/api/admin/storage")).status).toBe(204);
  });

  it("PUT /api/admin/storage sets a file-system block document; DELETE clears it", async () => {
    const documentOf = async (slug: string, data: Record<string, unknown>) => {
      const type = (await h.call("GET", `/api/block_types/slug/${slug}`)).body;
      const [schema] = (
        await h.call("POST", "/api/block_schemas/filter", { block_schemas: { block_type_id: { any_: [type.id] } } })
      ).body;
      const created = await h.call("POST", "/api/block_documents/", {
        name: `${slug}-doc`,
        data,
        block_schema_id: schema.id,
        block_type_id: type.id,
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body.id as string;
    };
    const local = await documentOf("local-file-system", { basepath: "/tmp/results" });
    const put = await h.call("PUT", "/api/admin/storage", { default_result_storage_block_id: local });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toEqual({ default_result_storage_block_id: local });
    expectMatchesComponent("ServerDefaultResultStorage", put.body);
    expect((await h.call("GET", "/api/admin/storage")).body).toEqual({ default_result_storage_block_id: local });

    const secret = await documentOf("secret", { value: "s3cr3t" });
    const unfit = await h.call("PUT", "/api/admin/storage", { default_result_storage_block_id: secret });
    expect(unfit.status).toBe(422);
    expect(unfit.body.detail).toContain(`Block document ${secret} cannot be used for result storage`);
    const missing = await h.call("PUT", "/api/admin/storage", {
      default_result_storage_block_id: "00000000-0000-4000-8000-000000000000",
    });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe("Block document 00000000-0000-4000-8000-000000000000 not found.");
    const invalid = await h.call("PUT", "/api/admin/storage", { default_result_storage_block_id: "nope" });
    expect(invalid.status).toBe(422);
    expect(JSON.stringify(invalid.body.exception_detail)).toContain("default_result_storage_block_id");
    // Failed PUTs left the setting as it was.
    expect((await h.call("GET", "/api/admin/storage")).body).toEqual({ default_result_storage_block_id: local });

    expect((await h.call("DELETE", "/api/admin/storage")).status).toBe(204);
    expect((await h.call("GET", "/api/admin/storage")).body).toEqual({ default_result_storage_block_id: null });
    // A deleted block document no longer counts as the default, as Prefect clears it on delete.
    await h.call("PUT", "/api/admin/storage", { default_result_storage_block_id: local });
    expect((await h.call("DELETE", `/api/block_documents/${local}`)).status).toBe(204);
    expect((await h.call("GET", "/api/admin/storage")).body).toEqual({ default_result_storage_block_id: null });
  });
});

describe("a client against our server", () => {
  it("reads the version it speaks and does not warn", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prefect-ts-version-"));
    const server = await startServer({ port: 0, dbPath: join(dir, "prefect.db") });
    try {
      const client = new PrefectClient({ apiUrl: server.url + "/api" });
      const warnings: string[] = [];
      expect(await warnIfServerOlder(client, { warn: (m) => warnings.push(m) })).toBe(PREFECT_VERSION);
      expect(warnings).toEqual([]);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("getClient() against an older server", () => {
  it("emits one PREFECT_SERVER_VERSION warning and keeps working", async () => {
    const { Hono } = await import("hono");
    const { serve } = await import("@hono/node-server");
    const old = new Hono();
    old.get("/api/admin/version", (c) => c.json("3.0.0"));
    old.get("/api/hello", (c) => c.json("hi"));
    const listening = await new Promise<{ port: number; close: () => void }>((resolve) => {
      const s = serve({ fetch: old.fetch, port: 0, hostname: "127.0.0.1" }, (info) =>
        resolve({ port: info.port, close: () => s.close() }),
      );
    });
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      const { getClient } = await import("../../../src/connect.js");
      const { resolveSettings } = await import("../../../src/settings/index.js");
      const apiUrl = `http://127.0.0.1:${listening.port}/api`;
      const settings = resolveSettings({ env: { PREFECT_API_URL: apiUrl, PREFECT_HOME: tmpdir() } });
      const client = getClient({ settings });
      getClient({ settings });
      expect(await client.hello()).toBe("hi");
      const versionWarnings = () => warnings.filter((w) => (w as { code?: string }).code === "PREFECT_SERVER_VERSION");
      await waitFor(() => versionWarnings().length > 0, { message: "the version warning" });
      expect(versionWarnings()).toHaveLength(1);
      expect(warnings[0]!.message).toContain("3.0.0, older than this client's 3.8.3");
    } finally {
      process.off("warning", onWarning);
      listening.close();
    }
  });
});

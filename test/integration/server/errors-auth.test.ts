// Cross-cutting behaviour over both transports: 413 on oversized bodies, invalid JSON, nothing written
// on 4xx, Basic auth (401 vs 200, probes exempt), and 500 bodies for unexpected failures.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp, openStore } from "../../../src/server/index.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const JSON_HEADERS = { "content-type": "application/json" };

describe.each(TRANSPORTS)("request errors (%s)", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers 413 for a body over 5 MiB and stores nothing", async () => {
    const big = JSON.stringify([
      { name: "x", level: 20, message: "m".repeat(5 * 1024 * 1024), timestamp: "2024-01-01T00:00:00Z" },
    ]);
    const answer = await h.call("POST", "/api/logs/", big);
    expect(answer.status).toBe(413);
    expect(answer.body.detail).toContain("5 MiB");
    expect((await h.call("POST", "/api/logs/filter", {})).body).toEqual([]);
  });

  it("answers 422 json_invalid for a body that is not JSON", async () => {
    const answer = await h.call("POST", "/api/flows/", "{not json");
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({
      exception_message: "Invalid request received.",
      exception_detail: [{ type: "json_invalid", loc: ["body", expect.any(Number)], msg: "JSON decode error" }],
      request_body: "{not json",
    });
    const empty = await h.call("POST", "/api/flows/");
    expect(empty.body.exception_detail).toEqual([
      { type: "missing", loc: ["body"], msg: "Field required", input: null },
    ]);
  });

  it("writes nothing when a request fails validation", async () => {
    const bad = await h.call("POST", "/api/flows/", { name: "valid-name", tags: "not-a-list" });
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0]).toMatchObject({ type: "list_type", loc: ["body", "tags"] });
    expect((await h.call("GET", "/api/flows/name/valid-name")).status).toBe(404);
    expect((await h.call("POST", "/api/flows/count", {})).body).toBe(0);
  });
});

describe.each(TRANSPORTS)("basic auth (%s)", (transport) => {
  let h: Harness;
  const good = { authorization: `Basic ${Buffer.from("admin:secret").toString("base64")}` };
  const bad = { authorization: `Basic ${Buffer.from("admin:wrong").toString("base64")}` };
  beforeAll(async () => {
    h = await startHarness(transport, { authString: "admin:secret" });
  });
  afterAll(async () => {
    await h.close();
  });

  it("leaves the health and ready probes open", async () => {
    expect((await h.call("GET", "/api/health")).status).toBe(200);
    expect((await h.call("GET", "/api/ready")).status).toBe(200);
  });

  it("answers 401 without or with wrong credentials, 200 with the right ones", async () => {
    for (const headers of [{}, bad, { authorization: "Bearer admin:secret" }, { authorization: "Basic !!!" }]) {
      const answer = await h.call("GET", "/api/admin/version", undefined, headers);
      expect(answer).toMatchObject({ status: 401, body: { exception_message: "Unauthorized" } });
    }
    expect((await h.call("POST", "/api/flows/", { name: "sneaky" }, bad)).status).toBe(401);
    expect((await h.call("GET", "/api/admin/version", undefined, good)).status).toBe(200);
    expect((await h.call("POST", "/api/flows/", { name: "allowed" }, good)).status).toBe(201);
    expect((await h.call("GET", "/api/flows/name/sneaky", undefined, good)).status).toBe(404);
  });
});

describe("unexpected failures", () => {
  it("answers 500 with Prefect's body and reports the error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "prefect-ts-server-"));
    const store = openStore(join(dir, "prefect.db"));
    const logged: unknown[] = [];
    const app = createApp({ store, logError: (error) => logged.push(error) });
    store.close();
    const answer = await app.request("/api/flows/", {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "x" }),
    });
    expect(answer.status).toBe(500);
    expect(await answer.json()).toEqual({ exception_message: "Internal Server Error" });
    expect(logged).toHaveLength(1);
    const ready = await app.request("/api/ready");
    expect(ready.status).toBe(503);
    rmSync(dir, { recursive: true, force: true });
  });
});

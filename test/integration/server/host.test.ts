// The standalone host: listening on a free port, reporting its URLs, serving the API over HTTP, closing
// gracefully (and closing the store it opened), and refusing to start without a database.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startServer } from "../../../src/server/index.js";

const JSON_HEADERS = { "content-type": "application/json" };

describe("startServer", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-host-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("listens on a free port, serves the API and closes gracefully", async () => {
    let listened: string | undefined;
    // How fast it starts is bench/'s business (startup.bench.ts), not an assertion here.
    const server = await startServer({ port: 0, dbPath: join(dir, "prefect.db"), onListen: (s) => (listened = s.url) });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.apiUrl).toBe(`${server.url}/api`);
    expect(listened).toBe(server.url);
    const health = await fetch(`${server.apiUrl}/health`);
    expect(await health.json()).toBe(true);
    const created = await fetch(`${server.apiUrl}/flows`, {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "no-slash" }),
    });
    expect(created.status).toBe(201);
    await server.close();
    await server.close();
    await expect(fetch(`${server.apiUrl}/health`)).rejects.toThrow();
  });

  it("lets two servers share one database file", async () => {
    const path = join(dir, "prefect.db");
    const a = await startServer({ port: 0, dbPath: path });
    const b = await startServer({ port: 0, dbPath: path });
    try {
      const created = await fetch(`${a.apiUrl}/flows/`, {
        method: "POST",
        headers: JSON_HEADERS,
        body: JSON.stringify({ name: "shared" }),
      });
      const flow = (await created.json()) as { id: string };
      const seen = await fetch(`${b.apiUrl}/flows/${flow.id}`);
      expect(seen.status).toBe(200);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it("refuses to start without a store or a database path, and on a busy port", async () => {
    await expect(startServer({ port: 0 })).rejects.toThrow(/needs a `store` or a `dbPath`/);
    const first = await startServer({ port: 0, dbPath: join(dir, "prefect.db") });
    try {
      await expect(startServer({ port: first.port, dbPath: join(dir, "other.db") })).rejects.toThrow(/EADDRINUSE/);
    } finally {
      await first.close();
    }
  });
});

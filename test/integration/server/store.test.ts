// The store on its own: migrations recorded once, two stores on one file seeing each other's writes,
// and a write transaction rolling back completely on a throw.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createApp, openStore } from "../../../src/server/index.js";
import { newId } from "../../../src/server/store/ids.js";
import { MIGRATIONS } from "../../../src/server/store/migrations.js";

const JSON_HEADERS = { "content-type": "application/json" };

describe("store", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-store-"));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it("records each migration once and sets the pragmas", () => {
    const path = join(dir, "prefect.db");
    const first = openStore(path);
    const second = openStore(path);
    const rows = first.conn.all("SELECT version FROM migrations");
    expect(rows.map((r) => r.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(first.conn.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(first.conn.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(first.conn.db.pragma("busy_timeout", { simple: true })).toBe(5000);
    first.close();
    second.close();
  });

  it("lets two stores on one file see each other's writes through the API", async () => {
    const path = join(dir, "prefect.db");
    const a = createApp({ store: openStore(path) });
    const storeB = openStore(path);
    const b = createApp({ store: storeB });
    const created = await a.request("/api/flows/", {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "shared" }),
    });
    expect(created.status).toBe(201);
    const seen = await b.request("/api/flows/name/shared");
    expect(seen.status).toBe(200);
    const again = await b.request("/api/flows/", {
      method: "POST",
      headers: JSON_HEADERS,
      body: JSON.stringify({ name: "shared" }),
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(((await created.json()) as { id: string }).id);
    storeB.close();
  });

  it("lets several processes write one file at once without busy errors or lost writes", async () => {
    const path = join(dir, "prefect.db");
    openStore(path).close();
    const script = new URL("./fixtures/concurrent-writer.ts", import.meta.url).pathname;
    const run = () =>
      new Promise<string>((resolve, reject) => {
        execFile(
          process.execPath,
          ["--import", "tsx", script, path, "60"],
          { cwd: process.cwd() },
          (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
        );
      });
    const outputs = await Promise.all([run(), run(), run()]);
    expect(outputs).toEqual(["60", "60", "60"]);
    const store = openStore(path);
    expect(store.conn.get("SELECT count(*) AS n FROM flow_run WHERE state_type = 'RUNNING'")?.n).toBe(180);
    expect(store.conn.get("SELECT count(*) AS n FROM flow_run_state")?.n).toBe(360);
    store.close();
  }, 120_000); // three TypeScript-loading children at once: far beyond the project's 30 s on a loaded 2-core machine

  it("makes UUIDv7 ids that increase within one millisecond", () => {
    const ids = Array.from({ length: 5000 }, () => newId(1_700_000_000_000));
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("rolls a write transaction back entirely when it throws", () => {
    const store = openStore(join(dir, "prefect.db"));
    expect(() =>
      store.write(() => {
        store.flows.create({ name: "half", tags: [], labels: {} }, new Date());
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(store.flows.readByName("half")).toBeUndefined();
    store.close();
  });
});

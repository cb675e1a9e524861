// Migration 5 applies over a database that already holds deployments and runs (ALTER TABLE with a reference).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, expect, it } from "vitest";
import { MIGRATIONS, migrate } from "../../../../src/server/store/migrations.js";
import { openStore } from "../../../../src/server/store/store.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it("upgrades a version-4 database holding a deployment and a run", () => {
  dir = mkdtempSync(join(tmpdir(), "prefect-ts-migrate-"));
  const path = join(dir, "prefect.db");
  const db = new Database(path);
  db.pragma("foreign_keys = ON");
  migrate(
    db,
    MIGRATIONS.filter((m) => m.version <= 4),
  );
  const t = "2026-01-01T00:00:00.000Z";
  db.prepare("INSERT INTO flow (id, created, updated, name) VALUES ('f', ?, ?, 'flow')").run(t, t);
  db.prepare("INSERT INTO deployment (id, created, updated, name, flow_id) VALUES ('d', ?, ?, 'dep', 'f')").run(t, t);
  db.prepare(
    "INSERT INTO flow_run (id, created, updated, name, flow_id, deployment_id) VALUES ('r', ?, ?, 'run', 'f', 'd')",
  ).run(t, t);
  db.close();
  const store = openStore(path);
  try {
    expect(store.conn.get("SELECT work_queue_id FROM deployment WHERE id = 'd'")).toEqual({ work_queue_id: null });
    expect(store.conn.get("SELECT max(version) AS v FROM migrations")?.v).toBe(MIGRATIONS.at(-1)?.version);
  } finally {
    store.close();
  }
});

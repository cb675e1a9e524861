// migrate(): pending steps applied together, once; a failing step leaves the database as it was.
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { type Migration, migrate } from "../../../src/server/store/migrations.js";

const STEPS: readonly Migration[] = [
  { version: 1, name: "a", sql: "CREATE TABLE a (id INTEGER PRIMARY KEY);" },
  { version: 2, name: "b", sql: "CREATE TABLE b (id INTEGER PRIMARY KEY);" },
  { version: 3, name: "c", sql: "CREATE TABLE c (id INTEGER PRIMARY KEY);" },
];

const versions = (db: Database.Database): number[] =>
  db.prepare("SELECT version FROM migrations ORDER BY version").pluck().all() as number[];
const tables = (db: Database.Database): string[] =>
  db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];

describe("migrate", () => {
  it("applies the pending steps in order and records each once", () => {
    const db = new Database(":memory:");
    migrate(db, STEPS.slice(0, 1));
    migrate(db, STEPS);
    migrate(db, STEPS);
    expect(versions(db)).toEqual([1, 2, 3]);
    expect(tables(db)).toEqual(["a", "b", "c", "migrations"]);
  });

  it("leaves the database as it was when a step fails, and applies them all once it is fixed", () => {
    const db = new Database(":memory:");
    migrate(db, STEPS.slice(0, 1));
    const broken = [...STEPS.slice(0, 2), { version: 3, name: "c", sql: "CREATE TABLE a (id INTEGER);" }];
    expect(() => migrate(db, broken)).toThrow(/already exists/);
    expect(versions(db)).toEqual([1]);
    expect(tables(db)).toEqual(["a", "migrations"]);
    migrate(db, STEPS);
    expect(versions(db)).toEqual([1, 2, 3]);
  });
});

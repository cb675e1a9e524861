// The `configuration` table: server-wide settings by key with a JSON value, as Prefect's `Configuration` model
// keeps them (the default result storage lives under "server-default-result-storage"). Routes decide what they mean.
import { fromJson } from "./codec.js";
import type { Connection } from "./connection.js";
import { newId } from "./ids.js";

/** Server configuration entries, one JSON value per key. */
export class ConfigurationTable {
  constructor(private readonly conn: Connection) {}

  /** The value stored under `key`, or undefined when none is. */
  read<T>(key: string): T | undefined {
    const row = this.conn.get("SELECT value FROM configuration WHERE key = ?", [key]);
    return row === undefined ? undefined : fromJson<T | undefined>(row.value, undefined);
  }

  /** Stores `value` under `key`, replacing the previous one (Prefect's `write_configuration`). */
  write(key: string, value: unknown, now: Date): void {
    const stamp = now.toISOString();
    this.conn.run(
      `INSERT INTO configuration (id, created, updated, key, value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated = excluded.updated`,
      [newId(now.getTime()), stamp, stamp, key, JSON.stringify(value)],
    );
  }

  /** Removes `key`; true when it was set. */
  delete(key: string): boolean {
    return this.conn.run("DELETE FROM configuration WHERE key = ?", [key]) === 1;
  }
}

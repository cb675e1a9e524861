// The `service_lease` table: one row per lease name naming the process that holds it until `expires_at`.
// Taking, renewing and releasing are single statements in IMMEDIATE transactions; the loop using them is in services/.
import type { Connection } from "./connection.js";

/** A lease as stored. */
export interface ServiceLeaseRow {
  readonly name: string;
  readonly holder: string;
  readonly acquired: string;
  readonly expiresAt: string;
}

/**
 * Takes or renews lease `name` for `holder` until `expiresAt`, in one IMMEDIATE transaction: the upsert only
 * overwrites a row that `holder` already holds or whose expiry has passed at `now`. Returns whether `holder`
 * holds the lease afterwards.
 */
export function acquireServiceLease(
  conn: Connection,
  name: string,
  holder: string,
  now: Date,
  expiresAt: Date,
): boolean {
  const stamp = now.toISOString();
  return conn.write(() => {
    conn.run(
      `INSERT INTO service_lease (name, holder, acquired, expires_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET
         acquired = CASE WHEN holder = excluded.holder THEN acquired ELSE excluded.acquired END,
         holder = excluded.holder,
         expires_at = excluded.expires_at
       WHERE holder = excluded.holder OR expires_at <= ?`,
      [name, holder, stamp, expiresAt.toISOString(), stamp],
    );
    return conn.get("SELECT holder FROM service_lease WHERE name = ?", [name])?.holder === holder;
  });
}

/** Gives lease `name` up if `holder` holds it (so another process can take it at once); returns whether it did. */
export function releaseServiceLease(conn: Connection, name: string, holder: string): boolean {
  return conn.write(() => conn.run("DELETE FROM service_lease WHERE name = ? AND holder = ?", [name, holder]) === 1);
}

/** The lease row of `name`, if any (expired or not). */
export function readServiceLease(conn: Connection, name: string): ServiceLeaseRow | undefined {
  const row = conn.get("SELECT name, holder, acquired, expires_at FROM service_lease WHERE name = ?", [name]);
  if (row === undefined) return undefined;
  return {
    name: row.name as string,
    holder: row.holder as string,
    acquired: row.acquired as string,
    expiresAt: row.expires_at as string,
  };
}

// The `csrf_token` table: one token per client id with its expiration, as Prefect's server keeps them (so every
// process serving one database accepts the tokens any of them issued). The middleware is in http/csrf.ts.
import { randomBytes } from "node:crypto";
import type { Connection } from "./connection.js";
import { newId } from "./ids.js";

/** A client's CSRF token, as `GET /api/csrf-token` answers it (Prefect's `CsrfToken`). */
export interface CsrfTokenRow {
  readonly id: string;
  readonly created: string;
  readonly updated: string;
  readonly token: string;
  readonly client: string;
  readonly expiration: string;
}

/** CSRF token rows. */
export class CsrfTokensTable {
  constructor(private readonly conn: Connection) {}

  /**
   * Issues a new token for `client` (replacing its previous one) valid until `now + lifetimeSeconds`, and deletes
   * expired tokens, as Prefect's `create_or_update_csrf_token` and `delete_expired_tokens`.
   */
  issue(client: string, now: Date, lifetimeSeconds: number): CsrfTokenRow {
    const stamp = now.toISOString();
    const expiration = new Date(now.getTime() + lifetimeSeconds * 1000).toISOString();
    // Prefect's token: 32 random bytes as hex.
    const token = randomBytes(32).toString("hex");
    return this.conn.write(() => {
      this.conn.run(
        `INSERT INTO csrf_token (id, created, updated, token, client, expiration) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (client) DO UPDATE SET token = excluded.token, expiration = excluded.expiration, updated = excluded.updated`,
        [newId(now.getTime()), stamp, stamp, token, client, expiration],
      );
      this.conn.run("DELETE FROM csrf_token WHERE expiration <= ?", [stamp]);
      return this.conn.get("SELECT * FROM csrf_token WHERE client = ?", [client]) as unknown as CsrfTokenRow;
    });
  }

  /** The unexpired token of `client`, if any (Prefect's `read_token_for_client`). */
  tokenOf(client: string, now: Date): string | undefined {
    return this.conn.get("SELECT token FROM csrf_token WHERE client = ? AND expiration > ?", [
      client,
      now.toISOString(),
    ])?.token as string | undefined;
  }
}

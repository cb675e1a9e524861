// Prefect's CSRF protection (PREFECT_SERVER_CSRF_PROTECTION_ENABLED): `GET /api/csrf-token?client=<id>` issues a
// token, and every POST/PUT/PATCH/DELETE must then carry `Prefect-Csrf-Token` and `Prefect-Csrf-Client`. Off by default.
import type { Context, MiddlewareHandler } from "hono";
import { CsrfTokensTable } from "../store/csrf-tokens.js";
import type { Store } from "../store/store.js";
import { invalidRequest, unprocessable } from "./http-error.js";

/** CSRF settings of the server. */
export interface CsrfOptions {
  /** PREFECT_SERVER_CSRF_PROTECTION_ENABLED. @default false */
  readonly enabled: boolean;
  /** PREFECT_SERVER_CSRF_TOKEN_EXPIRATION, in seconds. @default 3600 */
  readonly tokenExpirationSeconds?: number;
}

/** The methods Prefect's CsrfMiddleware checks. */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The CSRF middleware and the token route of one app. */
export interface CsrfProtection {
  /** Answers 403 `{detail}` to a state-changing request without a valid token, as Prefect's CsrfMiddleware. */
  readonly middleware: MiddlewareHandler;
  /** `GET /api/csrf-token?client=...`: a fresh token, or 422 "CSRF protection is disabled." */
  readonly tokenRoute: (c: Context) => Response;
}

/** Builds the CSRF middleware and token route over the store's `csrf_token` table. */
export function csrfProtection(
  store: Store,
  now: () => Date,
  options: CsrfOptions = { enabled: false },
): CsrfProtection {
  const tokens = new CsrfTokensTable(store.conn);
  const lifetime = options.tokenExpirationSeconds ?? 3600;
  return {
    middleware: async (c, next) => {
      if (!options.enabled || !STATE_CHANGING.has(c.req.method)) return next();
      const token = c.req.header("prefect-csrf-token");
      const client = c.req.header("prefect-csrf-client");
      if (token === undefined) return c.json({ detail: "Missing CSRF token." }, 403);
      if (client === undefined) return c.json({ detail: "Missing client identifier." }, 403);
      if (tokens.tokenOf(client, now()) !== token) {
        return c.json({ detail: "Invalid CSRF token or client identifier." }, 403, {
          "Access-Control-Allow-Origin": "*",
        });
      }
      return next();
    },
    tokenRoute: (c) => {
      const client = c.req.query("client");
      if (client === undefined) {
        throw invalidRequest([{ type: "missing", loc: ["query", "client"], msg: "Field required", input: null }], null);
      }
      // Prefect answers so when protection is off; its clients then stop asking.
      if (!options.enabled) throw unprocessable("CSRF protection is disabled.");
      return c.json(tokens.issue(client, now(), lifetime));
    },
  };
}

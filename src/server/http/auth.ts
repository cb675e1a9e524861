// HTTP Basic authentication against PREFECT_SERVER_API_AUTH_STRING, as Prefect's server middleware does:
// every route but `GET /api/health` and `GET /api/ready` needs `Authorization: Basic base64("user:pass")`.
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";

const UNAUTHORIZED = { exception_message: "Unauthorized" } as const;

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * The only paths left open, for liveness/readiness probes. Prefect matches them exactly (PrefectHQ/prefect#21063
 * replaced a suffix match that let `GET /api/deployments/name/x/health` through); so do we.
 */
const PROBE_PATHS: ReadonlySet<string> = new Set(["/api/health", "/api/ready"]);

/**
 * Whether this request is a probe: the URL's path as sent, not Hono's normalised one (which drops a trailing
 * slash and decodes escapes), so only the exact spellings are open; `/api/health/` or `/api/%68ealth` need auth.
 */
function isProbe(method: string, url: string): boolean {
  if (method !== "GET") return false;
  const start = url.indexOf("/", url.indexOf("://") + 3);
  if (start === -1) return false;
  const end = url.slice(start).search(/[?#]/);
  return PROBE_PATHS.has(end === -1 ? url.slice(start) : url.slice(start, start + end));
}

/**
 * Middleware answering 401 `{"exception_message":"Unauthorized"}` unless the request carries the right
 * Basic credentials. Compares SHA-256 digests in constant time, so neither content nor length leaks.
 */
export function basicAuth(authString: string): MiddlewareHandler {
  const expected = digest(authString);
  return async (c, next) => {
    if (isProbe(c.req.method, c.req.url)) return next();
    const header = c.req.header("authorization") ?? "";
    const [scheme, credentials] = header.trim().split(/\s+/, 2);
    let decoded = "";
    if (scheme?.toLowerCase() === "basic" && credentials) decoded = Buffer.from(credentials, "base64").toString("utf8");
    if (!timingSafeEqual(digest(decoded), expected) || decoded === "") return c.json(UNAUTHORIZED, 401);
    return next();
  };
}

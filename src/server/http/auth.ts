// HTTP Basic authentication against PREFECT_SERVER_API_AUTH_STRING, as Prefect's server middleware does:
// every route but GET health/ready probes needs `Authorization: Basic base64("user:pass")`.
import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";

const UNAUTHORIZED = { exception_message: "Unauthorized" } as const;

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/** Whether this request is a liveness/readiness probe, which Prefect leaves open. */
function isProbe(method: string, path: string): boolean {
  return method === "GET" && (path.endsWith("/health") || path.endsWith("/ready"));
}

/**
 * Middleware answering 401 `{"exception_message":"Unauthorized"}` unless the request carries the right
 * Basic credentials. Compares SHA-256 digests in constant time, so neither content nor length leaks.
 */
export function basicAuth(authString: string): MiddlewareHandler {
  const expected = digest(authString);
  return async (c, next) => {
    if (isProbe(c.req.method, c.req.path)) return next();
    const header = c.req.header("authorization") ?? "";
    const [scheme, credentials] = header.trim().split(/\s+/, 2);
    let decoded = "";
    if (scheme?.toLowerCase() === "basic" && credentials) decoded = Buffer.from(credentials, "base64").toString("utf8");
    if (!timingSafeEqual(digest(decoded), expected) || decoded === "") return c.json(UNAUTHORIZED, 401);
    return next();
  };
}

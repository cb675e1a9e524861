// CORS as Prefect's server sets it (PREFECT_SERVER_CORS_ALLOWED_ORIGINS/_METHODS/_HEADERS, each "*" by default),
// through hono/cors. Preflights are answered before authentication, as Starlette's CORSMiddleware sits outside it.
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";

/** The CORS settings, each a comma-separated list or "*". */
export interface CorsOptions {
  /** PREFECT_SERVER_CORS_ALLOWED_ORIGINS. @default "*" */
  readonly allowedOrigins?: string;
  /** PREFECT_SERVER_CORS_ALLOWED_METHODS. @default "*" */
  readonly allowedMethods?: string;
  /** PREFECT_SERVER_CORS_ALLOWED_HEADERS. @default "*" */
  readonly allowedHeaders?: string;
}

/** Starlette's list for `allow_methods=["*"]`. */
const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

function list(value: string | undefined): string[] {
  return (value ?? "*")
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item !== "");
}

/** The CORS middleware for these settings. */
export function corsMiddleware(options: CorsOptions = {}): MiddlewareHandler {
  const origins = list(options.allowedOrigins);
  const methods = list(options.allowedMethods);
  const headers = list(options.allowedHeaders);
  return cors({
    origin: origins.includes("*") ? "*" : origins,
    allowMethods: methods.includes("*") ? ALL_METHODS : methods.map((m) => m.toUpperCase()),
    // Empty mirrors the preflight's Access-Control-Request-Headers, as Starlette does for "*": a literal "*" would
    // not cover Authorization, which basic auth needs.
    allowHeaders: headers.includes("*") ? [] : headers,
  });
}

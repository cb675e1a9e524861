// The app's last line: turns thrown HttpErrors and SQLite constraint violations into Prefect's error bodies,
// and anything else into a logged 500 `{"exception_message":"Internal Server Error"}`. Every 5xx is logged once.
import type { Context, MiddlewareHandler } from "hono";
import { HttpError } from "./http-error.js";

/** Receives server errors (every 5xx, with the error when there is one); defaults to console.error. */
export type ErrorLogger = (error: unknown, request: { method: string; path: string }) => void;

const INTEGRITY_DETAIL =
  "Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.";
const INTERNAL_BODY = JSON.stringify({ exception_message: "Internal Server Error" });

/** Requests whose 5xx the error handler has already logged, so {@link logServerErrors} does not log them twice. */
const logged = new WeakSet<Request>();

function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT");
}

function report(log: ErrorLogger, error: unknown, c: Context): void {
  logged.add(c.req.raw);
  try {
    log(error, { method: c.req.method, path: c.req.path });
  } catch {
    // A failing logger must not turn an answer into no answer.
  }
}

/** A 500 built without serialising anything of the request, so it cannot fail itself. */
function internalError(): Response {
  return new Response(INTERNAL_BODY, { status: 500, headers: { "content-type": "application/json" } });
}

/** Builds the `app.onError` handler. Transactions have rolled back by the time it runs. It never throws. */
export function errorHandler(log: ErrorLogger) {
  return (error: Error, c: Context): Response => {
    try {
      if (error instanceof HttpError) {
        if (error.status >= 500) report(log, error, c);
        return c.json(error.body, error.status);
      }
      // Prefect's integrity_exception_handler: unique or foreign-key violations answer 409.
      if (isConstraintError(error)) return c.json({ detail: INTEGRITY_DETAIL }, 409);
    } catch (serializing) {
      // E.g. a body that cannot be serialised: Hono would answer an empty 500 and log nothing.
      report(log, serializing, c);
      return internalError();
    }
    report(log, error, c);
    return internalError();
  };
}

/**
 * Middleware logging the 5xx answers no thrown error explains (e.g. `/ready` answering 503), so every 5xx the
 * server sends leaves a line in its log.
 */
export function logServerErrors(log: ErrorLogger): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (c.res.status >= 500 && !logged.has(c.req.raw)) {
      const message = `${c.req.method} ${c.req.path} answered ${c.res.status}`;
      // No stack: the line says all there is (no error was thrown).
      report(log, Object.assign(new Error(message), { stack: message }), c);
    }
  };
}

/** The default {@link ErrorLogger}. */
export const consoleErrorLogger: ErrorLogger = (error, request) => {
  console.error(`prefect-ts server: ${request.method} ${request.path} failed:`, error);
};

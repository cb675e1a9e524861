// The app's last line: turns thrown HttpErrors and SQLite constraint violations into Prefect's error bodies,
// and anything else into a logged 500 `{"exception_message":"Internal Server Error"}`.
import type { Context } from "hono";
import { HttpError } from "./http-error.js";

/** Receives unexpected errors (500s); defaults to console.error. */
export type ErrorLogger = (error: unknown, request: { method: string; path: string }) => void;

const INTEGRITY_DETAIL =
  "Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.";

function isConstraintError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("SQLITE_CONSTRAINT");
}

/** Builds the `app.onError` handler. Transactions have rolled back by the time it runs. */
export function errorHandler(log: ErrorLogger) {
  return (error: Error, c: Context): Response => {
    if (error instanceof HttpError) return c.json(error.body, error.status);
    // Prefect's integrity_exception_handler: unique or foreign-key violations answer 409.
    if (isConstraintError(error)) return c.json({ detail: INTEGRITY_DETAIL }, 409);
    log(error, { method: c.req.method, path: c.req.path });
    return c.json({ exception_message: "Internal Server Error" }, 500);
  };
}

/** The default {@link ErrorLogger}. */
export const consoleErrorLogger: ErrorLogger = (error, request) => {
  console.error(`prefect-ts server: ${request.method} ${request.path} failed:`, error);
};

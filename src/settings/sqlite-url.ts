// Turning PREFECT_API_DATABASE_CONNECTION_URL into the SQLite file path the embedded server opens.
// Only SQLite is supported by our server; other dialects are refused here, with the fix.
import { isAbsolute, resolve } from "node:path";
import { ConfigError } from "../errors.js";

const SQLITE_PREFIX = /^sqlite(\+[a-z0-9]+)?:\/\/\//i;

/**
 * The file path of a SQLite connection URL: `sqlite+aiosqlite:///abs/path.db`, `sqlite:///abs/path.db`, or a
 * plain path (resolved against the working directory). `:memory:` passes through.
 * @throws ConfigError for any other URL (e.g. `postgresql+asyncpg://...`).
 * @example sqlitePathFromConnectionUrl("sqlite+aiosqlite:////home/me/.prefect-ts/prefect.db") // "/home/me/.prefect-ts/prefect.db"
 */
export function sqlitePathFromConnectionUrl(url: string): string {
  const text = url.trim();
  if (SQLITE_PREFIX.test(text)) {
    // SQLAlchemy form: after `///` comes the path; `////abs` and `///abs` both mean an absolute path here,
    // as Prefect's default `sqlite+aiosqlite:///${PREFECT_HOME}/prefect.db` expands to `///` + `/home/...`.
    const rest = text.replace(SQLITE_PREFIX, "").replace(/\?.*$/, "");
    if (rest === "") throw notSqlite(url, "it names no database file");
    if (rest === ":memory:") return rest;
    const path = decodeURIComponent(rest);
    return isAbsolute(path) ? path : resolve(path);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) throw notSqlite(url, "only SQLite is supported by the embedded server");
  if (text === "") throw notSqlite(url, "it is empty");
  return text === ":memory:" ? text : resolve(text);
}

function notSqlite(url: string, why: string): ConfigError {
  // Never echo credentials a postgres URL may carry.
  const shown = url.replace(/\/\/[^@/]*@/, "//***@");
  return new ConfigError(
    `PREFECT_API_DATABASE_CONNECTION_URL=${JSON.stringify(shown)} cannot be used: ${why}. ` +
      `Use sqlite+aiosqlite:///ABSOLUTE/PATH.db or a plain file path.`,
    "PREFECT_API_DATABASE_CONNECTION_URL",
  );
}

// HTTP status -> error class, in exactly one place; plus the unreachable-server and bad-response errors.
// The classes themselves live in src/errors.ts.
import {
  ObjectAlreadyExistsError,
  ObjectNotFoundError,
  PrefectHTTPStatusError,
  ResponseSchemaError,
  ServerUnreachableError,
  UnauthorizedError,
  ValidationError,
  type ValidationIssue,
} from "../errors.js";

/** What the client knows about a non-success answer when it maps it to an error. */
export interface FailedResponse {
  readonly status: number;
  readonly method: string;
  /** The route as called, e.g. `/flow_runs/0b5.../set_state` (relative to the API URL). */
  readonly route: string;
  readonly url: string;
  readonly body: unknown;
}

function detailOf(body: unknown): string | undefined {
  if (body && typeof body === "object") {
    const b = body as Record<string, unknown>;
    if (typeof b.detail === "string") return b.detail;
    if (typeof b.exception_message === "string") return b.exception_message;
  }
  if (typeof body === "string" && body.length > 0) return body.slice(0, 500);
  return undefined;
}

/** Reads Prefect's 422 `exception_detail` (or FastAPI's `detail`) into issues. */
export function validationIssues(body: unknown): ValidationIssue[] {
  if (!body || typeof body !== "object") return [];
  const b = body as Record<string, unknown>;
  const list = Array.isArray(b.exception_detail) ? b.exception_detail : Array.isArray(b.detail) ? b.detail : [];
  return list
    .filter((d): d is Record<string, unknown> => !!d && typeof d === "object")
    .map((d) => ({
      loc: Array.isArray(d.loc) ? (d.loc as (string | number)[]) : [],
      msg: typeof d.msg === "string" ? d.msg : "invalid",
      type: typeof d.type === "string" ? d.type : "value_error",
    }));
}

/** `["body", "state", "type"]` -> `state.type`; `["body", "tags", 0]` -> `tags[0]`. */
export function issuePath(loc: readonly (string | number)[]): string {
  const parts = loc[0] === "body" ? loc.slice(1) : loc;
  let out = "";
  for (const p of parts) out += typeof p === "number" ? `[${p}]` : out === "" ? p : `.${p}`;
  return out === "" ? "(body)" : out;
}

/**
 * The answer of a Prefect-like server's root rather than its API, to an API URL whose path has no `/api`
 * (`PREFECT_API_URL=http://127.0.0.1:4200`): a 404/405 with a framework's generic body ("Not Found"), or a page
 * that is not JSON (the web UI). Not an ObjectNotFoundError, so no caller mistakes it for a missing object.
 * @returns undefined when the answer is not that
 */
export function missingApiPathError(r: FailedResponse): PrefectHTTPStatusError | undefined {
  const where = `${r.method} ${r.route}`;
  const detail = detailOf(r.body);
  const ok = r.status >= 200 && r.status < 300;
  if (!ok && r.status !== 404 && r.status !== 405) return undefined;
  const generic =
    typeof r.body === "string" ||
    detail === undefined ||
    /^(404:? )?(not found|method not allowed)\.?$/i.test(detail.trim());
  if (!generic || (ok && typeof r.body !== "string")) return undefined;
  const base = r.url.endsWith(r.route) ? r.url.slice(0, r.url.length - r.route.length) : r.url;
  let path: string;
  try {
    path = new URL(base).pathname.replace(/\/+$/, "");
  } catch {
    return undefined;
  }
  if (path.endsWith("/api") || path.includes("/api/")) return undefined;
  const answer = ok ? "a page, not JSON" : (detail ?? "no body").slice(0, 60);
  return new PrefectHTTPStatusError(
    `${where}: the server at ${base} answered ${r.status} (${answer}): PREFECT_API_URL is missing its /api path. ` +
      `Set it to the API's URL, e.g. prefect-ts config set PREFECT_API_URL=${base}/api`,
    { status: r.status, method: r.method, url: r.url, body: r.body },
  );
}

/** Maps a non-success HTTP answer to the error class Prefect's client would raise. */
export function errorFromResponse(r: FailedResponse): PrefectHTTPStatusError {
  const where = `${r.method} ${r.route}`;
  const details = { status: r.status, method: r.method, url: r.url, body: r.body };
  const detail = detailOf(r.body);
  const noApi = missingApiPathError(r);
  if (noApi !== undefined) return noApi;
  switch (r.status) {
    case 404:
      return new ObjectNotFoundError(`${where}: ${detail ?? "not found"} (404).`, details);
    case 409:
      return new ObjectAlreadyExistsError(`${where}: ${detail ?? "conflict"} (409).`, details);
    case 422: {
      const issues = validationIssues(r.body);
      const fields = issues.map((i) => `${issuePath(i.loc)}: ${i.msg}`).join("; ");
      const reason = fields ? `: ${fields}` : detail ? `: ${detail}` : "";
      // One full stop: a server's detail often ends with its own ("Invalid limit: must be <= 200.").
      const message = `${where}: the server rejected the request (422)${reason}${/[.!?]$/.test(reason) ? "" : "."}`;
      return new ValidationError(message, { ...details, issues });
    }
    case 401:
    case 403:
      return new UnauthorizedError(
        `${where}: ${detail ?? "unauthorized"} (${r.status}). Check PREFECT_API_KEY or PREFECT_API_AUTH_STRING.`,
        details,
      );
    default:
      return new PrefectHTTPStatusError(`${where}: ${detail ?? "request failed"} (HTTP ${r.status}).`, details);
  }
}

/** The API URL as safe to print: no user info, no query. */
export function printableUrl(apiUrl: string): string {
  try {
    const u = new URL(apiUrl);
    u.username = "";
    u.password = "";
    u.search = "";
    return u.toString().replace(/\/$/, "");
  } catch {
    return apiUrl;
  }
}

/** The low-level code of a failed fetch (`ECONNREFUSED`, `ENOTFOUND`, `ECONNRESET`, ...). */
export function networkCode(error: unknown): string {
  let e: unknown = error;
  for (let depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const rec = e as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof rec.code === "string" && rec.code !== "") return rec.code;
    if (Array.isArray(rec.errors) && rec.errors.length > 0) e = rec.errors[0];
    else e = rec.cause;
  }
  return error instanceof Error ? error.message : String(error);
}

/** The API could not be reached: names the URL and the ways out. */
export function unreachableError(apiUrl: string, code: string, cause: unknown): ServerUnreachableError {
  const url = printableUrl(apiUrl);
  return new ServerUnreachableError(
    `Cannot reach the Prefect API at ${url} (${code}). Start one with "prefect-ts server start", check PREFECT_API_URL, ` +
      `or unset it to use the embedded server.`,
    url,
    { cause },
  );
}

/** A successful answer whose body does not match the route's schema. */
export function responseSchemaError(
  route: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): ResponseSchemaError {
  const fields = issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.map(String).join(".") : "(root)"}: ${i.message}`)
    .join("; ");
  return new ResponseSchemaError(
    `Unexpected response from ${route}: ${fields}. The server may speak a different Prefect API version.`,
  );
}

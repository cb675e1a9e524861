// Errors a route throws to answer with a Prefect error body; the app's error handler turns them into
// responses (http/error-handler.ts). Validation issues have their own converter (validation-errors.ts).
import type { ValidationErrorDetail } from "../../schemas/index.js";

/** An error that becomes an HTTP answer with `status` and the JSON `body`. */
export class HttpError extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 409 | 413 | 422 | 500,
    readonly body: Record<string, unknown>,
  ) {
    super(typeof body.detail === "string" ? body.detail : `HTTP ${status}`);
    this.name = "HttpError";
  }
}

/** 404 `{detail}`, e.g. `notFound("Flow run not found")`. */
export function notFound(detail: string): HttpError {
  return new HttpError(404, { detail });
}

/** 403 `{detail}`, e.g. changing a protected (built-in) block type. */
export function forbidden(detail: string): HttpError {
  return new HttpError(403, { detail });
}

/** 409 `{detail}`. */
export function conflict(detail: string): HttpError {
  return new HttpError(409, { detail });
}

/** 422 with Prefect's `{exception_message, exception_detail, request_body}` body. */
export function invalidRequest(detail: readonly ValidationErrorDetail[], requestBody: unknown): HttpError {
  return new HttpError(422, {
    exception_message: "Invalid request received.",
    exception_detail: detail,
    request_body: requestBody ?? null,
  });
}

/** 422 `{detail}`, as Prefect's HTTPException-style checks (e.g. an out-of-range limit). */
export function unprocessable(detail: string): HttpError {
  return new HttpError(422, { detail });
}

/** The largest request body accepted, in bytes (5 MiB, as Prefect Cloud). */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** 413 for a body over {@link MAX_BODY_BYTES}. */
export function payloadTooLarge(): HttpError {
  return new HttpError(413, {
    detail: `Request body too large: the limit is ${MAX_BODY_BYTES} bytes (5 MiB). Send smaller batches.`,
  });
}

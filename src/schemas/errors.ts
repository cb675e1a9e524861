// Error bodies Prefect's API returns: the 422 validation body, the `{detail}` body of 404/409 (and of
// HTTPException-style 422s), and the 401 body. The error classes themselves live in src/errors.ts.
import { z } from "zod";

/**
 * One validation issue of a 422 body (pydantic's error shape, OpenAPI `ValidationError`), e.g.
 * `{type: "uuid_parsing", loc: ["body", "flow_id"], msg: "Input should be a valid UUID...", input: "x"}`.
 */
export const ValidationErrorDetail = z.object({
  type: z.string(),
  /** Path to the field: `"body"`, `"path"` or `"query"` first, then keys and array indexes. */
  loc: z.array(z.union([z.string(), z.int()])),
  msg: z.string(),
  input: z.unknown().optional(),
  ctx: z.record(z.string(), z.unknown()).optional(),
});
/** One validation issue. */
export type ValidationErrorDetail = z.infer<typeof ValidationErrorDetail>;

/**
 * The body of a 422 for a request that fails validation: Prefect replaces FastAPI's `{detail}` by
 * `{exception_message: "Invalid request received.", exception_detail, request_body}`.
 */
export const ValidationErrorResponse = z.object({
  exception_message: z.string(),
  exception_detail: z.array(ValidationErrorDetail),
  /** The request body as received (parsed JSON, or the raw text when it was not JSON). */
  request_body: z.unknown(),
});
/** A 422 validation error body. */
export type ValidationErrorResponse = z.infer<typeof ValidationErrorResponse>;

/** The body of 404, 409 and other `HTTPException` errors: `{"detail": "Flow run not found"}`. */
export const ErrorDetailResponse = z.object({
  detail: z.string(),
});
/** A `{detail}` error body. */
export type ErrorDetailResponse = z.infer<typeof ErrorDetailResponse>;

/** The body of a 401 when `PREFECT_SERVER_API_AUTH_STRING` is set: `{"exception_message": "Unauthorized"}`. */
export const UnauthorizedResponse = z.object({
  exception_message: z.string(),
});
/** A 401 error body. */
export type UnauthorizedResponse = z.infer<typeof UnauthorizedResponse>;

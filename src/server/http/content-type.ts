// Request bodies must be declared JSON: a body sent as text/plain or a form is what a web page can POST to a
// local server without a CORS preflight, so anything but `application/json` or `*/*+json` answers 415.
import type { Context, MiddlewareHandler } from "hono";

/** `type/subtype` of a Content-Type header, lowercased, without parameters (`; charset=utf-8`). */
function mediaType(header: string): string {
  return (header.split(";", 1)[0] ?? "").trim().toLowerCase();
}

/** Whether a media type is JSON: `application/json` or any structured `+json` type (`application/merge-patch+json`). */
export function isJsonMediaType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const type = mediaType(header);
  return type === "application/json" || /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+\+json$/.test(type);
}

/**
 * Whether the request carries a body. Over HTTP/1.1 a message has one only with a non-zero Content-Length or a
 * Transfer-Encoding (@hono/node-server gives every POST a body stream, even an empty one); in-process, a body is a stream.
 */
function hasBody(c: Context): boolean {
  const request = c.req.raw;
  const length = request.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  if (request.headers.has("transfer-encoding")) return true;
  const env: unknown = c.env;
  const overHttp = typeof env === "object" && env !== null && "incoming" in env;
  return !overHttp && request.body !== null;
}

/** Answers 415 `{detail}` to a request whose body is not declared JSON; requests without a body pass. */
export function requireJsonBodies(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method === "GET" || c.req.method === "HEAD" || c.req.method === "OPTIONS" || !hasBody(c)) return next();
    const declared = c.req.header("content-type");
    if (isJsonMediaType(declared)) return next();
    return c.json(
      {
        detail:
          `Unsupported Media Type: the request body must be JSON sent with "Content-Type: application/json"` +
          (declared === undefined ? " (none was given)." : ` (got "${declared}").`),
      },
      415,
    );
  };
}

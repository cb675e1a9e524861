// Reading and validating requests: the JSON body (size-capped while streaming), path ids and query ids,
// each failing with Prefect's 422/413 bodies. Routes call these; nothing else reads a request body.
import type { Readable } from "node:stream";
import type { Context } from "hono";
import type { z } from "zod";
import { invalidRequest, MAX_BODY_BYTES, payloadTooLarge, unprocessable } from "./http-error.js";
import { toValidationDetails } from "./validation-errors.js";

const UUID_PATTERN = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const NO_BODY = Symbol("no body");

/** The Node request under @hono/node-server (its bindings), or undefined in-process (`app.fetch`). */
function nodeIncoming(c: Context): Readable | undefined {
  const env: unknown = c.env;
  if (typeof env !== "object" || env === null || !("incoming" in env)) return undefined;
  const incoming = (env as { incoming: unknown }).incoming;
  return typeof incoming === "object" && incoming !== null && typeof (incoming as Readable).on === "function"
    ? (incoming as Readable)
    : undefined;
}

/**
 * Reads the Node request's body straight from its stream: building the WHATWG Request and its web stream
 * (what `c.req.raw.text()` does under @hono/node-server) costs more than the rest of a small write.
 */
function readIncoming(incoming: Readable): Promise<string | typeof NO_BODY> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = () => {
      incoming.off("data", onData);
      incoming.off("end", onEnd);
      incoming.off("error", onError);
    };
    const onData = (chunk: Buffer | string) => {
      const buffer = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      size += buffer.length;
      if (size > MAX_BODY_BYTES) {
        // The host drains the rest once the 413 is sent.
        cleanup();
        reject(payloadTooLarge());
        return;
      }
      chunks.push(buffer);
    };
    const onEnd = () => {
      cleanup();
      resolve(size === 0 ? NO_BODY : Buffer.concat(chunks, size).toString("utf8"));
    };
    const onError = (error: unknown) => {
      cleanup();
      reject(error);
    };
    incoming.on("data", onData);
    incoming.on("end", onEnd);
    incoming.on("error", onError);
  });
}

/** Reads the raw body as text, refusing more than {@link MAX_BODY_BYTES} without buffering past the cap. */
async function readText(c: Context): Promise<string | typeof NO_BODY> {
  const request = c.req.raw;
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw payloadTooLarge();
  const incoming = nodeIncoming(c);
  if (incoming !== undefined) return readIncoming(incoming);
  if (request.body === null) return NO_BODY;
  if (declared !== null) {
    // Node's HTTP parser never delivers more bytes than Content-Length, so the check above bounds this read.
    const whole = await request.text();
    return whole.length === 0 ? NO_BODY : whole;
  }
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let size = 0;
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw payloadTooLarge();
    }
    text += decoder.decode(value, { stream: true });
  }
  text += decoder.decode();
  return size === 0 ? NO_BODY : text;
}

/** The position of a JSON syntax error, when the engine's message names one (FastAPI reports `e.pos`). */
function errorPosition(error: unknown): number {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : "");
  return match ? Number(match[1]) : 0;
}

/**
 * The deepest nesting of arrays and objects a body may have. Deeper documents overflow the stack of the
 * recursive code after the parse (validation, JSON.stringify of the 422 echo, SQLite's JSON functions stop
 * at 1000), so they are refused before parsing, as pydantic's parser refuses them past its recursion limit.
 */
export const MAX_JSON_DEPTH = 512;

/** Whether `text` nests arrays/objects deeper than `max` (brackets inside strings do not count). */
function nestsDeeperThan(text: string, max: number): boolean {
  // A document needs max + 1 opening brackets to be too deep: shorter ones are never scanned.
  if (text.length <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 92 /* \ */) i++;
      else if (code === 34 /* " */) inString = false;
    } else if (code === 34) {
      inString = true;
    } else if (code === 91 /* [ */ || code === 123 /* { */) {
      if (++depth > max) return true;
    } else if (code === 93 /* ] */ || code === 125 /* } */) {
      depth--;
    }
  }
  return false;
}

/**
 * Reads and validates the JSON body against `schema`. A missing body counts as `{}` when `emptyAsObject`
 * (filter bodies, whose fields all have defaults), else as missing. `fastPath`, when given, may return the
 * parsed body for a body it has checked by hand (hot routes); when it returns undefined, zod parses as usual.
 * @throws HttpError 413 (too large) or 422 (not JSON, nested past {@link MAX_JSON_DEPTH}, or not matching the schema).
 */
export async function parseBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  emptyAsObject = false,
  fastPath?: (body: unknown) => z.output<S> | undefined,
): Promise<z.output<S>> {
  const text = await readText(c);
  let body: unknown;
  if (text === NO_BODY) {
    body = emptyAsObject ? {} : undefined;
  } else {
    if (nestsDeeperThan(text, MAX_JSON_DEPTH)) {
      throw invalidRequest(
        [
          {
            type: "json_invalid",
            loc: ["body", 0],
            msg: "JSON decode error",
            input: {},
            ctx: {
              error: `The body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep; send a flatter document.`,
            },
          },
        ],
        null,
      );
    }
    try {
      body = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : "JSON decode error";
      throw invalidRequest(
        [
          {
            type: "json_invalid",
            loc: ["body", errorPosition(error)],
            msg: "JSON decode error",
            input: {},
            ctx: { error: message },
          },
        ],
        text,
      );
    }
  }
  if (body === undefined) {
    throw invalidRequest([{ type: "missing", loc: ["body"], msg: "Field required", input: null }], null);
  }
  const fast = fastPath?.(body);
  if (fast !== undefined) return fast;
  const result = schema.safeParse(body);
  if (!result.success) throw invalidRequest(toValidationDetails(result.error.issues, body, "body"), body);
  return result.data;
}

/** The path parameter `name` as a lowercase UUID; 422 `uuid_parsing` otherwise, as FastAPI does. */
export function uuidParam(c: Context, name = "id"): string {
  const value = c.req.param(name) ?? "";
  if (!UUID_PATTERN.test(value)) {
    throw invalidRequest(
      [
        {
          type: "uuid_parsing",
          loc: ["path", name],
          msg: "Input should be a valid UUID",
          input: value,
          ctx: { error: "invalid UUID format" },
        },
      ],
      null,
    );
  }
  return normalizeUuid(value);
}

/** The required query parameter `name` as a UUID; 422 `missing` / `uuid_parsing` otherwise. */
export function uuidQuery(c: Context, name: string): string {
  const value = c.req.query(name);
  if (value === undefined) {
    throw invalidRequest([{ type: "missing", loc: ["query", name], msg: "Field required", input: null }], null);
  }
  if (!UUID_PATTERN.test(value)) {
    throw invalidRequest(
      [
        {
          type: "uuid_parsing",
          loc: ["query", name],
          msg: "Input should be a valid UUID",
          input: value,
          ctx: { error: "invalid UUID format" },
        },
      ],
      null,
    );
  }
  return normalizeUuid(value);
}

function normalizeUuid(value: string): string {
  const hex = value.replaceAll("-", "").toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Prefect's limit check on /filter bodies: 0..`max` (PREFECT_API_DEFAULT_LIMIT), else 422 `{detail}`. */
export function checkLimit(limit: number, max: number): number {
  if (limit > max) throw unprocessable(`Invalid limit: must be less than or equal to ${max}.`);
  if (limit < 0) throw unprocessable("Invalid limit: must be greater than or equal to 0.");
  return limit;
}

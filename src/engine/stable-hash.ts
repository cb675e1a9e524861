// A stable hash of JSON-like values (object keys sorted), used for cache keys and task-source hashes.
// Values JSON cannot represent (functions, symbols, cycles, bigint) make the hash fail with a clear error.
import { createHash } from "node:crypto";

/** Raised when a value cannot be hashed stably; the cache key is then skipped with a warning. */
export class UnhashableValueError extends Error {
  override readonly name = "UnhashableValueError";
}

function canonical(value: unknown, seen: Set<object>, path: string): unknown {
  if (value === null || typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (value === undefined) return null;
  if (typeof value === "bigint") return `${value.toString()}n`;
  if (typeof value === "function" || typeof value === "symbol") {
    throw new UnhashableValueError(`${path} is a ${typeof value}, which cannot be hashed`);
  }
  if (value instanceof Date) return { $date: value.toISOString() };
  if (seen.has(value as object)) throw new UnhashableValueError(`${path} contains a cycle`);
  seen.add(value as object);
  try {
    if (Array.isArray(value)) return value.map((v, i) => canonical(v, seen, `${path}[${i}]`));
    if (value instanceof Map) {
      return { $map: [...value.entries()].map(([k, v]) => [canonical(k, seen, path), canonical(v, seen, path)]) };
    }
    if (value instanceof Set) return { $set: [...value].map((v) => canonical(v, seen, path)) };
    if (ArrayBuffer.isView(value))
      return { $bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value as object).sort()) {
      out[key] = canonical((value as Record<string, unknown>)[key], seen, `${path}.${key}`);
    }
    return out;
  } finally {
    seen.delete(value as object);
  }
}

/** Stable JSON text of a value: object keys sorted, Dates/Maps/Sets tagged. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(canonical(value, new Set(), "value"));
}

/** md5 hex of the stable JSON of every value, as Prefect's `hash_objects` (md5) does. */
export function hashObjects(...values: unknown[]): string {
  return createHash("md5").update(stableStringify(values)).digest("hex");
}

/** md5 hex of a string. */
export function hashText(text: string): string {
  return createHash("md5").update(text).digest("hex");
}

// A block schema's checksum as Prefect computes it (`Block._calculate_schema_checksum`): "sha256:" + sha256 of Python's
// `json.dumps(((fields,), {}), sort_keys=True)` with every `secret_fields` key removed, so Prefect's clients agree with us.
import { createHash } from "node:crypto";

/** `value` as Python's `json.dumps(value, sort_keys=True)` writes it (`", "`/`": "` separators, non-ASCII escaped). */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") return pythonNumber(value);
  if (typeof value === "string") return pythonString(value);
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  const keys = Object.keys(value as Record<string, unknown>).sort(byCodePoint);
  return `{${keys.map((k) => `${pythonString(k)}: ${pythonJsonDumps((value as Record<string, unknown>)[k])}`).join(", ")}}`;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function pythonNumber(value: number): string {
  // Integers print bare; a JSON number with a fraction was a Python float (repr: "1.5", "1e-07", "1e+20").
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return String(value);
  const text = String(value);
  return text.includes("e") ? text.replace(/e([+-])(\d)$/, "e$10$2") : text;
}

function pythonString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const ch = value[i] as string;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\b") out += "\\b";
    else if (ch === "\f") out += "\\f";
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, "0")}`;
    else out += ch;
  }
  return `${out}"`;
}

function withoutSecretFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecretFields);
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== "secret_fields") out[k] = withoutSecretFields(v);
  return out;
}

/** The checksum Prefect gives a block schema with these fields. */
export function blockSchemaChecksum(fields: Record<string, unknown>): string {
  const payload = pythonJsonDumps([[withoutSecretFields(fields)], {}]);
  return `sha256:${createHash("sha256").update(payload, "utf8").digest("hex")}`;
}

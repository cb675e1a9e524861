// The one place where snake_case wire values become camelCase models (and back), driven by the zod schemas.
// Each schema is compiled once into a converter; user-keyed maps (records, unknown, the names below) keep their keys.
import type * as z from "zod";
import type { InputOf, ModelOf } from "./models.js";

type Convert = (value: unknown) => unknown;
type Direction = "model" | "wire";

/** A compiled schema: `conv` is null when values pass through untouched (the fast path). */
interface Node {
  readonly kind: "object" | "array" | "string" | "date" | "other";
  readonly conv: Convert | null;
  /** Object nodes only: wire key or camel key (by direction) -> target key and value converter. */
  readonly fields?: FieldTable;
  readonly loose?: boolean;
}

interface Field {
  readonly key: string;
  readonly conv: Convert | null;
}
type FieldTable = Record<string, Field>;

/**
 * Wire fields whose value is keyed by the user (or is free-form JSON) even when a schema declares an object
 * shape for it: the field name is camelCased, its content never is.
 */
const USER_KEYED = new Set([
  "parameters",
  "context",
  "labels",
  "job_variables",
  "data",
  "parameter_openapi_schema",
  "base_job_template",
  "job_configuration",
  "variables",
  "pull_steps",
  "infra_overrides",
]);

/** `flow_run_id` -> `flowRunId`; filter operators keep their trailing underscore (`not_any_` -> `notAny_`). */
export function camelKey(key: string): string {
  return key.indexOf("_") <= 0 ? key : key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/** `flowRunId` -> `flow_run_id`; `notAny_` -> `not_any_`. */
export function snakeKey(key: string): string {
  return key.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
}

interface ZodDefLike {
  type: string;
  format?: string;
  checks?: { _zod: { def: { format?: string } } }[];
  innerType?: ZodLike;
  getter?: () => ZodLike;
  in?: ZodLike;
  out?: ZodLike;
  element?: ZodLike;
  items?: ZodLike[];
  valueType?: ZodLike;
  shape?: Record<string, ZodLike>;
  catchall?: ZodLike;
  options?: ZodLike[];
  left?: ZodLike;
  right?: ZodLike;
}
interface ZodLike {
  _zod: { def: ZodDefLike };
}

const caches: Record<Direction, WeakMap<object, Node>> = { model: new WeakMap(), wire: new WeakMap() };
const IDENTITY: Node = { kind: "other", conv: null };

function isDatetime(def: ZodDefLike): boolean {
  if (def.format === "datetime") return true;
  return def.checks?.some((c) => c._zod.def.format === "datetime") ?? false;
}

const dateToModel: Convert = (v) => (typeof v === "string" ? new Date(v) : v);
const dateToWire: Convert = (v) => (v instanceof Date ? v.toISOString() : v);

function compile(schema: ZodLike, dir: Direction): Node {
  const cache = caches[dir];
  const hit = cache.get(schema);
  if (hit) return hit;
  // A forwarding node stands in while building, so self-referencing schemas (getters, lazy) terminate.
  let built: Node | undefined;
  cache.set(schema, { kind: "other", conv: (v) => built?.conv?.(v) ?? v });
  built = build(schema, dir);
  cache.set(schema, built);
  return built;
}

function build(schema: ZodLike, dir: Direction): Node {
  const def = schema._zod.def;
  switch (def.type) {
    case "string":
      return isDatetime(def) ? { kind: "string", conv: dir === "model" ? dateToModel : dateToWire } : IDENTITY;
    case "date":
      return { kind: "date", conv: dir === "wire" ? dateToWire : null };
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "readonly":
    case "catch":
    case "nonoptional":
      return def.innerType ? compile(def.innerType, dir) : IDENTITY;
    case "lazy":
      return lazyNode(def, dir);
    case "pipe": {
      // A transform on the way out leaves the input shape as the best description of both sides.
      const side = dir === "wire" || def.out?._zod.def.type === "transform" ? def.in : def.out;
      return side ? compile(side, dir) : IDENTITY;
    }
    case "array":
      return arrayNode(def.element ? compile(def.element, dir) : IDENTITY);
    case "record": {
      const value = def.valueType ? compile(def.valueType, dir) : IDENTITY;
      return { kind: "object", conv: value.conv && mapValues(value.conv), loose: true };
    }
    case "object":
      return objectNode(def, dir);
    case "union":
      return unionNode(
        (def.options ?? []).map((o) => compile(o, dir)),
        dir,
      );
    case "intersection":
      return unionNode(
        [def.left, def.right].filter((s): s is ZodLike => !!s).map((s) => compile(s, dir)),
        dir,
      );
    default:
      return IDENTITY;
  }
}

function lazyNode(def: ZodDefLike, dir: Direction): Node {
  let resolved: Node | undefined;
  const get = (): Node => (resolved ??= def.getter ? compile(def.getter(), dir) : IDENTITY);
  return { kind: "other", conv: (v) => get().conv?.(v) ?? v };
}

function arrayNode(element: Node): Node {
  const el = element.conv;
  return { kind: "array", conv: el && ((v) => (Array.isArray(v) ? v.map(el) : v)) };
}

function mapValues(conv: Convert): Convert {
  return (v) => {
    if (v === null || typeof v !== "object") return v;
    const out: Record<string, unknown> = {};
    for (const k in v) out[k] = conv((v as Record<string, unknown>)[k]);
    return out;
  };
}

function objectNode(def: ZodDefLike, dir: Direction): Node {
  const fields: FieldTable = Object.create(null) as FieldTable;
  for (const [wireKey, fieldSchema] of Object.entries(def.shape ?? {})) {
    const camel = camelKey(wireKey);
    const conv = USER_KEYED.has(wireKey) ? null : compile(fieldSchema, dir).conv;
    if (dir === "model") fields[wireKey] = { key: camel, conv };
    else fields[camel] = { key: wireKey, conv };
  }
  const loose = !!def.catchall && def.catchall._zod.def.type !== "never";
  return { kind: "object", fields, loose, conv: objectConverter(fields, loose, dir) };
}

function objectConverter(fields: FieldTable, loose: boolean, dir: Direction): Convert {
  // Undeclared keys: untouched in loose objects (they are the user's); mechanically renamed otherwise.
  const rename = loose ? (k: string) => k : dir === "model" ? camelKey : snakeKey;
  return (v) => {
    if (v === null || typeof v !== "object" || Array.isArray(v) || v instanceof Date) return v;
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k in src) {
      const value = src[k];
      if (value === undefined) continue;
      const f = fields[k];
      if (f === undefined) out[rename(k)] = value;
      else out[f.key] = f.conv === null ? value : f.conv(value);
    }
    return out;
  };
}

/** Unions dispatch on the runtime kind of the value; object options merge their field tables. */
function unionNode(options: Node[], dir: Direction): Node {
  const objects = options.filter((o) => o.kind === "object");
  const array = options.find((o) => o.kind === "array" && o.conv)?.conv ?? null;
  const str = options.find((o) => o.kind === "string" && o.conv)?.conv ?? null;
  const date = options.find((o) => (o.kind === "date" || o.kind === "string") && o.conv)?.conv ?? null;
  let object: Convert | null = null;
  const withFields = objects.filter((o) => o.fields);
  if (withFields.length > 0) {
    const merged: FieldTable = Object.create(null) as FieldTable;
    for (const o of withFields) for (const k in o.fields) merged[k] ??= o.fields[k] as Field;
    object = objectConverter(
      merged,
      withFields.some((o) => o.loose),
      dir,
    );
  } else {
    object = objects.find((o) => o.conv)?.conv ?? null;
  }
  if (!object && !array && !str && !date) return IDENTITY;
  const conv: Convert = (v) => {
    if (v === null || v === undefined) return v;
    if (typeof v === "string") return str ? str(v) : v;
    if (Array.isArray(v)) return array ? array(v) : v;
    if (v instanceof Date) return date ? date(v) : v;
    if (typeof v === "object") return object ? object(v) : v;
    return v;
  };
  return { kind: objects.length > 0 ? "object" : "other", conv };
}

/** Maps a parsed wire value (the output of `schema`) to its camelCase model with `Date` timestamps. */
export function toModel<S extends z.ZodType>(schema: S, wire: z.output<S>): ModelOf<S> {
  const conv = compile(schema as unknown as ZodLike, "model").conv;
  return (conv ? conv(wire) : wire) as ModelOf<S>;
}

/** Maps camelCase input (Dates allowed) to the snake_case wire payload of `schema`. */
export function toWire<S extends z.ZodType>(schema: S, input: InputOf<S>): z.input<S> {
  const conv = compile(schema as unknown as ZodLike, "wire").conv;
  return (conv ? conv(input) : input) as z.input<S>;
}

// Rewrites typescript-json-schema's draft-07 output into the shapes pydantic v2 gives Prefect (and that a Draft 2020-12
// validator accepts): tuples as `prefixItems`, unions of types as `anyOf` (null last), branded numbers as `integer`.
import type { JsonSchemaObject } from "./types.js";

/** Brand property names recognised on `number & { ... }` (see {@link Integer}). */
const BRAND_KEYS = new Set(["__prefectType", "__brand"]);
const PRIMITIVE_TYPES = new Set(["number", "string", "boolean", "integer"]);

/** The normalized copy of a schema tree (definitions included when given the whole schema). */
export function normalizeSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeSchema);
  if (value === null || typeof value !== "object") return value;
  const node = value as JsonSchemaObject;
  const brand = brandedPrimitive(node);
  if (brand) return brand;
  const out: JsonSchemaObject = {};
  for (const [key, v] of Object.entries(node)) out[key] = normalizeSchema(v);
  if (Array.isArray(out.items)) {
    // Draft-07 tuple -> 2020-12 tuple (pydantic: `prefixItems` + minItems/maxItems); `additionalItems` is the rest.
    out.prefixItems = out.items;
    delete out.items;
    if (out.additionalItems !== undefined) {
      if (out.additionalItems !== false) out.items = out.additionalItems;
      delete out.additionalItems;
    }
  }
  if (Array.isArray(out.type) && out.enum === undefined && out.const === undefined) {
    const types = [...(out.type as string[])].sort((a, b) => Number(a === "null") - Number(b === "null"));
    delete out.type;
    out.anyOf = types.map((type) => ({ type }));
  }
  return out;
}

/**
 * `number & { __prefectType?: "integer" }` (also `__brand`), which typescript-json-schema writes as an `allOf` of an
 * object holding the brand and the primitive: the primitive, with `"integer"` when the brand says so.
 */
function brandedPrimitive(node: JsonSchemaObject): JsonSchemaObject | undefined {
  const parts = node.allOf;
  if (!Array.isArray(parts) || parts.length !== 2) return undefined;
  const primitive = parts.find(
    (p: JsonSchemaObject) => typeof p.type === "string" && PRIMITIVE_TYPES.has(p.type) && Object.keys(p).length === 1,
  ) as JsonSchemaObject | undefined;
  const brand = parts.find((p) => p !== primitive) as JsonSchemaObject | undefined;
  const props = brand?.properties as Record<string, JsonSchemaObject> | undefined;
  if (!primitive || !props || brand?.type !== "object") return undefined;
  const keys = Object.keys(props);
  if (keys.length !== 1 || !BRAND_KEYS.has(keys[0] ?? "")) return undefined;
  const tag = props[keys[0] ?? ""];
  const value = tag?.const ?? (Array.isArray(tag?.enum) && tag.enum.length === 1 ? tag.enum[0] : undefined);
  // The brand type's own doc comment (e.g. Integer's) says nothing about the parameter: dropped.
  const { allOf: _allOf, description: _description, ...rest } = node;
  const integer =
    primitive.type === "number" && (value === "integer" || value === "int" || value === "Int" || value === "Integer");
  return { ...rest, type: integer ? "integer" : primitive.type };
}

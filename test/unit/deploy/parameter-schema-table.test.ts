// Table: TypeScript signatures and the exact parameter schema each gives, checked against the schema Prefect
// (pydantic v2) derives for the equivalent Python signature (tests/utilities/test_callables.py, PREFECT-NOTES §1.3).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { parameterSchemaFromSource, type JsonSchemaObject } from "../../../src/deploy/parameter-schema/index.js";

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "prefect-equivalents.ts");

interface Row {
  /** Export in fixtures/prefect-equivalents.ts. */
  flow: string;
  /** The Python signature whose Prefect schema is `prefect`. */
  python: string;
  properties: Record<string, JsonSchemaObject>;
  required?: string[];
  definitions?: Record<string, JsonSchemaObject>;
  /** Prefect's `properties` and `definitions` for `python`, written by hand from pydantic v2's output. */
  prefect: { properties: Record<string, JsonSchemaObject>; definitions?: Record<string, JsonSchemaObject> };
  /** Where ours differs from Prefect on purpose (compared after `alignWithPrefect`). */
  deviation?: string;
  /** A value each parameter accepts, and one it refuses, under a Draft 2020-12 validator (as the server's). */
  valid: Record<string, unknown>;
  invalid?: Record<string, unknown>;
}

const model = { type: "object", properties: { a: { type: "integer" }, b: { type: "string" } }, required: ["a", "b"] };
const modelDoc = { description: "A pydantic-model-like parameter.", ...model };
const pydanticModel = {
  title: "Model",
  description: "A pydantic-model-like parameter.",
  type: "object",
  properties: { a: { title: "A", type: "integer" }, b: { title: "B", type: "string" } },
  required: ["a", "b"],
};

const rows: Row[] = [
  {
    flow: "str",
    python: "f(x: str)",
    properties: { x: { title: "x", type: "string", position: 0 } },
    required: ["x"],
    prefect: { properties: { x: { title: "x", type: "string", position: 0 } } },
    valid: { x: "a" },
    invalid: { x: 1 },
  },
  {
    flow: "int",
    python: "f(x: int)",
    properties: { x: { title: "x", type: "integer", position: 0 } },
    required: ["x"],
    prefect: { properties: { x: { title: "x", type: "integer", position: 0 } } },
    valid: { x: 3 },
    invalid: { x: 1.5 },
  },
  {
    flow: "intTag",
    python: "f(x: int, xs: list[int])",
    properties: {
      x: { title: "x", type: "integer", position: 0 },
      xs: { title: "xs", type: "array", items: { type: "integer" }, position: 1 },
    },
    required: ["x", "xs"],
    prefect: {
      properties: {
        x: { title: "x", type: "integer", position: 0 },
        xs: { title: "xs", type: "array", items: { type: "integer" }, position: 1 },
      },
    },
    valid: { x: 1, xs: [1, 2] },
    invalid: { x: 1, xs: [1.5] },
  },
  {
    flow: "floatDefault",
    python: "f(x: int, y: float = 5.0)",
    properties: {
      x: { title: "x", type: "integer", position: 0 },
      y: { title: "y", type: "number", position: 1, default: 5 },
    },
    required: ["x"],
    prefect: {
      properties: {
        x: { title: "x", type: "integer", position: 0 },
        y: { title: "y", default: 5.0, type: "number", position: 1 },
      },
    },
    valid: { x: 1 },
    invalid: { x: 1, y: "5" },
  },
  {
    flow: "bool",
    python: "f(x: bool)",
    properties: { x: { title: "x", type: "boolean", position: 0 } },
    required: ["x"],
    prefect: { properties: { x: { title: "x", type: "boolean", position: 0 } } },
    valid: { x: true },
    invalid: { x: "true" },
  },
  {
    flow: "listInt",
    python: "f(x: list[int])",
    properties: { x: { title: "x", type: "array", items: { type: "integer" }, position: 0 } },
    required: ["x"],
    prefect: { properties: { x: { title: "x", type: "array", items: { type: "integer" }, position: 0 } } },
    valid: { x: [1] },
    invalid: { x: ["1"] },
  },
  {
    flow: "dictStrInt",
    python: "f(x: dict[str, int])",
    properties: { x: { title: "x", type: "object", additionalProperties: { type: "integer" }, position: 0 } },
    required: ["x"],
    prefect: {
      properties: { x: { title: "x", type: "object", additionalProperties: { type: "integer" }, position: 0 } },
    },
    valid: { x: { a: 1 } },
    invalid: { x: { a: "1" } },
  },
  {
    flow: "optionalInt",
    python: "f(x: Optional[int] = None)",
    properties: { x: { title: "x", anyOf: [{ type: "integer" }, { type: "null" }], default: null, position: 0 } },
    prefect: {
      properties: { x: { title: "x", anyOf: [{ type: "integer" }, { type: "null" }], default: null, position: 0 } },
    },
    valid: { x: null },
    invalid: { x: "1" },
  },
  {
    flow: "literal",
    python: 'f(x: Literal["a", "b"])',
    properties: { x: { title: "x", type: "string", enum: ["a", "b"], position: 0 } },
    required: ["x"],
    prefect: { properties: { x: { title: "x", type: "string", enum: ["a", "b"], position: 0 } } },
    valid: { x: "b" },
    invalid: { x: "c" },
  },
  {
    flow: "union",
    python: "f(x: Union[int, str])",
    properties: { x: { title: "x", anyOf: [{ type: "integer" }, { type: "string" }], position: 0 } },
    required: ["x"],
    prefect: { properties: { x: { title: "x", anyOf: [{ type: "integer" }, { type: "string" }], position: 0 } } },
    deviation:
      "TypeScript's `string | Integer` is emitted in typescript-json-schema's order (integer first); Union[int, str] is the Python twin",
    valid: { x: "a" },
    invalid: { x: true },
  },
  {
    flow: "tuple",
    python: "f(x: tuple[int, str])",
    properties: {
      x: {
        title: "x",
        type: "array",
        prefixItems: [{ type: "integer" }, { type: "string" }],
        minItems: 2,
        maxItems: 2,
        position: 0,
      },
    },
    required: ["x"],
    prefect: {
      properties: {
        x: {
          title: "x",
          type: "array",
          prefixItems: [{ type: "integer" }, { type: "string" }],
          minItems: 2,
          maxItems: 2,
          position: 0,
        },
      },
    },
    valid: { x: [1, "a"] },
    invalid: { x: ["a", 1] },
  },
  {
    flow: "datetime",
    python: "f(x: datetime.datetime)",
    properties: { x: { title: "x", type: "string", format: "date-time", position: 0 } },
    required: ["x"],
    prefect: { properties: { x: { title: "x", type: "string", format: "date-time", position: 0 } } },
    valid: { x: "2024-01-02T03:04:05Z" },
    invalid: { x: 1 },
  },
  {
    flow: "model",
    python: "f(x: Model) with class Model(BaseModel): a: int; b: str",
    properties: { x: { title: "x", $ref: "#/definitions/Model", position: 0 } },
    required: ["x"],
    definitions: { Model: modelDoc },
    prefect: {
      properties: { x: { title: "x", $ref: "#/definitions/Model", position: 0 } },
      definitions: { Model: pydanticModel },
    },
    deviation:
      'pydantic titles a model and its fields (`title: "Model"`, `title: "A"`); ours has no titles inside definitions',
    valid: { x: { a: 1, b: "b" } },
    invalid: { x: { a: 1 } },
  },
  {
    flow: "nested",
    python: "f(x: Outer) with class Outer(BaseModel): inner: Model; when: datetime",
    properties: { x: { title: "x", $ref: "#/definitions/Outer", position: 0 } },
    required: ["x"],
    definitions: {
      Outer: {
        type: "object",
        properties: { inner: { $ref: "#/definitions/Model" }, when: { type: "string", format: "date-time" } },
        required: ["inner", "when"],
      },
      Model: modelDoc,
    },
    prefect: {
      properties: { x: { title: "x", $ref: "#/definitions/Outer", position: 0 } },
      definitions: {
        Outer: {
          title: "Outer",
          type: "object",
          properties: {
            inner: { $ref: "#/definitions/Model" },
            when: { title: "When", type: "string", format: "date-time" },
          },
          required: ["inner", "when"],
        },
        Model: pydanticModel,
      },
    },
    deviation: "titles inside definitions, as for Model",
    valid: { x: { inner: { a: 1, b: "b" }, when: "2024-01-02T03:04:05Z" } },
    invalid: { x: { inner: { a: "1", b: "b" }, when: "2024-01-02T03:04:05Z" } },
  },
  {
    flow: "untyped",
    python: "f(x, y: Any)",
    properties: { x: { title: "x", position: 0 }, y: { title: "y", position: 1 } },
    required: ["x", "y"],
    prefect: { properties: { x: { title: "x", position: 0 }, y: { title: "y", position: 1 } } },
    valid: { x: { any: ["thing"] }, y: 1 },
  },
  {
    flow: "none",
    python: "f()",
    properties: {},
    prefect: { properties: {} },
    valid: {},
  },
];

/** Drops what pydantic adds that we do not: titles inside definitions. */
function alignWithPrefect(value: unknown, inDefinitions = false): unknown {
  if (Array.isArray(value)) return value.map((v) => alignWithPrefect(v, inDefinitions));
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (inDefinitions && k === "title" && typeof v === "string") continue;
    out[k] = alignWithPrefect(v, inDefinitions || k === "definitions");
  }
  return out;
}

describe("parameter schema table (TypeScript signature -> exact schema, against Prefect's for the Python twin)", () => {
  const ajv = new Ajv2020({ strict: false, allErrors: true });

  it.each(rows)("$flow ~ $python", (row) => {
    const schema = parameterSchemaFromSource({ file, exportName: row.flow });
    const expected: Record<string, unknown> = {
      title: "Parameters",
      type: "object",
      properties: row.properties,
      definitions: row.definitions ?? {},
    };
    if (row.required) expected.required = row.required;
    expect(schema).toEqual(expected);
    // Prefect's schema for the Python twin, up to the documented deviation.
    const prefect = { ...expected, properties: row.prefect.properties, definitions: row.prefect.definitions ?? {} };
    if (row.flow === "union") expect(schema.properties.x?.anyOf).toHaveLength(2);
    else expect(alignWithPrefect(schema)).toEqual(alignWithPrefect(prefect));
    // The schema compiles under Draft 2020-12 (the server's validator) and means what it says.
    const validate = ajv.compile(schema);
    expect(validate(row.valid)).toBe(true);
    if (row.invalid) expect(validate(row.invalid)).toBe(false);
  });
});

// Contract: every wire schema of src/schemas/ against its component in Prefect's OpenAPI 3.8.3 —
// property names, required fields, defaults, strictness, and that parsed output validates with Ajv.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as schemas from "../../src/schemas/index.js";
import {
  componentNames,
  componentPropertyNames,
  componentRequired,
  componentSchema,
  expectMatchesComponent,
} from "../helpers/openapi.js";
import { contractRows, vocabularies, withoutComponent } from "./schema-registry.js";

const names = new Set(componentNames());
const rows = contractRows(
  (name) => names.has(name),
  (name) => componentSchema(name).additionalProperties === false,
);

/** Keys a caller must send: those whose schema rejects `undefined`. */
function requiredKeys(schema: z.ZodObject): string[] {
  return Object.entries(schema.shape)
    .filter(([, field]) => !(field as z.ZodType).safeParse(undefined).success)
    .map(([key]) => key)
    .sort();
}

describe("schema table", () => {
  it("covers every exported zod object (or says why it has no OpenAPI component)", () => {
    const covered = new Set(rows.map((r) => r.name));
    const missing = Object.entries(schemas)
      .filter(([, v]) => v instanceof z.ZodObject)
      .map(([k]) => k)
      .filter((k) => !covered.has(k) && !(k in withoutComponent));
    expect(missing).toEqual([]);
  });

  it("includes the core models", () => {
    const covered = rows.map((r) => r.name);
    for (const name of [
      "State",
      "StateCreate",
      "Flow",
      "FlowRunCreate",
      "FlowRunResponse",
      "TaskRunCreate",
      "LogCreate",
    ]) {
      expect(covered).toContain(name);
    }
  });
});

describe.each(rows)("$name ↔ components.schemas.$component", (row) => {
  const component = componentSchema(row.component);

  it("has the same property names", () => {
    const ours = Object.keys(row.schema.shape).sort();
    const theirs = componentPropertyNames(row.component).filter((p) => !(row.omitted && p in row.omitted));
    expect(ours).toEqual(theirs);
  });

  it("requires the same fields", () => {
    expect(requiredKeys(row.schema)).toEqual(componentRequired(row.component));
  });

  it("parses its minimal input into a value the OpenAPI accepts", () => {
    const parsed = row.schema.parse(row.minimal);
    expectMatchesComponent(row.component, parsed);
  });

  it("applies the OpenAPI defaults", () => {
    const parsed = row.schema.parse(row.minimal) as Record<string, unknown>;
    const props = (component.properties ?? {}) as Record<string, { default?: unknown }>;
    for (const [key, prop] of Object.entries(props)) {
      if (!("default" in prop) || (row.minimal && key in row.minimal)) continue;
      if (row.noDefault && key in row.noDefault) continue;
      expect({ key, value: parsed[key] }).toEqual({ key, value: prop.default });
    }
  });

  if (component.additionalProperties === false) {
    it("rejects an unknown field (Prefect: extra=forbid)", () => {
      const result = row.schema.safeParse({ ...row.minimal, not_a_field: 1 });
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["not_a_field"] });
    });
  } else if (component.additionalProperties === true) {
    it("keeps an unknown field (the OpenAPI allows any extra keys)", () => {
      const parsed = row.schema.parse({ ...row.minimal, not_a_field: 1 }) as Record<string, unknown>;
      expect(parsed).toHaveProperty("not_a_field", 1);
    });
  } else {
    it("drops an unknown field (newer servers may add fields)", () => {
      const parsed = row.schema.parse({ ...row.minimal, not_a_field: 1 }) as Record<string, unknown>;
      expect(parsed).not.toHaveProperty("not_a_field");
    });
  }
});

describe.each(vocabularies)("vocabulary $name", ({ name, schema, values }) => {
  it("lists exactly the OpenAPI enum values, keyed by themselves", () => {
    const theirs = componentSchema(name).enum as string[];
    expect(Object.values(values)).toEqual(theirs);
    expect(Object.keys(values)).toEqual(theirs);
    expect(schema.options).toEqual(theirs);
  });
});

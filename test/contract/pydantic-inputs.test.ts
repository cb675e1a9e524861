// Contract: our request schemas accept what Prefect's server (pydantic) accepts where its Python client
// sends it — `null` for every nullable field (and for run names, which a validator fills), and every
// datetime form pydantic parses, in every datetime field of the OpenAPI components.
import { describe, expect, it } from "vitest";
import { DateTimeString, normalizeDateTime, parseDateTime } from "../../src/schemas/index.js";
import { componentNames, componentSchema, type JsonSchemaNode } from "../helpers/openapi.js";
import { contractRows } from "./schema-registry.js";

const names = new Set(componentNames());
const rows = contractRows(
  (name) => names.has(name),
  (name) => componentSchema(name).additionalProperties === false,
);

/** Whether an OpenAPI property schema admits JSON null (`anyOf: [..., {type: "null"}]` or `type: [.., "null"]`). */
function isNullable(prop: JsonSchemaNode): boolean {
  if (prop.type === "null" || (Array.isArray(prop.type) && prop.type.includes("null"))) return true;
  const anyOf = (prop.anyOf ?? prop.oneOf) as JsonSchemaNode[] | undefined;
  return Array.isArray(anyOf) && anyOf.some(isNullable);
}

/** Whether an OpenAPI property schema is (or may be) a single datetime string. */
function isDateTime(prop: JsonSchemaNode): boolean {
  if (prop.format === "date-time") return true;
  const anyOf = (prop.anyOf ?? prop.oneOf) as JsonSchemaNode[] | undefined;
  return Array.isArray(anyOf) && anyOf.some(isDateTime);
}

function fieldsWhere(test: (prop: JsonSchemaNode) => boolean) {
  // A row whose minimal input does not parse yet is reported by components.test.ts, not here.
  return rows
    .filter((row) => row.schema.safeParse(row.minimal).success)
    .flatMap((row) => {
      const props = (componentSchema(row.component).properties ?? {}) as Record<string, JsonSchemaNode>;
      return Object.entries(props)
        .filter(([key, prop]) => key in row.schema.shape && test(prop))
        .map(([key]) => ({ field: `${row.name}.${key}`, key, row }));
    });
}

/**
 * Fields the OpenAPI types as non-nullable but Prefect's models accept null for, because a
 * `mode="before"` validator replaces it (server/schemas/actions.py `set_name` -> `get_or_create_run_name`).
 */
const nullFilledByValidator = [
  { name: "FlowRunCreate", key: "name" },
  { name: "DeploymentFlowRunCreate", key: "name" },
  { name: "TaskRunCreate", key: "name" },
  { name: "TaskRunUpdate", key: "name" },
];

describe("null where Prefect accepts null", () => {
  const nullable = fieldsWhere(isNullable);

  it("walks the OpenAPI components and finds the nullable fields", () => {
    expect(nullable.length).toBeGreaterThan(50);
    expect(nullable.map((c) => c.field)).toContain("FlowRunCreate.work_queue_name");
  });

  it.each(nullable)("$field (nullable in the OpenAPI) accepts null", ({ row, key }) => {
    const result = row.schema.safeParse({ ...row.minimal, [key]: null });
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(nullFilledByValidator)("$name.$key accepts null (Prefect's set_name validator)", ({ name, key }) => {
    const row = rows.find((r) => r.name === name);
    expect(row).toBeDefined();
    const result = row!.schema.safeParse({ ...row!.minimal, [key]: null });
    expect(result.error?.issues ?? []).toEqual([]);
  });
});

/** Every string form pydantic parses as a datetime, and what each means. */
const forms: [string, string][] = [
  ["2026-12-06T03:43:07.060934+00:00", "2026-12-06T03:43:07.060Z"],
  ["2026-12-06 03:43:07.060934+00:00", "2026-12-06T03:43:07.060Z"],
  ["2026-12-06 03:43:07.060934", "2026-12-06T03:43:07.060Z"],
  ["2026-12-06T03:43:07Z", "2026-12-06T03:43:07.000Z"],
  ["2026-12-06T03:43:07.5z", "2026-12-06T03:43:07.500Z"],
  ["2026-12-06t05:43:07+02:00", "2026-12-06T03:43:07.000Z"],
  ["2026-12-06T05:43:07+0200", "2026-12-06T03:43:07.000Z"],
  ["2026-12-06T03:43:07", "2026-12-06T03:43:07.000Z"],
  ["2026-12-06T03:43", "2026-12-06T03:43:00.000Z"],
  ["2026-12-06", "2026-12-06T00:00:00.000Z"],
];

describe("datetimes in every form pydantic parses", () => {
  it.each(forms)("%s is %s", (text, utc) => {
    expect(parseDateTime(text).toISOString()).toBe(utc);
    expect(new Date(DateTimeString.parse(text)).toISOString()).toBe(utc);
  });

  it.each([
    "2026-02-29T00:00:00Z",
    "2026-12-06T24:00:00Z",
    "2026-13-01",
    "06/12/2026",
    "2026-12-06T03:43:07.1234567Z",
    "",
  ])("rejects %j", (text) => {
    expect(normalizeDateTime(text)).toBeUndefined();
    expect(DateTimeString.safeParse(text).success).toBe(false);
    expect(() => parseDateTime(text)).toThrow(/is not a datetime/);
  });

  it("keeps microseconds and the offset as sent, with T", () => {
    expect(DateTimeString.parse("2026-12-06 03:43:07.060934+05:30")).toBe("2026-12-06T03:43:07.060934+05:30");
  });

  const datetimes = fieldsWhere(isDateTime);

  it("walks the OpenAPI components and finds the datetime fields", () => {
    expect(datetimes.length).toBeGreaterThan(30);
  });

  it.each(datetimes)("$field accepts a space separator, microseconds and +00:00", ({ row, key }) => {
    const result = row.schema.safeParse({ ...row.minimal, [key]: "2026-12-06 03:43:07.060934+00:00" });
    expect(result.error?.issues ?? []).toEqual([]);
    const parsed = result.data as Record<string, unknown>;
    expect(new Date(parsed[key] as string).toISOString()).toBe("2026-12-06T03:43:07.060Z");
  });
});

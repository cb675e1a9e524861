// Parameter checks of deployments: jsonschema-style messages, field paths, unknown names, ignore_required,
// and a schema that is not valid JSON Schema.
import { describe, expect, it } from "vitest";
import { checkParameters, describeFailures, pythonRepr } from "../../../src/server/deployments/parameters.js";

const SCHEMA = {
  type: "object",
  properties: {
    name: { type: "string", minLength: 2 },
    count: { type: "integer", minimum: 1 },
    config: { $ref: "#/definitions/Config" },
    tags: { type: "array", items: { type: "string" } },
  },
  required: ["name"],
  definitions: { Config: { type: "object", properties: { retries: { type: "integer" } }, required: ["retries"] } },
};

describe("checkParameters", () => {
  it("accepts valid parameters", () => {
    expect(checkParameters({ name: "ok", count: 2, config: { retries: 1 }, tags: ["a"] }, SCHEMA)).toEqual([]);
  });

  it("reports every failing field with nested paths, in jsonschema's words", () => {
    const failures = checkParameters({ name: "x", count: 0, config: {}, tags: ["a", 3] }, SCHEMA);
    expect(failures).toEqual(
      expect.arrayContaining([
        { field: "name", reason: "'x' is too short" },
        { field: "count", reason: "0 is less than the minimum of 1" },
        { field: "config.retries", reason: "'retries' is a required property" },
        { field: "tags[1]", reason: "3 is not of type 'string'" },
      ]),
    );
  });

  it("refuses names the schema does not declare, listing the accepted ones", () => {
    const [failure] = checkParameters({ name: "ok", nmae: "typo" }, SCHEMA);
    expect(failure).toEqual({
      field: "nmae",
      reason: "'nmae' is not a parameter of this flow (its parameters are 'name', 'count', 'config', 'tags')",
    });
    expect(checkParameters({ any: 1 }, { type: "object", properties: {}, additionalProperties: true })).toEqual([]);
  });

  it("ignoreRequired skips required everywhere (a deployment's own defaults)", () => {
    expect(checkParameters({ config: {} }, SCHEMA, { ignoreRequired: true })).toEqual([]);
  });

  it("a schema that is not JSON Schema is a failure, not a crash", () => {
    const [failure] = checkParameters({}, { type: "no-such-type" });
    expect(failure?.reason).toContain("not a valid JSON schema");
  });

  it("describeFailures uses Prefect's sentence per field", () => {
    expect(
      describeFailures([
        { field: "a", reason: "1 is not of type 'string'" },
        { field: "", reason: "bad" },
      ]),
    ).toBe(
      "Validation failed for field 'a'. Failure reason: 1 is not of type 'string'; Validation failed. Failure reason: bad",
    );
  });

  it("pythonRepr writes values as Python shows them", () => {
    expect(pythonRepr("a")).toBe("'a'");
    expect(pythonRepr(true)).toBe("True");
    expect(pythonRepr(null)).toBe("None");
    expect(pythonRepr([1, "b"])).toBe("[1, 'b']");
    expect(pythonRepr({ k: false })).toBe("{'k': False}");
  });
});

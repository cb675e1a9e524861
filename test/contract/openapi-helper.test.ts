// The OpenAPI test helper itself: every component compiles, errors are readable, and responses are
// looked up by method, concrete or template path, and status.
import { describe, expect, it } from "vitest";
import {
  componentNames,
  expectMatchesComponent,
  expectMatchesResponse,
  validateComponent,
  validateRequestBody,
  validateResponse,
} from "../helpers/openapi.js";

describe("test/helpers/openapi", () => {
  it("compiles every component of the document", () => {
    const names = componentNames();
    expect(names.length).toBeGreaterThan(300);
    for (const name of names) expect(() => validateComponent(name, {})).not.toThrow();
  }, 30_000);

  it("reports the failing path, rule and allowed values", () => {
    const { valid, errors } = validateComponent("StateCreate", { type: "DONE", extra: 1 });
    expect(valid).toBe(false);
    expect(errors).toContain("at /type: must be equal to one of the allowed values");
    expect(errors).toContain('"additionalProperty":"extra"');
  });

  it("throws naming the component and the value", () => {
    expect(() => expectMatchesComponent("Flow", { name: "x" })).toThrow(
      /OpenAPI component "Flow"[\s\S]*must have required property 'id'/,
    );
    expect(() => validateComponent("NoSuchThing", {})).toThrow('OpenAPI component "NoSuchThing" does not exist');
  });

  it("checks datetime and uuid formats", () => {
    const base = { name: "x", level: 20, message: "m" };
    expect(validateComponent("LogCreate", { ...base, timestamp: "2024-05-01T12:00:00.123456+00:00" }).valid).toBe(true);
    expect(validateComponent("LogCreate", { ...base, timestamp: "yesterday" }).valid).toBe(false);
    expect(
      validateComponent("LogCreate", { ...base, timestamp: "2024-05-01T12:00:00Z", flow_run_id: "x" }).errors,
    ).toContain('must match format "uuid"');
  });

  it("finds responses by concrete path with /api prefix, by template, and knows 204s", () => {
    expect(validateResponse("POST", "/api/flows/count", 200, 3).valid).toBe(true);
    expect(validateResponse("POST", "/flows/count", 200, "3").valid).toBe(false);
    expect(validateResponse("DELETE", "/api/flows/0d8f6a3e-6a5e-4c1b-9f0b-2f1a7c0e9b11", 204, undefined).valid).toBe(
      true,
    );
    expect(validateResponse("GET", "/flows/{id}", 418, {}).errors).toContain("status not in the OpenAPI");
    expect(() => expectMatchesResponse("GET", "/nowhere", 200, {})).toThrow('No OpenAPI path matches "/nowhere"');
  });

  it("validates request bodies by route", () => {
    expect(validateRequestBody("POST", "/flows/", { name: "etl" }).valid).toBe(true);
    expect(validateRequestBody("POST", "/flows/", { name: "etl", nope: 1 }).valid).toBe(false);
  });
});

describe("path matching", () => {
  it("prefers literal segments over path parameters", () => {
    const queue = { id: "0d8f6a3e-6a5e-4c1b-9f0b-2f1a7c0e9b11", created: null, updated: null, name: "q" };
    expect(validateResponse("POST", "/api/work_pools/p/queues/filter", 200, [queue]).valid).toBe(true);
    expect(validateResponse("GET", "/api/work_pools/p/queues/q", 200, queue).valid).toBe(true);
    expect(validateResponse("GET", "/flows/name/etl", 200, { ...queue, name: "etl" }).valid).toBe(true);
  });
});

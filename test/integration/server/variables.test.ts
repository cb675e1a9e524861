// The /api/variables routes over both transports: Prefect's payloads, status codes and error bodies, each answer
// checked against Prefect's OpenAPI document.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectMatchesResponse } from "../../helpers/openapi.js";
import { startHarness, TRANSPORTS, type Harness } from "./harness.js";

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

describe.each(TRANSPORTS)("variables over %s", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(() => h.close());

  test("create returns 201 with the Variable; read by id and by name", async () => {
    const res = await h.call("POST", "/api/variables/", {
      name: "my_variable",
      value: "my-value",
      tags: ["123", "456"],
    });
    expect(res.status).toBe(201);
    expectMatchesResponse("POST", "/variables/", 201, res.body);
    expect(res.body).toMatchObject({ name: "my_variable", value: "my-value", tags: ["123", "456"] });
    const byId = await h.call("GET", `/api/variables/${res.body.id}`);
    expect(byId.status).toBe(200);
    expectMatchesResponse("GET", "/variables/{id}", 200, byId.body);
    const byName = await h.call("GET", "/api/variables/name/my_variable");
    expect(byName.body.id).toBe(res.body.id);
  });

  test.each([
    ["a string", "string-value"],
    ["a quoted string", '"string-value"'],
    ["an integer", 123],
    ["a float", 12.3],
    ["true", true],
    ["false", false],
    ["null", null],
    ["an object", { key: ["value1", "value2"], nested: { snake_case: 1 } }],
    ["an array", ["value1", "value2"]],
  ])("value may be %s, returned as sent", async (_label, value) => {
    const name = `json_${Math.random().toString(36).slice(2)}`;
    const res = await h.call("POST", "/api/variables/", { name, value });
    expect(res.status).toBe(201);
    expect(res.body.value).toEqual(value);
    expect((await h.call("GET", `/api/variables/name/${name}`)).body.value).toEqual(value);
  });

  test.each(["MY_VARIABLE", "my variable", "!@#$%"])("name %j: 422 naming Prefect's rule", async (name) => {
    const res = await h.call("POST", "/api/variables/", { name, value: "v" });
    expect(res.status).toBe(422);
    expect(res.body.exception_message).toBe("Invalid request received.");
    expect(res.body.exception_detail[0]).toMatchObject({ loc: ["body", "name"], type: "value_error" });
    expect(res.body.exception_detail[0].msg).toContain(
      "Variable name must only contain lowercase letters, numbers, and dashes or underscores.",
    );
  });

  test("dashes and underscores are allowed; names longer than 255 characters are not", async () => {
    expect((await h.call("POST", "/api/variables/", { name: "my-dashed_name", value: 1 })).status).toBe(201);
    expect((await h.call("POST", "/api/variables/", { name: "v".repeat(255), value: 1 })).status).toBe(201);
    const long = await h.call("POST", "/api/variables/", { name: "w".repeat(256), value: 1 });
    expect(long.status).toBe(422);
    expect(long.body.exception_detail[0].msg).toContain("String should have at most 255 characters");
  });

  test("a value's JSON text may be 5000 characters, not more (as Python's json.dumps counts them)", async () => {
    expect((await h.call("POST", "/api/variables/", { name: "big_ok", value: "v".repeat(4998) })).status).toBe(201);
    const big = await h.call("POST", "/api/variables/", { name: "big_no", value: "v".repeat(4999) });
    expect(big.status).toBe(422);
    expect(big.body.exception_detail[0].msg).toContain("Variable value must be less than 5000 characters");
    // Python writes ", " between items: n items of 1 are 2 + n + 2(n - 1) = 3n characters (JSON.stringify: 2n + 1).
    expect((await h.call("POST", "/api/variables/", { name: "big_list", value: Array(1666).fill(1) })).status).toBe(
      201,
    );
    expect((await h.call("POST", "/api/variables/", { name: "big_list2", value: Array(1667).fill(1) })).status).toBe(
      422,
    );
  });

  test("unknown fields and a missing value are 422", async () => {
    const extra = await h.call("POST", "/api/variables/", { name: "x_extra", value: 1, color: "red" });
    expect(extra.status).toBe(422);
    expect(extra.body.exception_detail[0]).toMatchObject({ type: "extra_forbidden", loc: ["body", "color"] });
    const missing = await h.call("POST", "/api/variables/", { name: "x_missing" });
    expect(missing.status).toBe(422);
    expect(missing.body.exception_detail[0]).toMatchObject({ type: "missing", loc: ["body", "value"] });
  });

  test("a duplicate name is 409 with {detail}", async () => {
    await h.call("POST", "/api/variables/", { name: "dup", value: 1 });
    const res = await h.call("POST", "/api/variables/", { name: "dup", value: 2 });
    expect(res.status).toBe(409);
    expect(typeof res.body.detail).toBe("string");
  });

  test("missing variables are 404 {detail: 'Variable not found.'} on every route", async () => {
    for (const [method, path] of [
      ["GET", `/api/variables/${MISSING_ID}`],
      ["GET", "/api/variables/name/nope"],
      ["PATCH", `/api/variables/${MISSING_ID}`],
      ["PATCH", "/api/variables/name/nope"],
      ["DELETE", `/api/variables/${MISSING_ID}`],
      ["DELETE", "/api/variables/name/nope"],
    ] as const) {
      const res = await h.call(method, path, method === "PATCH" ? { value: 1 } : undefined);
      expect([method, path, res.status, res.body]).toEqual([method, path, 404, { detail: "Variable not found." }]);
    }
  });

  test("PATCH by id and by name applies only the fields sent; a taken name is 409", async () => {
    const created = (await h.call("POST", "/api/variables/", { name: "to_patch", value: "a", tags: ["t"] })).body;
    const byId = await h.call("PATCH", `/api/variables/${created.id}`, { value: { k: 1 } });
    expect(byId.status).toBe(204);
    expect((await h.call("GET", `/api/variables/${created.id}`)).body).toMatchObject({
      name: "to_patch",
      value: { k: 1 },
      tags: ["t"],
    });
    expect((await h.call("PATCH", "/api/variables/name/to_patch", { name: "patched", tags: ["u"] })).status).toBe(204);
    const after = (await h.call("GET", `/api/variables/${created.id}`)).body;
    expect(after).toMatchObject({ name: "patched", value: { k: 1 }, tags: ["u"] });
    expect(Date.parse(after.updated)).toBeGreaterThanOrEqual(Date.parse(created.updated));
    expect((await h.call("PATCH", "/api/variables/name/patched", { value: null })).status).toBe(204);
    expect((await h.call("GET", "/api/variables/name/patched")).body.value).toBeNull();
    await h.call("POST", "/api/variables/", { name: "other_name", value: 1 });
    expect((await h.call("PATCH", "/api/variables/name/patched", { name: "other_name" })).status).toBe(409);
    expect((await h.call("PATCH", "/api/variables/name/patched", { name: "Bad Name" })).status).toBe(422);
    expect((await h.call("PATCH", "/api/variables/name/patched", { value: "v".repeat(4999) })).status).toBe(422);
  });

  test("DELETE by id and by name", async () => {
    const a = (await h.call("POST", "/api/variables/", { name: "del_a", value: 1 })).body;
    await h.call("POST", "/api/variables/", { name: "del_b", value: 1 });
    expect((await h.call("DELETE", `/api/variables/${a.id}`)).status).toBe(204);
    expect((await h.call("DELETE", "/api/variables/name/del_b")).status).toBe(204);
    expect((await h.call("GET", "/api/variables/name/del_a")).status).toBe(404);
    expect((await h.call("GET", "/api/variables/name/del_b")).status).toBe(404);
  });
});

describe.each(TRANSPORTS)("variables filter and count over %s", (transport) => {
  let h: Harness;
  let ids: Record<string, string>;
  beforeAll(async () => {
    h = await startHarness(transport);
    ids = {};
    for (const [name, tags] of [
      ["variable1", ["tag1"]],
      ["variable12", ["tag2"]],
      ["variable2", ["tag1"]],
      ["variable21", ["tag2"]],
      ["untagged", []],
    ] as const) {
      ids[name] = (await h.call("POST", "/api/variables/", { name, value: name, tags })).body.id;
    }
  });
  afterAll(() => h.close());

  const names = (body: { name: string }[]) => body.map((v) => v.name);

  test("no body: every variable, by name ascending; count", async () => {
    const res = await h.call("POST", "/api/variables/filter");
    expect(res.status).toBe(200);
    expectMatchesResponse("POST", "/variables/filter", 200, res.body);
    expect(names(res.body)).toEqual(["untagged", "variable1", "variable12", "variable2", "variable21"]);
    const count = await h.call("POST", "/api/variables/count");
    expect(count.body).toBe(5);
    expectMatchesResponse("POST", "/variables/count", 200, count.body);
  });

  test("name any_ and like_, id any_, tags all_ and is_null_", async () => {
    const q = async (variables: unknown) => names((await h.call("POST", "/api/variables/filter", { variables })).body);
    expect(await q({ name: { any_: ["variable1"] } })).toEqual(["variable1"]);
    expect(await q({ name: { like_: "variable1%" } })).toEqual(["variable1", "variable12"]);
    expect(await q({ name: { like_: "VARIABLE2" } })).toEqual(["variable2", "variable21"]);
    expect(await q({ id: { any_: [ids.variable12] } })).toEqual(["variable12"]);
    expect(await q({ tags: { all_: ["tag1"] } })).toEqual(["variable1", "variable2"]);
    expect(await q({ tags: { is_null_: true } })).toEqual(["untagged"]);
    expect(await q({ operator: "or_", name: { any_: ["variable1"] }, tags: { all_: ["tag2"] } })).toEqual([
      "variable1",
      "variable12",
      "variable21",
    ]);
    expect((await h.call("POST", "/api/variables/count", { variables: { tags: { all_: ["tag2"] } } })).body).toBe(2);
  });

  test("sort, offset and limit; limit over the maximum is 422 {detail}", async () => {
    const desc = await h.call("POST", "/api/variables/filter", { sort: "NAME_DESC", offset: 1, limit: 2 });
    expect(names(desc.body)).toEqual(["variable2", "variable12"]);
    expect((await h.call("POST", "/api/variables/filter", { sort: null, limit: null })).body).toHaveLength(5);
    const over = await h.call("POST", "/api/variables/filter", { limit: 201 });
    expect(over.status).toBe(422);
    expect(over.body.detail).toContain("Invalid limit");
    const badSort = await h.call("POST", "/api/variables/filter", { sort: "NAME" });
    expect(badSort.status).toBe(422);
    const badFilter = await h.call("POST", "/api/variables/filter", { variables: { name: { startswith_: "x" } } });
    expect(badFilter.status).toBe(422);
  });
});

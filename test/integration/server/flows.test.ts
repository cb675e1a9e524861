// Flow routes over both transports: create-by-name idempotency, reads, filter/sort/count, update, delete
// cascade, and the 404/422 bodies.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectMatchesComponent } from "../../helpers/openapi.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

describe.each(TRANSPORTS)("flows routes (%s)", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(async () => {
    await h.close();
  });

  it("creates a flow with 201, then returns the same flow with 200", async () => {
    const first = await h.call("POST", "/api/flows/", { name: "etl", tags: ["a"] });
    expect(first.status).toBe(201);
    expectMatchesComponent("Flow", first.body);
    expect(first.body).toMatchObject({ name: "etl", tags: ["a"], labels: {} });
    const again = await h.call("POST", "/api/flows/", { name: "etl", tags: ["other"] });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
  });

  it("reads by id and by name, 404 otherwise", async () => {
    const { body: flow } = await h.call("POST", "/api/flows/", { name: "reader" });
    expect((await h.call("GET", `/api/flows/${flow.id}`)).body).toEqual(flow);
    expect((await h.call("GET", "/api/flows/name/reader")).body).toEqual(flow);
    const missing = await h.call("GET", "/api/flows/00000000-0000-4000-8000-000000000000");
    expect(missing).toMatchObject({ status: 404, body: { detail: "Flow not found" } });
    expect((await h.call("GET", "/api/flows/name/nope")).status).toBe(404);
  });

  it("answers 422 with pydantic-style details for an invalid id or body", async () => {
    const badId = await h.call("GET", "/api/flows/not-a-uuid");
    expect(badId.status).toBe(422);
    expect(badId.body.exception_detail[0]).toMatchObject({
      type: "uuid_parsing",
      loc: ["path", "id"],
      input: "not-a-uuid",
    });
    const missing = await h.call("POST", "/api/flows/", {});
    expect(missing.body).toEqual({
      exception_message: "Invalid request received.",
      exception_detail: [{ type: "missing", loc: ["body", "name"], msg: "Field required", input: {} }],
      request_body: {},
    });
    const banned = await h.call("POST", "/api/flows/", { name: "a/b" });
    expect(banned.status).toBe(422);
    expect(banned.body.exception_detail[0].loc).toEqual(["body", "name"]);
  });

  it("filters by name, tags and sorts, counts, pages", async () => {
    for (const [name, tags] of [
      ["f-alpha", ["x", "y"]],
      ["f-beta", ["x"]],
      ["f-gamma", []],
    ] as const) {
      await h.call("POST", "/api/flows/", { name, tags });
    }
    const like = await h.call("POST", "/api/flows/filter", { flows: { name: { like_: "F-" } }, sort: "NAME_DESC" });
    expect(like.status).toBe(200);
    expect(like.body.map((f: { name: string }) => f.name)).toEqual(["f-gamma", "f-beta", "f-alpha"]);
    for (const flow of like.body) expectMatchesComponent("Flow", flow);
    const tagged = await h.call("POST", "/api/flows/filter", { flows: { tags: { all_: ["x", "y"] } } });
    expect(tagged.body.map((f: { name: string }) => f.name)).toEqual(["f-alpha"]);
    const untagged = await h.call("POST", "/api/flows/filter", {
      flows: { name: { like_: "f-" }, tags: { is_null_: true } },
    });
    expect(untagged.body.map((f: { name: string }) => f.name)).toEqual(["f-gamma"]);
    const anyOf = await h.call("POST", "/api/flows/filter", {
      flows: { operator: "or_", name: { any_: ["f-beta"] }, tags: { all_: ["y"] } },
    });
    expect(anyOf.body.map((f: { name: string }) => f.name)).toEqual(["f-alpha", "f-beta"]);
    const page = await h.call("POST", "/api/flows/filter", { flows: { name: { like_: "f-" } }, limit: 1, offset: 1 });
    expect(page.body.map((f: { name: string }) => f.name)).toEqual(["f-beta"]);
    expect((await h.call("POST", "/api/flows/count", { flows: { tags: { all_: ["x"] } } })).body).toBe(2);
    expect((await h.call("POST", "/api/flows/filter")).status).toBe(200);
    const tooMany = await h.call("POST", "/api/flows/filter", { limit: 201 });
    expect(tooMany).toMatchObject({
      status: 422,
      body: { detail: "Invalid limit: must be less than or equal to 200." },
    });
  });

  it("treats filter values as data, never as SQL", async () => {
    await h.call("POST", "/api/flows/", { name: "safe" });
    const hostile = await h.call("POST", "/api/flows/filter", {
      flows: { name: { like_: "'; DROP TABLE flow; --", any_: ["x' OR '1'='1"] } },
    });
    expect(hostile).toMatchObject({ status: 200, body: [] });
    expect((await h.call("GET", "/api/flows/name/safe")).status).toBe(200);
  });

  it("filters flows by their runs", async () => {
    const { body: flow } = await h.call("POST", "/api/flows/", { name: "with-runs" });
    await h.call("POST", "/api/flows/", { name: "without-runs" });
    await h.call("POST", "/api/flow_runs/", { flow_id: flow.id, tags: ["marker"] });
    const found = await h.call("POST", "/api/flows/filter", { flow_runs: { tags: { all_: ["marker"] } } });
    expect(found.body.map((f: { name: string }) => f.name)).toEqual(["with-runs"]);
  });

  it("updates tags with 204 and deletes with 204, cascading to runs", async () => {
    const { body: flow } = await h.call("POST", "/api/flows/", { name: "doomed" });
    const patched = await h.call("PATCH", `/api/flows/${flow.id}`, { tags: ["new"] });
    expect(patched.status).toBe(204);
    expect(patched.text).toBe("");
    expect((await h.call("GET", `/api/flows/${flow.id}`)).body.tags).toEqual(["new"]);
    const { body: run } = await h.call("POST", "/api/flow_runs/", { flow_id: flow.id, state: { type: "PENDING" } });
    expect((await h.call("DELETE", `/api/flows/${flow.id}`)).status).toBe(204);
    expect((await h.call("GET", `/api/flow_runs/${run.id}`)).status).toBe(404);
    expect((await h.call("DELETE", `/api/flows/${flow.id}`)).body).toEqual({ detail: "Flow not found" });
    expect((await h.call("PATCH", `/api/flows/${flow.id}`, { tags: [] })).status).toBe(404);
  });
});

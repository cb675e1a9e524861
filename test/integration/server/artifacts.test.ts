// The /api/artifacts routes over both transports: Prefect's payloads, status codes and error bodies (each answer
// checked against Prefect's OpenAPI document), the latest artifact of each key kept in step on create, update and
// delete (Prefect's artifact_collection), and the filters over artifacts and their runs.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectMatchesResponse } from "../../helpers/openapi.js";
import { startHarness, TRANSPORTS, type Harness } from "./harness.js";

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

describe.each(TRANSPORTS)("artifacts over %s", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(() => h.close());

  async function flowRun(flowName: string, runName: string): Promise<string> {
    const flow = (await h.call("POST", "/api/flows/", { name: flowName })).body;
    return (await h.call("POST", "/api/flow_runs/", { flow_id: flow.id, name: runName })).body.id as string;
  }

  test("create returns 201 with the Artifact; read by id returns it; data of any JSON shape comes back as sent", async () => {
    const res = await h.call("POST", "/api/artifacts/", {
      key: "create-one",
      type: "markdown",
      description: "# Report",
      data: "**bold**",
      metadata_: { source: "test" },
    });
    // Prefect answers 201 (its route sets it for a new artifact), though its OpenAPI lists only 200's body.
    expect(res.status).toBe(201);
    expectMatchesResponse("POST", "/artifacts/", 200, res.body);
    expect(res.body).toMatchObject({
      key: "create-one",
      type: "markdown",
      data: "**bold**",
      metadata_: { source: "test" },
    });
    const byId = await h.call("GET", `/api/artifacts/${res.body.id}`);
    expect(byId.status).toBe(200);
    expectMatchesResponse("GET", "/artifacts/{id}", 200, byId.body);
    expect(byId.body).toEqual(res.body);
    for (const data of [42.5, { rows: [1, 2], nested_key: { a: null } }, ["a", 1], null, "text"]) {
      const made = await h.call("POST", "/api/artifacts/", { type: "result", data });
      expect(made.status).toBe(201);
      expect((await h.call("GET", `/api/artifacts/${made.body.id}`)).body.data).toEqual(data);
    }
    const empty = await h.call("POST", "/api/artifacts/", {});
    expect(empty.status).toBe(201);
    expect(empty.body).toMatchObject({ key: null, type: null, data: null, flow_run_id: null });
  });

  test.each(["Bad Key", "my_key", "UPPER"])("key %j: 422 naming Prefect's rule", async (key) => {
    const res = await h.call("POST", "/api/artifacts/", { key, data: 1 });
    expect(res.status).toBe(422);
    expect(res.body.exception_detail[0]).toMatchObject({ loc: ["body", "key"] });
    expect(res.body.exception_detail[0].msg).toContain(
      "Artifact key must only contain lowercase letters, numbers, and dashes.",
    );
    expect((await h.call("POST", "/api/artifacts/count", { artifacts: { key: { any_: [key] } } })).body).toBe(0);
  });

  test("unknown fields and a non-string metadata value are 422; a metadata value over 500 characters is cut", async () => {
    const extra = await h.call("POST", "/api/artifacts/", { data: 1, color: "red" });
    expect(extra.status).toBe(422);
    expect(extra.body.exception_detail[0]).toMatchObject({ type: "extra_forbidden", loc: ["body", "color"] });
    expect((await h.call("POST", "/api/artifacts/", { metadata_: { n: 1 } })).status).toBe(422);
    const long = await h.call("POST", "/api/artifacts/", { metadata_: { note: "x".repeat(600), short: "ok" } });
    expect(long.body.metadata_).toEqual({ note: `${"x".repeat(500)}...`, short: "ok" });
  });

  test("a key's latest artifact follows each new version: GET /{key}/latest, /latest/filter and /latest/count", async () => {
    const v1 = (await h.call("POST", "/api/artifacts/", { key: "versions", type: "markdown", data: "v1" })).body;
    const v2 = (await h.call("POST", "/api/artifacts/", { key: "versions", type: "markdown", data: "v2" })).body;
    const latest = await h.call("GET", "/api/artifacts/versions/latest");
    expect(latest.status).toBe(200);
    expectMatchesResponse("GET", "/artifacts/{key}/latest", 200, latest.body);
    // Prefect's answer: the key's collection row in the Artifact shape (its own id, no latest_id).
    expect(latest.body).toMatchObject({ key: "versions", data: "v2", type: "markdown" });
    expect(latest.body).not.toHaveProperty("latest_id");
    expect([v1.id, v2.id]).not.toContain(latest.body.id);
    const listed = await h.call("POST", "/api/artifacts/latest/filter", { artifacts: { key: { any_: ["versions"] } } });
    expect(listed.status).toBe(200);
    expectMatchesResponse("POST", "/artifacts/latest/filter", 200, listed.body);
    expect(listed.body.map((c: { latest_id: string }) => c.latest_id)).toEqual([v2.id]);
    expect(
      (await h.call("POST", "/api/artifacts/latest/count", { artifacts: { key: { any_: ["versions"] } } })).body,
    ).toBe(1);
    expect((await h.call("POST", "/api/artifacts/count", { artifacts: { key: { any_: ["versions"] } } })).body).toBe(2);
    // Artifacts without a key have no latest entry.
    await h.call("POST", "/api/artifacts/", { type: "markdown", data: "keyless" });
    const all = (await h.call("POST", "/api/artifacts/latest/filter", { limit: 200 })).body as { key: string }[];
    expect(all.every((c) => typeof c.key === "string")).toBe(true);
  });

  test("a new version keeps the key's description when it leaves the field out, and clears it with null (Prefect's exclude_unset)", async () => {
    await h.call("POST", "/api/artifacts/", { key: "described", data: "a", description: "first" });
    await h.call("POST", "/api/artifacts/", { key: "described", data: "b" });
    expect((await h.call("GET", "/api/artifacts/described/latest")).body).toMatchObject({
      data: "b",
      description: "first",
    });
    await h.call("POST", "/api/artifacts/", { key: "described", data: "c", description: null });
    expect((await h.call("GET", "/api/artifacts/described/latest")).body).toMatchObject({
      data: "c",
      description: null,
    });
  });

  test("PATCH changes the artifact and, when it is its key's latest, the latest too; 204, 404, 422", async () => {
    const old = (await h.call("POST", "/api/artifacts/", { key: "progress-bar", type: "progress", data: 10 })).body;
    const cur = (await h.call("POST", "/api/artifacts/", { key: "progress-bar", type: "progress", data: 20 })).body;
    const patched = await h.call("PATCH", `/api/artifacts/${cur.id}`, { data: 75, description: "three quarters" });
    expect(patched.status).toBe(204);
    expect((await h.call("GET", `/api/artifacts/${cur.id}`)).body).toMatchObject({
      data: 75,
      description: "three quarters",
    });
    const progress = { artifacts: { key: { any_: ["progress-bar"] } } };
    expect((await h.call("POST", "/api/artifacts/latest/filter", progress)).body[0]).toMatchObject({
      data: 75,
      latest_id: cur.id,
    });
    expect((await h.call("PATCH", `/api/artifacts/${old.id}`, { data: 15 })).status).toBe(204);
    expect((await h.call("GET", "/api/artifacts/progress-bar/latest")).body.data).toBe(75);
    expect((await h.call("PATCH", `/api/artifacts/${cur.id}`, { key: "renamed" })).status).toBe(422);
  });

  test("DELETE of a key's latest makes the previous version the latest; of its last removes the key", async () => {
    const a = (await h.call("POST", "/api/artifacts/", { key: "deleting", data: "a", description: "A" })).body;
    const b = (await h.call("POST", "/api/artifacts/", { key: "deleting", data: "b", description: "B" })).body;
    expect((await h.call("DELETE", `/api/artifacts/${b.id}`)).status).toBe(204);
    const deleting = { artifacts: { key: { any_: ["deleting"] } } };
    expect((await h.call("POST", "/api/artifacts/latest/filter", deleting)).body[0]).toMatchObject({
      latest_id: a.id,
      data: "a",
      description: "A",
    });
    expect((await h.call("DELETE", `/api/artifacts/${a.id}`)).status).toBe(204);
    expect((await h.call("GET", "/api/artifacts/deleting/latest")).status).toBe(404);
    expect((await h.call("GET", `/api/artifacts/${a.id}`)).status).toBe(404);
  });

  test("missing artifacts are 404 {detail: 'Artifact not found.'}; a malformed id is 422", async () => {
    for (const [method, path] of [
      ["GET", `/api/artifacts/${MISSING_ID}`],
      ["GET", "/api/artifacts/no-such-key/latest"],
      ["PATCH", `/api/artifacts/${MISSING_ID}`],
      ["DELETE", `/api/artifacts/${MISSING_ID}`],
    ] as const) {
      const res = await h.call(method, path, method === "PATCH" ? { data: 1 } : undefined);
      expect([method, path, res.status, res.body]).toEqual([method, path, 404, { detail: "Artifact not found." }]);
    }
    const bad = await h.call("GET", "/api/artifacts/not-a-uuid");
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0]).toMatchObject({ loc: ["path", "id"] });
  });

  test("filters: key (any_, like_, exists_), type (any_, not_any_), run ids, sort, limit and offset", async () => {
    const runA = await flowRun("artifact-flow-a", "run-a");
    const runB = await flowRun("artifact-flow-b", "run-b");
    const taskRun = (
      await h.call("POST", "/api/task_runs/", { flow_run_id: runA, task_key: "t", dynamic_key: "0", name: "t-0" })
    ).body.id as string;
    const make = async (body: Record<string, unknown>) =>
      (await h.call("POST", "/api/artifacts/", body)).body.id as string;
    const a1 = await make({ key: "filt-alpha", type: "table", data: "[]", flow_run_id: runA, task_run_id: taskRun });
    const a2 = await make({ key: "filt-beta", type: "markdown", data: "x", flow_run_id: runA });
    const b1 = await make({ type: "progress", data: 5, flow_run_id: runB });
    const ids = async (body: Record<string, unknown>) =>
      ((await h.call("POST", "/api/artifacts/filter", body)).body as { id: string }[]).map((a) => a.id);
    const runs = { artifacts: { flow_run_id: { any_: [runA, runB] } } };
    expect(await ids(runs)).toEqual([b1, a2, a1]);
    expect(await ids({ artifacts: { ...runs.artifacts, key: { like_: "filt-" } }, sort: "KEY_ASC" })).toEqual([a1, a2]);
    expect(await ids({ artifacts: { ...runs.artifacts, key: { exists_: false } } })).toEqual([b1]);
    expect(await ids({ artifacts: { ...runs.artifacts, type: { any_: ["table", "progress"] } } })).toEqual([b1, a1]);
    expect(await ids({ artifacts: { ...runs.artifacts, type: { not_any_: ["table"] } } })).toEqual([b1, a2]);
    expect(await ids({ artifacts: { task_run_id: { any_: [taskRun] } } })).toEqual([a1]);
    expect(await ids({ ...runs, limit: 1, offset: 1 })).toEqual([a2]);
    expect(await ids({ artifacts: { operator: "or_", id: { any_: [a1] }, key: { any_: ["filt-beta"] } } })).toEqual([
      a2,
      a1,
    ]);
    // Filters on the artifact's runs, its flow and its deployment, as EXISTS sub-queries (Prefect's).
    expect(await ids({ flow_runs: { name: { any_: ["run-b"] } } })).toEqual([b1]);
    expect(await ids({ flows: { name: { any_: ["artifact-flow-a"] } } })).toEqual([a2, a1]);
    expect(await ids({ task_runs: { name: { any_: ["t-0"] } } })).toEqual([a1]);
    expect(await ids({ deployments: { name: { any_: ["none"] } } })).toEqual([]);
    const count = await h.call("POST", "/api/artifacts/count", { flows: { name: { any_: ["artifact-flow-a"] } } });
    expect(count.body).toBe(2);
    const latest = await h.call("POST", "/api/artifacts/latest/filter", {
      artifacts: { latest_id: { any_: [a1, a2] } },
      sort: "KEY_DESC",
    });
    expect(latest.body.map((c: { key: string }) => c.key)).toEqual(["filt-beta", "filt-alpha"]);
    expect((await h.call("POST", "/api/artifacts/filter", { sort: "NEWEST" })).status).toBe(422);
    expect((await h.call("POST", "/api/artifacts/filter", { artifacts: { key: { exact_: "x" } } })).status).toBe(422);
  });
});

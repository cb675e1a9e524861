// The block routes (/api/block_types, /block_schemas, /block_documents, /block_capabilities) over both transports:
// built-in types present from the start, secrets hidden unless asked for, Prefect's status codes, and every answer
// checked against Prefect's OpenAPI document.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectMatchesResponse } from "../../helpers/openapi.js";
import { startHarness, TRANSPORTS, type Harness } from "./harness.js";

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

describe.each(TRANSPORTS)("blocks over %s", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport);
  });
  afterAll(() => h.close());

  async function secretSchema(): Promise<{ typeId: string; schemaId: string }> {
    const type = (await h.call("GET", "/api/block_types/slug/secret")).body;
    const schemas = (
      await h.call("POST", "/api/block_schemas/filter", { block_schemas: { block_type_id: { any_: [type.id] } } })
    ).body;
    return { typeId: type.id, schemaId: schemas[0].id };
  }

  test("the built-in block types and their schemas exist from the first request, protected", async () => {
    const types = await h.call("POST", "/api/block_types/filter");
    expect(types.status).toBe(200);
    expectMatchesResponse("POST", "/block_types/filter", 200, types.body);
    const slugs = types.body.map((t: { slug: string }) => t.slug);
    expect(slugs).toEqual(
      expect.arrayContaining(["secret", "json", "string", "local-file-system", "remote-file-system"]),
    );
    const local = await h.call("GET", "/api/block_types/slug/local-file-system");
    expectMatchesResponse("GET", "/block_types/slug/{slug}", 200, local.body);
    expect(local.body).toMatchObject({ name: "Local File System", is_protected: true });
    const schemas = await h.call("POST", "/api/block_schemas/filter", {
      block_schemas: { block_type_id: { any_: [local.body.id] } },
    });
    expectMatchesResponse("POST", "/block_schemas/filter", 200, schemas.body);
    expect(schemas.body[0]).toMatchObject({
      checksum: "sha256:6db1ab242e7b2b88a52dc137a7da3a373af63e0a103b9a91e060ed54a26f395a",
      capabilities: ["put-directory", "read-path", "write-path", "get-directory"],
      block_type: { slug: "local-file-system" },
    });
    const byChecksum = await h.call("GET", `/api/block_schemas/checksum/${schemas.body[0].checksum}`);
    expect(byChecksum.body.id).toBe(schemas.body[0].id);
    const capabilities = await h.call("GET", "/api/block_capabilities/");
    expectMatchesResponse("GET", "/block_capabilities/", 200, capabilities.body);
    expect(capabilities.body).toEqual(["get-directory", "put-directory", "read-path", "write-path"]);
    expect((await h.call("POST", "/api/block_types/install_system_block_types")).status).toBe(200);
    expect((await h.call("POST", "/api/block_types/filter")).body).toHaveLength(types.body.length);
  });

  test("protected block types cannot be deleted (403); names beginning with Prefect are reserved (403)", async () => {
    const secret = (await h.call("GET", "/api/block_types/slug/secret")).body;
    const del = await h.call("DELETE", `/api/block_types/${secret.id}`);
    expect([del.status, del.body]).toEqual([403, { detail: "protected block types cannot be deleted." }]);
    const schema = (
      await h.call("POST", "/api/block_schemas/filter", { block_schemas: { block_type_id: { any_: [secret.id] } } })
    ).body[0];
    expect((await h.call("DELETE", `/api/block_schemas/${schema.id}`)).body).toEqual({
      detail: "Block schemas for protected block types cannot be deleted.",
    });
    const reserved = await h.call("POST", "/api/block_types/", { name: "Prefect Thing", slug: "prefect-thing" });
    expect([reserved.status, reserved.body]).toEqual([
      403,
      { detail: "Block type names beginning with 'Prefect' are reserved." },
    ]);
    // Updates are allowed (Prefect's clients re-send their type on save); an unchanged one writes nothing.
    expect((await h.call("PATCH", `/api/block_types/${secret.id}`, { description: secret.description })).status).toBe(
      204,
    );
    expect((await h.call("GET", `/api/block_types/${secret.id}`)).body.updated).toBe(secret.updated);
  });

  test("a document of an unknown schema or type is Prefect's integrity conflict (409)", async () => {
    const res = await h.call("POST", "/api/block_documents/", {
      name: "x",
      data: {},
      block_schema_id: MISSING_ID,
      block_type_id: MISSING_ID,
    });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain("Data integrity conflict");
  });

  test("a secret block document: value hidden in every read unless include_secrets=true", async () => {
    const { typeId, schemaId } = await secretSchema();
    const created = await h.call("POST", "/api/block_documents/", {
      name: "db-password",
      data: { value: "hunter2" },
      block_schema_id: schemaId,
      block_type_id: typeId,
    });
    expect(created.status).toBe(201);
    expectMatchesResponse("POST", "/block_documents/", 201, created.body);
    expect(created.body).toMatchObject({
      name: "db-password",
      data: { value: "********" },
      block_type_name: "Secret",
      is_anonymous: false,
    });
    const hidden = await h.call("GET", `/api/block_documents/${created.body.id}`);
    expectMatchesResponse("GET", "/block_documents/{id}", 200, hidden.body);
    expect(hidden.body.data).toEqual({ value: "********" });
    expect((await h.call("GET", `/api/block_documents/${created.body.id}?include_secrets=true`)).body.data).toEqual({
      value: "hunter2",
    });
    const byName = await h.call(
      "GET",
      "/api/block_types/slug/secret/block_documents/name/db-password?include_secrets=true",
    );
    expectMatchesResponse(
      "GET",
      "/block_types/slug/{slug}/block_documents/name/{block_document_name}",
      200,
      byName.body,
    );
    expect(byName.body.data).toEqual({ value: "hunter2" });
    const listed = await h.call("POST", "/api/block_documents/filter", { block_types: { slug: { any_: ["secret"] } } });
    expectMatchesResponse("POST", "/block_documents/filter", 200, listed.body);
    expect(listed.body.map((d: { data: unknown }) => d.data)).toEqual([{ value: "********" }]);
    const ofType = await h.call("GET", "/api/block_types/slug/secret/block_documents");
    expect(ofType.body.map((d: { name: string }) => d.name)).toEqual(["db-password"]);

    // An edit sending the obfuscated value back keeps the secret; a new value replaces it.
    expect(
      (await h.call("PATCH", `/api/block_documents/${created.body.id}`, { data: { value: "********" } })).status,
    ).toBe(204);
    expect((await h.call("GET", `/api/block_documents/${created.body.id}?include_secrets=true`)).body.data.value).toBe(
      "hunter2",
    );
    await h.call("PATCH", `/api/block_documents/${created.body.id}`, { data: { value: "correct-horse" } });
    expect((await h.call("GET", `/api/block_documents/${created.body.id}?include_secrets=1`)).body.data.value).toBe(
      "correct-horse",
    );
  });

  test("documents: names as Prefect's, 409 on a taken name, anonymous ones hidden from filters by default, count", async () => {
    const json = (await h.call("GET", "/api/block_types/slug/json")).body;
    const schema = (
      await h.call("POST", "/api/block_schemas/filter", { block_schemas: { block_type_id: { any_: [json.id] } } })
    ).body[0];
    const body = (name: string | null, extra: object = {}) => ({
      name,
      data: { value: { a: 1 } },
      block_schema_id: schema.id,
      block_type_id: json.id,
      ...extra,
    });
    expect((await h.call("POST", "/api/block_documents/", body("config"))).status).toBe(201);
    const dup = await h.call("POST", "/api/block_documents/", body("config"));
    expect([dup.status, dup.body]).toEqual([409, { detail: "Block already exists" }]);
    const bad = await h.call("POST", "/api/block_documents/", body("Bad_Name"));
    expect(bad.status).toBe(422);
    expect(bad.body.exception_detail[0].msg).toContain(
      "Block document name must only contain lowercase letters, numbers, and dashes.",
    );
    const unnamed = await h.call("POST", "/api/block_documents/", body(null));
    expect(unnamed.status).toBe(422);
    const anonymous = await h.call("POST", "/api/block_documents/", body(null, { is_anonymous: true }));
    expect(anonymous.status).toBe(201);
    expect(anonymous.body.name).toMatch(/^anonymous-/);
    const names = async (filter: object) =>
      (await h.call("POST", "/api/block_documents/filter", filter)).body.map((d: { name: string }) => d.name);
    expect(await names({ block_types: { slug: { any_: ["json"] } } })).toEqual(["config"]);
    expect(await names({ block_documents: { is_anonymous: { eq_: true } } })).toEqual([anonymous.body.name]);
    const count = await h.call("POST", "/api/block_documents/count", { block_types: { slug: { any_: ["json"] } } });
    expectMatchesResponse("POST", "/block_documents/count", 200, count.body);
    expect(count.body).toBe(1);
    expect((await h.call("DELETE", `/api/block_documents/${anonymous.body.id}`)).status).toBe(204);
    expect((await h.call("GET", `/api/block_documents/${anonymous.body.id}`)).status).toBe(404);
  });

  test("user block types and schemas: create, 409 on a taken slug, schema create idempotent by checksum, update, delete", async () => {
    const type = await h.call("POST", "/api/block_types/", {
      name: "Warehouse",
      slug: "warehouse",
      description: "A data warehouse",
    });
    expect(type.status).toBe(201);
    expectMatchesResponse("POST", "/block_types/", 201, type.body);
    expect((await h.call("POST", "/api/block_types/", { name: "Warehouse 2", slug: "warehouse" })).status).toBe(409);
    expect((await h.call("POST", "/api/block_types/", { name: "W", slug: "Not A Slug" })).status).toBe(422);
    const fields = {
      title: "Warehouse",
      type: "object",
      properties: { dsn: { type: "string", format: "password" } },
      secret_fields: ["dsn"],
    };
    const schema = await h.call("POST", "/api/block_schemas/", {
      fields,
      block_type_id: type.body.id,
      capabilities: ["query"],
    });
    expect(schema.status).toBe(201);
    expectMatchesResponse("POST", "/block_schemas/", 201, schema.body);
    expect(schema.body.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    const again = await h.call("POST", "/api/block_schemas/", {
      fields,
      block_type_id: type.body.id,
      capabilities: ["query"],
    });
    expect([again.status, again.body.id]).toEqual([200, schema.body.id]);
    const unknownType = await h.call("POST", "/api/block_schemas/", { fields: {}, block_type_id: MISSING_ID });
    expect([unknownType.status, unknownType.body]).toEqual([404, { detail: `Block type ${MISSING_ID} not found.` }]);
    expect((await h.call("PATCH", `/api/block_types/${type.body.id}`, { description: "Changed" })).status).toBe(204);
    expect((await h.call("GET", `/api/block_types/${type.body.id}`)).body.description).toBe("Changed");
    const typed = await h.call("POST", "/api/block_types/filter", {
      block_schemas: { block_capabilities: { all_: ["query"] } },
    });
    expect(typed.body.map((t: { slug: string }) => t.slug)).toEqual(["warehouse"]);
    const doc = await h.call("POST", "/api/block_documents/", {
      name: "prod",
      data: { dsn: "postgres://u:p@h/db" },
      block_schema_id: schema.body.id,
      block_type_id: type.body.id,
    });
    expect(doc.body.data).toEqual({ dsn: "********" });
    expect((await h.call("DELETE", `/api/block_types/${type.body.id}`)).status).toBe(204);
    expect((await h.call("GET", `/api/block_documents/${doc.body.id}`)).status).toBe(404);
    expect((await h.call("GET", `/api/block_schemas/${schema.body.id}`)).status).toBe(404);
  });

  test("missing objects are 404 {detail}", async () => {
    expect((await h.call("GET", `/api/block_types/${MISSING_ID}`)).body).toEqual({ detail: "Block type not found" });
    expect((await h.call("GET", "/api/block_types/slug/nope")).status).toBe(404);
    expect((await h.call("GET", `/api/block_schemas/${MISSING_ID}`)).status).toBe(404);
    expect((await h.call("GET", "/api/block_schemas/checksum/sha256:nope")).status).toBe(404);
    expect((await h.call("GET", `/api/block_documents/${MISSING_ID}`)).body).toEqual({
      detail: "Block document not found",
    });
    expect((await h.call("GET", "/api/block_types/slug/secret/block_documents/name/nope")).status).toBe(404);
    expect((await h.call("PATCH", `/api/block_documents/${MISSING_ID}`, { data: {} })).status).toBe(404);
    expect((await h.call("DELETE", `/api/block_documents/${MISSING_ID}`)).status).toBe(404);
  });
});

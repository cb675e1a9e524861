// Block methods of PrefectClient against the real server, over both transports: built-in types, a secret
// document read with and without its secret, user types and schemas, filters, update and delete.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ObjectAlreadyExistsError, ObjectNotFoundError } from "../../../src/client/index.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

describe.each(transports)("blocks over %s", (transport) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport });
  });
  afterAll(() => server.close());

  test("built-in types and schemas; a secret document hides its value unless asked, as Prefect's client reads it", async () => {
    const client = server.client;
    const secret = await client.readBlockTypeBySlug("secret");
    expect(secret).toMatchObject({ name: "Secret", isProtected: true });
    expect(secret.created).toBeInstanceOf(Date);
    const [schema] = await client.readBlockSchemas({ blockSchemaFilter: { blockTypeId: { any_: [secret.id] } } });
    expect(schema?.fields.secret_fields).toEqual(["value"]);
    expect((await client.readBlockSchemaByChecksum(schema!.checksum)).id).toBe(schema!.id);
    expect(await client.readBlockCapabilities()).toContain("read-path");

    const doc = await client.createBlockDocument({
      name: "api-token",
      data: { value: "t0k3n" },
      blockSchemaId: schema!.id,
      blockTypeId: secret.id,
    });
    expect(doc).toMatchObject({ name: "api-token", data: { value: "********" }, blockTypeName: "Secret" });
    expect((await client.readBlockDocument(doc.id)).data).toEqual({ value: "t0k3n" });
    expect((await client.readBlockDocument(doc.id, { includeSecrets: false })).data).toEqual({ value: "********" });
    expect((await client.readBlockDocumentByName("api-token", "secret")).data).toEqual({ value: "t0k3n" });
    const listed = await client.readBlockDocuments({ blockTypeFilter: { slug: { any_: ["secret"] } } });
    expect(listed.map((d) => d.data)).toEqual([{ value: "********" }]);
    expect(await client.countBlockDocuments({ blockTypeFilter: { slug: { any_: ["secret"] } } })).toBe(1);
    await expect(
      client.createBlockDocument({
        name: "api-token",
        data: { value: "x" },
        blockSchemaId: schema!.id,
        blockTypeId: secret.id,
      }),
    ).rejects.toThrow(ObjectAlreadyExistsError);

    await client.updateBlockDocument(doc.id, { data: { value: "n3w" } });
    expect((await client.readBlockDocumentByName("api-token", "secret")).data).toEqual({ value: "n3w" });
    await client.deleteBlockDocument(doc.id);
    await expect(client.readBlockDocument(doc.id)).rejects.toThrow(ObjectNotFoundError);
  });

  test("user block types and schemas: create, read, update, delete; schema fields keep their keys", async () => {
    const client = server.client;
    const type = await client.createBlockType({
      name: "Warehouse",
      slug: "warehouse",
      documentationUrl: "https://example.com",
    });
    expect(type).toMatchObject({ slug: "warehouse", documentationUrl: "https://example.com", isProtected: false });
    const fields = {
      title: "Warehouse",
      properties: { connection_string: { type: "string" } },
      secret_fields: ["connection_string"],
    };
    const schema = await client.createBlockSchema({ fields, blockTypeId: type.id, capabilities: ["query"] });
    expect(schema.fields).toEqual(fields);
    expect((await client.createBlockSchema({ fields, blockTypeId: type.id, capabilities: ["query"] })).id).toBe(
      schema.id,
    );
    const doc = await client.createBlockDocument({
      name: "prod",
      data: { connection_string: "pg://secret", snake_key: 1 },
      blockSchemaId: schema.id,
      blockTypeId: type.id,
    });
    expect(doc.data).toEqual({ connection_string: "********", snake_key: 1 });
    await client.updateBlockType(type.id, { description: "Where the data lives" });
    expect((await client.readBlockType(type.id)).description).toBe("Where the data lives");
    expect(
      (await client.readBlockTypes({ blockSchemaFilter: { blockCapabilities: { all_: ["query"] } } })).map(
        (t) => t.slug,
      ),
    ).toEqual(["warehouse"]);
    await client.deleteBlockType(type.id);
    await expect(client.readBlockTypeBySlug("warehouse")).rejects.toThrow(ObjectNotFoundError);
    await expect(client.readBlockDocument(doc.id)).rejects.toThrow(ObjectNotFoundError);
  });
});

// Contract: the request bodies our client sends for variables and blocks validate against Prefect's OpenAPI, and
// the answers it parses come from our server (so a Prefect server would accept what we send, and we read what it says).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PrefectClient } from "../../src/client/index.js";
import { createApp, openStore, type Store } from "../../src/server/index.js";
import { validateRequestBody } from "../helpers/openapi.js";

interface Sent {
  method: string;
  path: string;
  body: unknown;
}

describe("client request bodies for variables and blocks", () => {
  let dir: string;
  let store: Store;
  let client: PrefectClient;
  const sent: Sent[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-contract-"));
    store = openStore(join(dir, "prefect.db"));
    const app = createApp({ store });
    const recording: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const text = await request.clone().text();
      const path = new URL(request.url).pathname.replace(/^\/api/, "");
      if (text !== "") sent.push({ method: request.method, path, body: JSON.parse(text) as unknown });
      return app.fetch(request);
    };
    client = new PrefectClient({ apiUrl: "http://contract.test/api", fetch: recording });
  });
  afterAll(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("every body validates against the OpenAPI request schema of its route", async () => {
    await client.createVariable({ name: "cfg", value: { a: [1] }, tags: ["t"] });
    await client.readVariables({
      variableFilter: { name: { like_: "c" }, tags: { all_: ["t"] } },
      sort: "NAME_DESC",
      limit: 5,
    });
    await client.countVariables({ variableFilter: { id: { any_: [] } } });
    await client.updateVariableByName("cfg", { value: null, tags: [] });
    const type = await client.readBlockTypeBySlug("json");
    const [schema] = await client.readBlockSchemas({ blockSchemaFilter: { blockTypeId: { any_: [type.id] } } });
    const doc = await client.createBlockDocument({
      name: "conf",
      data: { value: 1 },
      blockSchemaId: schema!.id,
      blockTypeId: type.id,
    });
    await client.readBlockDocuments({
      blockDocumentFilter: { name: { any_: ["conf"] } },
      blockTypeFilter: { slug: { any_: ["json"] } },
      sort: "NAME_ASC",
    });
    await client.countBlockDocuments({ blockSchemaFilter: { blockCapabilities: { all_: [] } } });
    await client.updateBlockDocument(doc.id, { data: { value: 2 }, mergeExistingData: false });
    const custom = await client.createBlockType({ name: "Custom", slug: "custom", codeExample: "x" });
    await client.createBlockSchema({ fields: { title: "Custom", properties: {} }, blockTypeId: custom.id });
    await client.updateBlockType(custom.id, { description: "d" });
    await client.readBlockTypes({ blockTypeFilter: { name: { like_: "Cus" } } });

    const templates: [RegExp, string][] = [
      [/^\/variables\/name\/[^/]+$/, "/variables/name/{name}"],
      [/^\/block_documents\/[0-9a-f-]{36}$/, "/block_documents/{id}"],
      [/^\/block_types\/[0-9a-f-]{36}$/, "/block_types/{id}"],
    ];
    expect(sent.length).toBeGreaterThanOrEqual(12);
    for (const call of sent) {
      const template = templates.find(([re]) => re.test(call.path))?.[1] ?? call.path;
      expect([call.method, template, validateRequestBody(call.method, template, call.body)]).toEqual([
        call.method,
        template,
        { valid: true, errors: "" },
      ]);
    }
  });
});

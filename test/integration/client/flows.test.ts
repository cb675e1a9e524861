// Flow methods of PrefectClient against the real server, over both transports.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ObjectNotFoundError, ValidationError } from "../../../src/client/index.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

describe.each(transports)("flows over %s", (transport) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport });
  });
  afterAll(() => server.close());

  test("createFlow is idempotent by name and returns a camelCase model", async () => {
    const a = await server.client.createFlow("etl");
    const b = await server.client.createFlow("etl");
    expect(b.id).toBe(a.id);
    expect(a.name).toBe("etl");
    expect(a.created).toBeInstanceOf(Date);
    expect(a.tags).toEqual([]);
  });

  test("readFlow, readFlowByName", async () => {
    const f = await server.client.createFlow("by-name");
    expect((await server.client.readFlow(f.id)).name).toBe("by-name");
    expect((await server.client.readFlowByName("by-name")).id).toBe(f.id);
  });

  test("readFlows with a filter, sort and limit; countFlows", async () => {
    await server.client.createFlow("list-a");
    await server.client.createFlow("list-b");
    const flows = await server.client.readFlows({
      flowFilter: { name: { any_: ["list-a", "list-b"] } },
      sort: "NAME_DESC",
    });
    expect(flows.map((f) => f.name)).toEqual(["list-b", "list-a"]);
    expect(await server.client.readFlows({ flowFilter: { name: { like_: "list-" } }, limit: 1 })).toHaveLength(1);
    expect(await server.client.countFlows({ flowFilter: { name: { like_: "list-" } } })).toBe(2);
  });

  test("updateFlow tags, deleteFlow", async () => {
    const f = await server.client.createFlow("to-change");
    await server.client.updateFlow(f.id, { tags: ["x", "y"] });
    expect((await server.client.readFlow(f.id)).tags).toEqual(["x", "y"]);
    await server.client.deleteFlow(f.id);
    await expect(server.client.readFlow(f.id)).rejects.toThrow(ObjectNotFoundError);
  });

  test("unknown id: ObjectNotFoundError; malformed id: ValidationError naming the field", async () => {
    await expect(server.client.readFlow("00000000-0000-4000-8000-000000000000")).rejects.toThrow(ObjectNotFoundError);
    await expect(server.client.readFlowByName("nope")).rejects.toThrow(ObjectNotFoundError);
    const err = await server.client.createFlowRun({ flowId: "not-a-uuid" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as Error).message).toContain("flow_id");
  });
});

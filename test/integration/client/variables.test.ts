// Variable methods of PrefectClient and the SDK's Variable.get/set/unset against the real server, over both transports.
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";
import { ObjectAlreadyExistsError, ObjectNotFoundError, ValidationError } from "../../../src/client/index.js";
import { withClient } from "../../../src/engine/client-provider.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";
import { Variable } from "../../../src/variables.js";

describe.each(transports)("variables over %s", (transport) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport });
  });
  afterAll(() => server.close());

  test("createVariable, readVariable, readVariableByName; values keep their keys as written", async () => {
    const value = { snake_key: [1, "two", null], camelKey: { nested_key: true } };
    const created = await server.client.createVariable({ name: "config_a", value, tags: ["prod"] });
    expect(created).toMatchObject({ name: "config_a", value, tags: ["prod"] });
    expect(created.created).toBeInstanceOf(Date);
    expect((await server.client.readVariable(created.id)).value).toEqual(value);
    expect((await server.client.readVariableByName("config_a"))?.id).toBe(created.id);
    expect(await server.client.readVariableByName("no_such_variable")).toBeUndefined();
  });

  test("readVariables with filter, sort, limit; countVariables", async () => {
    await server.client.createVariable({ name: "list_a", value: 1, tags: ["list"] });
    await server.client.createVariable({ name: "list_b", value: 2, tags: ["list"] });
    const all = await server.client.readVariables({ variableFilter: { tags: { all_: ["list"] } }, sort: "NAME_DESC" });
    expect(all.map((v) => v.name)).toEqual(["list_b", "list_a"]);
    expect(await server.client.readVariables({ variableFilter: { name: { like_: "list_" } }, limit: 1 })).toHaveLength(
      1,
    );
    expect(await server.client.countVariables({ variableFilter: { name: { any_: ["list_a", "config_a"] } } })).toBe(2);
  });

  test("updateVariable, updateVariableByName, deleteVariable, deleteVariableByName", async () => {
    const v = await server.client.createVariable({ name: "to_change", value: "a" });
    await server.client.updateVariable(v.id, { value: ["b"] });
    await server.client.updateVariableByName("to_change", { name: "changed", tags: ["t"] });
    expect(await server.client.readVariable(v.id)).toMatchObject({ name: "changed", value: ["b"], tags: ["t"] });
    await server.client.deleteVariableByName("changed");
    await expect(server.client.readVariable(v.id)).rejects.toThrow(ObjectNotFoundError);
    const w = await server.client.createVariable({ name: "to_delete", value: null });
    await server.client.deleteVariable(w.id);
    await expect(server.client.deleteVariable(w.id)).rejects.toThrow(ObjectNotFoundError);
    await expect(server.client.updateVariableByName("to_delete", { value: 1 })).rejects.toThrow(ObjectNotFoundError);
  });

  test("errors: a taken name is ObjectAlreadyExistsError; a bad name is ValidationError quoting Prefect's rule", async () => {
    await server.client.createVariable({ name: "taken", value: 1 });
    await expect(server.client.createVariable({ name: "taken", value: 2 })).rejects.toThrow(ObjectAlreadyExistsError);
    const error = await server.client.createVariable({ name: "Not Valid", value: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toContain("lowercase letters, numbers, and dashes or underscores");
  });

  test("Variable.set, get (with a default) and unset through the current client", async () => {
    await withClient(server.client, async () => {
      const set = await Variable.set("sdk_var", { host: "db", port: 5432 }, { tags: ["sdk"] });
      expect(set).toMatchObject({ name: "sdk_var", value: { host: "db", port: 5432 }, tags: ["sdk"] });
      const read = await Variable.get<{ host: string; port: number }>("sdk_var");
      expectTypeOf(read).toEqualTypeOf<{ host: string; port: number } | undefined>();
      expect(read?.port).toBe(5432);
      const fallback = await Variable.get("sdk_missing", 3);
      expectTypeOf(fallback).toEqualTypeOf<number>();
      expect(fallback).toBe(3);
      expect(await Variable.get("sdk_missing")).toBeUndefined();

      const again = await Variable.set("sdk_var", "other").catch((e: unknown) => e);
      expect(again).toBeInstanceOf(ObjectAlreadyExistsError);
      expect((again as Error).message).toContain('Variable "sdk_var" already exists. Pass { overwrite: true }');
      await Variable.set("sdk_var", "replaced", { overwrite: true });
      expect(await Variable.get("sdk_var")).toBe("replaced");
      expect((await server.client.readVariableByName("sdk_var"))?.tags).toEqual([]);
      await Variable.set("sdk_new", false, { overwrite: true });
      expect(await Variable.get("sdk_new", true)).toBe(false);

      expect(await Variable.unset("sdk_var")).toBe(true);
      expect(await Variable.unset("sdk_var")).toBe(false);
      expect(await Variable.get("sdk_var")).toBeUndefined();
    });
  });
});

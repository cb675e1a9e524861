// parseEntrypoint and loadFlowFromEntrypoint against the fixtures in test/fixtures/entrypoints/.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadFlowFromEntrypoint, parseEntrypoint } from "../../../src/deploy/entrypoint.js";
import { haltAtMain, isLoadingEntrypoint, whileLoadingEntrypoint } from "../../../src/deploy/entrypoint-mode.js";
import { EntrypointError } from "../../../src/errors.js";

const FIXTURES = path.resolve(import.meta.dirname, "../../fixtures/entrypoints");

describe("parseEntrypoint", () => {
  it.each([
    ["flows/etl.ts:etl", "flows/etl.ts", "etl"],
    ["etl.mts:run_etl", "etl.mts", "run_etl"],
    ["./a/b.js:$flow", "./a/b.js", "$flow"],
    ["/abs/path/x.mjs:default", "/abs/path/x.mjs", "default"],
  ])("splits %s", (entrypoint, file, exportName) => {
    expect(parseEntrypoint(entrypoint)).toEqual({ file, exportName });
  });

  it.each([
    ["flows/etl.ts", "no export name"],
    [":etl", "no file before the colon"],
    ["flows/etl.ts:", "is not an export name"],
    ["flows/etl.ts:1abc", "is not an export name"],
    ["flows/etl.py:etl", "is not a .ts, .mts, .js or .mjs module"],
  ])("rejects %s with a message naming it and the form", (entrypoint, fragment) => {
    const attempt = () => parseEntrypoint(entrypoint);
    expect(attempt).toThrow(EntrypointError);
    expect(attempt).toThrow(fragment);
    expect(attempt).toThrow(`Invalid entrypoint ${JSON.stringify(entrypoint)}`);
    expect(attempt).toThrow("'path/to/file.ts:exportName'");
  });
});

describe("loadFlowFromEntrypoint", () => {
  it("loads an exported flow from a .ts file relative to baseDir", async () => {
    const flow = await loadFlowFromEntrypoint("flows.ts:add", { baseDir: FIXTURES });
    expect(flow.name).toBe("add-numbers");
    expect(flow.functionName).toBe("addNumbers");
    expect(flow.schemaFlow).toBe(false);
    expect(flow.parameterNames).toEqual(["a", "b"]);
  });

  it("recognises a zod flow", async () => {
    const flow = await loadFlowFromEntrypoint("flows.ts:greet", { baseDir: FIXTURES });
    expect(flow.schemaFlow).toBe(true);
  });

  it("loads a flow from a .mjs file", async () => {
    const flow = await loadFlowFromEntrypoint("plain.mjs:double", { baseDir: FIXTURES });
    expect(flow.name).toBe("double");
  });

  it("resolves against the working directory without baseDir, and takes absolute files", async () => {
    const relative = path.relative(process.cwd(), path.join(FIXTURES, "flows.ts"));
    expect((await loadFlowFromEntrypoint(`${relative}:add`)).name).toBe("add-numbers");
    expect(
      (await loadFlowFromEntrypoint(`${path.join(FIXTURES, "flows.ts")}:boom`, { baseDir: "/nowhere" })).name,
    ).toBe("boom");
  });

  it("finds a flow that is defined but not exported, by function name or flow name, on every load", async () => {
    expect((await loadFlowFromEntrypoint("flows.ts:hiddenFlow", { baseDir: FIXTURES })).name).toBe("hidden-flow");
    // The module is cached by now: its defined flows are remembered.
    expect((await loadFlowFromEntrypoint("flows.ts:hidden-flow", { baseDir: FIXTURES })).name).toBe("hidden-flow");
  });

  it("names the entrypoint and lists the file's flows when the name is not a flow", async () => {
    const missing = loadFlowFromEntrypoint("flows.ts:nope", { baseDir: FIXTURES });
    await expect(missing).rejects.toThrow(EntrypointError);
    await expect(missing).rejects.toThrow(
      /Cannot load entrypoint 'flows\.ts:nope': flows\.ts has no flow 'nope' \(its flows: add, greet, boom, flaky, dated, .*hidden-flow\)/,
    );
    await expect(loadFlowFromEntrypoint("flows.ts:notAFlow", { baseDir: FIXTURES })).rejects.toThrow(
      "exports 'notAFlow' but it is not a flow (wrap the function with flow())",
    );
    await expect(loadFlowFromEntrypoint("no-flows.ts:value", { baseDir: FIXTURES })).rejects.toThrow(
      "it defines no flows",
    );
  });

  it("says where it looked for a missing file", async () => {
    const attempt = loadFlowFromEntrypoint("missing.ts:x", { baseDir: FIXTURES });
    await expect(attempt).rejects.toThrow(EntrypointError);
    await expect(attempt).rejects.toThrow(
      `${path.join(FIXTURES, "missing.ts")} does not exist (resolved against ${FIXTURES})`,
    );
  });

  it("wraps an import failure with the module's error", async () => {
    const attempt = loadFlowFromEntrypoint("throws.ts:x", { baseDir: FIXTURES });
    await expect(attempt).rejects.toThrow(EntrypointError);
    await expect(attempt).rejects.toThrow("importing throws.ts failed: module exploded at import");
  });

  it("loads a module whose top-level await calls serve-like code that requires entrypoint mode", async () => {
    expect(isLoadingEntrypoint()).toBe(false);
    expect((await loadFlowFromEntrypoint("top-level-serve.ts:served", { baseDir: FIXTURES })).name).toBe("served");
    expect(isLoadingEntrypoint()).toBe(false);
  });

  it("loads a module that calls flow.serve() and serve() at its top level without serving", async () => {
    expect((await loadFlowFromEntrypoint("served-real.ts:selfServed", { baseDir: FIXTURES })).name).toBe("self-served");
  });

  it("loads a module that halted at its serve() call again (a module evaluates once; its flows are remembered)", async () => {
    const first = await loadFlowFromEntrypoint("served-real.ts:selfServed", { baseDir: FIXTURES });
    const again = await loadFlowFromEntrypoint("served-real.ts:selfServed", { baseDir: FIXTURES });
    expect(again).toBe(first);
  });
});

describe("entrypoint mode", () => {
  it("is set only while loading, also when the load throws", async () => {
    expect(isLoadingEntrypoint()).toBe(false);
    expect(await whileLoadingEntrypoint(async () => isLoadingEntrypoint())).toEqual({ halted: false, value: true });
    await expect(whileLoadingEntrypoint(async () => Promise.reject(new Error("x")))).rejects.toThrow("x");
    expect(isLoadingEntrypoint()).toBe(false);
  });

  it("resolves as halted when the module reaches serve()/deploy(), whose call never settles", async () => {
    let after = false;
    let settled = false;
    const load = whileLoadingEntrypoint(async () => {
      const main = haltAtMain();
      void main.then(() => (settled = true));
      await main;
      after = true;
      return "never";
    });
    expect(await load).toEqual({ halted: true });
    expect(isLoadingEntrypoint()).toBe(false);
    await Promise.resolve();
    expect([after, settled]).toEqual([false, false]);
  });

  it("keeps the flag on globalThis so every copy of the package agrees", async () => {
    await whileLoadingEntrypoint(async () => {
      expect((globalThis as Record<symbol, unknown>)[Symbol.for("prefect-ts.loading-entrypoint")]).toBe(1);
    });
  });
});

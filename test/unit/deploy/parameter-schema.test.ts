// Parameter schema derivation: exact Prefect `ParameterSchema`s from TypeScript signatures and zod schemas.
import { copyFileSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { ConfigError, EntrypointError } from "../../../src/errors.js";
import {
  deriveFlowSource,
  parameterSchemaFromSource,
  parameterSchemaFromZod,
} from "../../../src/deploy/parameter-schema/index.js";
import { ordersParameters } from "./fixtures/zod-flows.js";

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");
const basic = path.join(fixtures, "basic-flows.ts");
const fromBasic = (exportName: string) => parameterSchemaFromSource({ file: basic, exportName });

describe("parameterSchemaFromSource", () => {
  it("gives Prefect's f(x, y = 5.0) schema: required x, default y, no empty required dropped", () => {
    // Python's `x: int` is "integer"; TypeScript's `number` is JSON "number".
    expect(fromBasic("numbers")).toEqual({
      title: "Parameters",
      type: "object",
      properties: {
        x: { title: "x", type: "number", position: 0 },
        y: { title: "y", type: "number", position: 1, default: 5 },
      },
      required: ["x"],
      definitions: {},
    });
  });

  it("treats optional and defaulted parameters as not required, with literal defaults (arrays too)", () => {
    expect(fromBasic("optionals")).toEqual({
      title: "Parameters",
      type: "object",
      properties: {
        name: { title: "name", type: "string", position: 0 },
        count: { title: "count", type: "number", position: 1 },
        verbose: { title: "verbose", type: "boolean", position: 2, default: false },
        tags: { title: "tags", type: "array", items: { type: "string" }, position: 3, default: ["a"] },
      },
      required: ["name"],
      definitions: {},
    });
  });

  it("inlines literal unions as enum, puts interfaces and enums in definitions, maps Date and JSDoc", () => {
    expect(fromBasic("painter")).toEqual({
      title: "Parameters",
      type: "object",
      properties: {
        color: {
          title: "color",
          type: "string",
          enum: ["BLUE", "GREEN", "RED"],
          position: 0,
          default: "RED",
          description: "the colour to paint with",
        },
        at: { title: "at", $ref: "#/definitions/Point", position: 1, description: "where to paint" },
        when: { title: "when", type: "string", format: "date-time", position: 2 },
        mode: { title: "mode", $ref: "#/definitions/Mode", position: 3 },
        coats: {
          title: "coats",
          type: "array",
          items: { type: "number" },
          position: 4,
          default: [1, 2],
          description: "how many coats",
        },
      },
      required: ["at", "when", "mode"],
      definitions: {
        Point: {
          description: "A point on the plane.",
          type: "object",
          properties: { x: { type: "number" }, y: { type: "number" }, label: { type: "string" } },
          required: ["x", "y"],
        },
        Mode: { type: "string", enum: ["fast", "slow"] },
      },
    });
  });

  it("leaves a function type open (Prefect's Any), maps tuples and null defaults", () => {
    expect(fromBasic("anyParam")).toEqual({
      title: "Parameters",
      type: "object",
      properties: {
        cb: { title: "cb", position: 0 },
        pair: {
          title: "pair",
          type: "array",
          prefixItems: [{ type: "number" }, { type: "string" }],
          minItems: 2,
          maxItems: 2,
          position: 1,
        },
        nothing: { title: "nothing", type: "null", position: 2, default: null },
      },
      required: ["cb", "pair"],
      definitions: {},
    });
  });

  it("maps Record<string, T> to additionalProperties (open when T is not a primitive or known definition) and unions", () => {
    expect(fromBasic("records")).toEqual({
      title: "Parameters",
      type: "object",
      properties: {
        scores: { title: "scores", type: "object", additionalProperties: { type: "number" }, position: 0 },
        points: { title: "points", type: "object", additionalProperties: {}, position: 1, default: {} },
        either: { title: "either", anyOf: [{ type: "string" }, { type: "number" }], position: 2, default: 1 },
      },
      required: ["scores"],
      definitions: {},
    });
  });

  it("reads the flow's description from its function's JSDoc (tags excluded), or from the export statement", () => {
    expect(deriveFlowSource({ file: basic, exportName: "painter" }).description).toBe("Paints a point.");
    expect(deriveFlowSource({ file: basic, exportName: "numbers" }).description).toBe(
      "Prefect's `f(x: int, y: float = 5.0)` in TypeScript form.",
    );
    expect(deriveFlowSource({ file: basic, exportName: "optionals" }).description).toBeUndefined();
  });

  it("leaves types JSON cannot express open and warns by parameter name; any and unknown are open without a warning", () => {
    const edges = path.join(fixtures, "schema-edge-flows.ts");
    const seen: string[] = [];
    const info = deriveFlowSource({ file: edges, exportName: "edges" }, { onWarning: (m) => seen.push(m) });
    const names = ["m", "s", "big", "sym", "cb", "p", "w", "u", "a", "g", "buf", "url", "re"];
    expect(Object.keys(info.parameterSchema.properties)).toEqual(names);
    names.forEach((name, position) => expect(info.parameterSchema.properties[name]).toEqual({ title: name, position }));
    expect(info.parameterSchema.definitions).toEqual({});
    expect(seen).toEqual(info.warnings);
    const warned = info.warnings.map((w) =>
      /^Parameter '(\w+)' of flow '[^']*schema-edge-flows\.ts:edges' has type '([^']+)'/.exec(w)?.slice(1, 3),
    );
    expect(warned).toEqual([
      ["m", "Map<string, number>"],
      ["s", "Set<string>"],
      ["big", "bigint"],
      ["sym", "symbol"],
      ["cb", "() => void"],
      ["p", "Promise<string>"],
      ["w", "Widget"],
      ["g", "T"],
      ["buf", "Buffer"],
      ["url", "URL"],
      ["re", "RegExp"],
    ]);
    expect(info.warnings.join("\n")).toMatch(/left open \(\{\}\).*zod schema/);
    expect(info.warnings[4]).toMatch(/\(a function\)/);
    expect(info.warnings[6]).toMatch(/class 'Widget', which has methods/);
    expect(info.warnings[8]).toMatch(/'Buffer' is not known when the file is compiled on its own/);
    // The function-typed parameter of the basic fixture is reported too.
    expect(deriveFlowSource({ file: basic, exportName: "anyParam" }).warnings).toEqual([
      expect.stringMatching(/^Parameter 'cb' .*'\(\) => void'/),
    ]);
  });

  it('types Integer, a number & { __brand: "integer" } and an alias tagged @TJS-type integer as integer', () => {
    const edges = path.join(fixtures, "schema-edge-flows.ts");
    expect(parameterSchemaFromSource({ file: edges, exportName: "integers" }).properties).toEqual({
      a: { title: "a", type: "integer", position: 0 },
      b: { title: "b", type: "integer", position: 1 },
      c: { title: "c", type: "number", position: 2 },
    });
  });

  it('reads `Integer` imported from "prefect-ts" (not compiled: a stub declares it) and sees an edited file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), "pts-schema-"));
    const file = path.join(dir, "flows.ts");
    const write = (type: string) =>
      writeFileSync(
        file,
        `import { flow, type Integer } from "prefect-ts";\nexport const f = flow((n: ${type}, m: Record<string, Integer>) => n);\n`,
      );
    write("Integer");
    expect(parameterSchemaFromSource({ file, exportName: "f" }).properties).toEqual({
      n: { title: "n", type: "integer", position: 0 },
      m: { title: "m", type: "object", additionalProperties: { type: "integer" }, position: 1 },
    });
    write("string");
    const later = Date.now() / 1000 + 5;
    utimesSync(file, later, later);
    expect(parameterSchemaFromSource({ file, exportName: "f" }).properties.n).toEqual({
      title: "n",
      type: "string",
      position: 0,
    });
  });

  it("compiles a file once and reuses the compilation for its other exports while the file keeps its mtime", () => {
    // A copy, so no earlier test has compiled it already; how fast this is gets measured in bench/, not here.
    const file = path.join(mkdtempSync(path.join(tmpdir(), "prefect-ts-schema-")), "basic-flows.ts");
    copyFileSync(basic, file);
    const mtime = Math.floor(Date.now() / 1000) - 60; // whole seconds, so setting it again restores it exactly
    utimesSync(file, mtime, mtime);
    expect(parameterSchemaFromSource({ file, exportName: "numbers" }).required).toEqual(["x"]);
    // Same mtime, new text: the other export is read from the compilation made above, not from the file.
    writeFileSync(
      file,
      readFileSync(file, "utf8").replace(
        "export const records = flow((scores:",
        "export const records = flow((renamed:",
      ),
    );
    utimesSync(file, mtime, mtime);
    expect(Object.keys(parameterSchemaFromSource({ file, exportName: "records" }).properties)).toEqual([
      "scores",
      "points",
      "either",
    ]);
    utimesSync(file, mtime + 5, mtime + 5);
    expect(Object.keys(parameterSchemaFromSource({ file, exportName: "records" }).properties)).toEqual([
      "renamed",
      "points",
      "either",
    ]);
  });

  it("names file:export and the fix for a missing file, a missing export, a non-flow and a bad function argument", () => {
    const missing = path.join(fixtures, "nope.ts");
    expect(() => parameterSchemaFromSource({ file: missing, exportName: "f" })).toThrow(EntrypointError);
    expect(() => parameterSchemaFromSource({ file: missing, exportName: "f" })).toThrow(/nope\.ts:f.*does not exist/);
    expect(() => fromBasic("absent")).toThrow(EntrypointError);
    expect(() => fromBasic("absent")).toThrow(/basic-flows\.ts:absent.*export const absent = flow/);
    expect(() => fromBasic("notAFlow")).toThrow(
      /basic-flows\.ts:notAFlow' is not a flow: its value is not a flow\(\.\.\.\) call/,
    );
    expect(() => fromBasic("badArgument")).toThrow(/basic-flows\.ts:badArgument' is not a flow: its function argument/);
    expect(() => fromBasic("zodFlow")).toThrow(/zod schema.*parameterSchemaFromZod\(zodFlow\.options\.parameters\)/);
  });
});

describe("parameterSchemaFromZod", () => {
  it("gives the input-side schema: defaults optional, descriptions, enum, nested object, $ref to definitions", () => {
    expect(parameterSchemaFromZod(ordersParameters)).toEqual({
      title: "Parameters",
      type: "object",
      properties: {
        customer: { title: "customer", type: "string", position: 0, description: "Who ordered" },
        quantity: {
          title: "quantity",
          type: "integer",
          minimum: Number.MIN_SAFE_INTEGER,
          maximum: Number.MAX_SAFE_INTEGER,
          position: 1,
          default: 1,
        },
        priority: { title: "priority", type: "string", enum: ["low", "high"], position: 2, default: "low" },
        shipping: {
          title: "shipping",
          type: "object",
          properties: { express: { type: "boolean" }, notes: { type: "array", items: { type: "string" } } },
          required: ["express", "notes"],
          position: 3,
          description: "How to ship",
        },
        address: { title: "address", allOf: [{ $ref: "#/definitions/Address" }], position: 4 },
      },
      required: ["customer", "shipping"],
      definitions: {
        Address: {
          type: "object",
          properties: { city: { type: "string" }, zip: { type: "string" } },
          required: ["city"],
        },
      },
    });
  });

  it("drops an empty required list and keeps empty definitions", () => {
    expect(parameterSchemaFromZod(z.object({ n: z.number().default(2) }))).toEqual({
      title: "Parameters",
      type: "object",
      properties: { n: { title: "n", type: "number", position: 0, default: 2 } },
      definitions: {},
    });
  });

  it("refuses a schema that is not a z.object with a ConfigError naming the fix", () => {
    expect(() => parameterSchemaFromZod(z.string())).toThrow(ConfigError);
    expect(() => parameterSchemaFromZod(z.string())).toThrow(/`parameters` must be a z\.object\(\.\.\.\)/);
  });
});

describe("descriptions beside inlined types", () => {
  it("keeps a parameter's @param text when its type is inlined (Integer, Record)", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "prefect-ts-schema-desc-"));
    const file = path.join(dir, "copy.ts");
    writeFileSync(
      file,
      [
        'import { flow, type Integer } from "prefect-ts";',
        "/**",
        " * Copies rows.",
        " * @param batch - rows per insert",
        " * @param labels - extra labels",
        " */",
        'export const copy = flow({ name: "copy" }, async (batch: Integer = 500, labels: Record<string, string> = {}) => batch);',
      ].join("\n"),
    );
    const schema = parameterSchemaFromSource({ file, exportName: "copy" });
    expect(schema.properties.batch).toEqual({
      type: "integer",
      title: "batch",
      position: 0,
      default: 500,
      description: "rows per insert",
    });
    expect(schema.properties.labels).toMatchObject({
      type: "object",
      additionalProperties: { type: "string" },
      description: "extra labels",
    });
  });
});

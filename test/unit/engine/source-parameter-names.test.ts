// Parameter names as written when the code that runs renamed them: read at the definition site in the module's text,
// only when its source map says the transpiler renamed something (esbuild's `n` -> `n2`).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DefinitionSite } from "../../../src/engine/definition-site.js";
import { resolveParameterSignature } from "../../../src/engine/source-parameter-names.js";

const MODULE = [
  `import { task } from "prefect-ts";`,
  `const n = 12;`,
  `export const square = task(function square(this: unknown, n: number, { a }: { a: number }, ...rest: number[]) { return n; });`,
  `async function named(n: number) { return n; }`,
  `export const byName = task(named);`,
].join("\n");

function moduleFile(): string {
  const file = join(mkdtempSync(join(tmpdir(), "prefect-ts-names-")), "squares.ts");
  writeFileSync(file, MODULE);
  return file;
}

/** A function as esbuild emits it after renaming (`new Function` keeps the text exactly). */
function running(source: string): (...args: never[]) => unknown {
  return new Function(`return (${source});`)() as (...args: never[]) => unknown;
}

const site =
  (file: string, line: number, column: number, renamed: string[]): (() => DefinitionSite) =>
  () => ({ file, line, column, mapped: true, renamed: new Set(renamed) });

// The first test loads TypeScript's parser, which takes seconds on a busy machine.
describe("resolveParameterSignature", { timeout: 60_000 }, () => {
  it("reads the names written at the site when the source map lists a renamed one", () => {
    const file = moduleFile();
    const fn = running("function square2(n2, { a }, ...rest) { return n2; }");
    expect(resolveParameterSignature(fn, site(file, 3, 23, ["n", "square"]))).toEqual({
      names: ["n", "1"],
      rest: "rest",
    });
    expect(
      resolveParameterSignature(running("async function named(n2) { return n2; }"), site(file, 5, 23, ["n"])),
    ).toEqual({ names: ["n"], rest: null });
  });

  it("keeps the running names when nothing was renamed, the site shows another shape, or the module is gone", () => {
    const file = moduleFile();
    const fn = running("function square2(n2, { a }, ...rest) { return n2; }");
    expect(resolveParameterSignature(fn, site(file, 3, 23, [])).names).toEqual(["n2", "1"]);
    expect(resolveParameterSignature(running("function f(n2, b) {}"), site(file, 3, 23, ["n"])).names).toEqual([
      "n2",
      "b",
    ]);
    expect(resolveParameterSignature(fn, site(join(file, "missing.ts"), 3, 23, ["n"])).names).toEqual(["n2", "1"]);
    expect(resolveParameterSignature(fn, undefined).names).toEqual(["n2", "1"]);
  });
});

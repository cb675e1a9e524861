// The parameter names recorded for flow and task runs are the ones written in the source, whatever runs: the module
// loaded through tsx (whose esbuild renames a parameter shadowing a top-level name: `n` -> `n2`) and compiled by tsc.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { runNode } from "../helpers/run-node.js";
import { cliEnv, ROOT, tempHome } from "./cli-helpers.js";
import { TS_RUN } from "../helpers/cli-entry.js";

const FIXTURE = "test/fixtures/parameter-names/squares.ts";
const EXPECTED = { flowRunParameters: ["n", "pattern", "flags", "more"], taskInputs: [["n"], ["n"]] };
const dirs: string[] = [];

/** Runs a module as a user would (the package by its name, TypeScript through tsx) and returns the names it printed. */
async function recordedNames(file: string): Promise<unknown> {
  const home = tempHome();
  dirs.push(home);
  const result = await runNode([...TS_RUN, file], {
    cwd: ROOT,
    env: cliEnv({ PREFECT_HOME: home }),
  });
  expect(result.code, result.stderr).toBe(0);
  const line = result.stdout.split("\n").find((l) => l.startsWith("{"));
  expect(line, result.stdout).toBeDefined();
  return JSON.parse(line!);
}

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe("recorded parameter names", () => {
  it("under tsx are the names written, not esbuild's renamed ones", async () => {
    expect(await recordedNames(join(ROOT, FIXTURE))).toEqual(EXPECTED);
  });

  it("after tsc are the names written", async () => {
    // tsc's emitter, as `tsc` runs it, into a project that has the package installed (a link to this repository).
    const project = mkdtempSync(join(tmpdir(), "prefect-ts-tsc-"));
    dirs.push(project);
    mkdirSync(join(project, "node_modules"));
    symlinkSync(ROOT, join(project, "node_modules", "prefect-ts"), "dir");
    writeFileSync(join(project, "package.json"), JSON.stringify({ type: "module" }));
    const compiled = ts.transpileModule(readFileSync(join(ROOT, FIXTURE), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
      fileName: "squares.ts",
    });
    expect(compiled.outputText).toContain("function square(n)");
    writeFileSync(join(project, "squares.js"), compiled.outputText);
    expect(await recordedNames(join(project, "squares.js"))).toEqual(EXPECTED);
  });
});

// The in-memory compilation of a flow's file: its text plus appended synthetic aliases, "prefect-ts" resolved to a
// tiny declaration stub (not the library itself), and the TypeScript lib files parsed once per process.
import { statSync } from "node:fs";
import path from "node:path";
import type TS from "typescript";
import { ts } from "../typescript.js";

const SELF_MODULE = /^prefect-ts(\/|$)/;
/** What a flow's parameter types may use from "prefect-ts" itself; the rest of its exports resolve to nothing. */
const STUB_FILE = path.join(path.sep, "__prefect_ts_stub__", "index.d.ts");
const STUB_TEXT = 'export type Integer = number & { readonly __prefectType?: "integer" };\n';

/** Options of every compilation: ES2023 lib only, no global `@types` (keeps one compilation ~0.1-0.2 s). */
export const COMPILER_OPTIONS: TS.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
  lib: ["lib.es2023.d.ts"],
};

/** Parsed files that never change while the process runs (TypeScript's lib files, the stub), by path. */
const stableFiles = new Map<string, TS.SourceFile>();
const libDir = path.dirname(ts.getDefaultLibFilePath(COMPILER_OPTIONS));

/** A compiled flow file and the local files it pulled in with their modification times (for cache checks). */
export interface CompiledFile {
  program: TS.Program;
  /** Non-lib source files of the program and their `mtimeMs` when compiled. */
  inputs: ReadonlyArray<readonly [string, number]>;
}

/** Compiles `file` with `overlay` as its text. */
export function compileWithOverlay(file: string, overlay: string): CompiledFile {
  const host = ts.createCompilerHost(COMPILER_OPTIONS);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name === STUB_FILE || fileExists(name);
  host.readFile = (name) => (name === STUB_FILE ? STUB_TEXT : path.resolve(name) === file ? overlay : readFile(name));
  host.getSourceFile = (name, lang, ...rest) => {
    if (path.resolve(name) === file) return ts.createSourceFile(name, overlay, lang, true);
    const stable = name === STUB_FILE || path.dirname(name) === libDir;
    const hit = stable ? stableFiles.get(name) : undefined;
    if (hit) return hit;
    const parsed =
      name === STUB_FILE ? ts.createSourceFile(name, STUB_TEXT, lang, true) : getSourceFile(name, lang, ...rest);
    if (stable && parsed) stableFiles.set(name, parsed);
    return parsed;
  };
  host.resolveModuleNameLiterals = (literals, containing, redirected, options) =>
    literals.map((lit) =>
      SELF_MODULE.test(lit.text)
        ? {
            resolvedModule: {
              resolvedFileName: STUB_FILE,
              extension: ts.Extension.Dts,
              isExternalLibraryImport: false,
            },
          }
        : ts.resolveModuleName(lit.text, containing, options, host, undefined, redirected),
    );
  const program = ts.createProgram([file], COMPILER_OPTIONS, host);
  const inputs: Array<readonly [string, number]> = [];
  for (const sf of program.getSourceFiles()) {
    if (sf.fileName === STUB_FILE || path.dirname(sf.fileName) === libDir) continue;
    inputs.push([sf.fileName, mtimeOf(sf.fileName)]);
  }
  return { program, inputs };
}

/** Whether every input of a compilation still has the modification time it had. */
export function inputsUnchanged(inputs: CompiledFile["inputs"]): boolean {
  return inputs.every(([name, mtime]) => mtimeOf(name) === mtime);
}

function mtimeOf(name: string): number {
  try {
    return statSync(name).mtimeMs;
  } catch {
    return -1;
  }
}

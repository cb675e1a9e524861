// Where user code called us: the first stack frame outside this package, captured cheaply (no stack formatting) and
// mapped lazily through the module's source map (tsx registers one per file) to the line and column the user wrote.
// What a site is used for lives with its readers: parameter names (source-parameter-names.ts), entrypoints (deploy/).
import { realpathSync } from "node:fs";
import { findSourceMap } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { RUNNING_FROM_SOURCE, packagePath } from "../settings/index.js";

/** A position in a user's module, as the user wrote it. */
export interface DefinitionSite {
  /** The module's file, absolute. */
  readonly file: string;
  /** 1-based line of the call, in the file as written when a source map maps it, else in the code that ran. */
  readonly line: number;
  /** 1-based column of the call (as `line`). */
  readonly column: number;
  /** True when a source map mapped the position (it is then the user's own text, whatever ran). */
  readonly mapped: boolean;
  /**
   * Identifiers the transpiler renamed in this module, by their original names (the source map's `names`, which
   * esbuild fills for each renamed identifier); empty without a source map.
   */
  readonly renamed: ReadonlySet<string>;
}

let ownFolder: string | undefined;

/**
 * This package's own source or build folder, by its real path (stack frames name a module's real file, even where a
 * folder on the way is a link): frames from it are not the user's. Looked up at the first site, not at import.
 */
function packageFolder(): string {
  if (ownFolder !== undefined) return ownFolder;
  const folder = packagePath(RUNNING_FROM_SOURCE ? "src" : "dist");
  try {
    ownFolder = realpathSync.native(folder);
  } catch {
    ownFolder = folder;
  }
  return ownFolder;
}

interface RawFrame {
  /** As V8 reports it: a `file://` URL (ES modules) or a path (CommonJS). */
  readonly name: string;
  readonly line: number;
  readonly column: number;
}

function rawFrames(skip: (...args: never[]) => unknown): RawFrame[] {
  const previous = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  try {
    Error.stackTraceLimit = 50;
    // Our own formatter receives V8's call sites unformatted: no source-map lookups until a site is resolved.
    Error.prepareStackTrace = (_error, frames: NodeJS.CallSite[]) =>
      frames.map((f) => ({
        name: f.getFileName() ?? "",
        line: f.getLineNumber() ?? 0,
        column: f.getColumnNumber() ?? 0,
      }));
    const holder: { stack?: unknown } = {};
    Error.captureStackTrace(holder, skip);
    return Array.isArray(holder.stack) ? (holder.stack as RawFrame[]) : [];
  } finally {
    Error.prepareStackTrace = previous;
    Error.stackTraceLimit = previousLimit;
  }
}

function isUserFile(file: string): boolean {
  return (
    path.isAbsolute(file) &&
    !file.startsWith(packageFolder() + path.sep) &&
    !file.includes(`${path.sep}node_modules${path.sep}`)
  );
}

function fileOf(name: string): string | undefined {
  if (name === "" || name.startsWith("node:") || name.startsWith("internal/")) return undefined;
  try {
    return name.startsWith("file://") ? fileURLToPath(name) : name;
  } catch {
    return undefined;
  }
}

/** The first frame outside this package, Node's internals and node_modules: the user's module calling us. */
function userFrame(skip: (...args: never[]) => unknown): { frame: RawFrame; file: string } | undefined {
  for (const frame of rawFrames(skip)) {
    const file = fileOf(frame.name);
    if (file !== undefined && isUserFile(file)) return { frame, file };
  }
  return undefined;
}

/** The file of the user's module on the stack (the first frame outside this package), if any. */
export function userCallerFile(): string | undefined {
  return userFrame(userCallerFile)?.file;
}

function resolveSite(frame: RawFrame, file: string): DefinitionSite {
  const map = findSourceMap(frame.name) ?? (frame.name === file ? undefined : findSourceMap(file));
  if (map !== undefined) {
    const entry = map.findEntry(frame.line - 1, frame.column - 1) as {
      originalSource?: string;
      originalLine?: number;
      originalColumn?: number;
    };
    const original = entry.originalSource === undefined ? undefined : fileOf(entry.originalSource);
    if (original !== undefined && entry.originalLine !== undefined && entry.originalColumn !== undefined) {
      return {
        file: original,
        line: entry.originalLine + 1,
        column: entry.originalColumn + 1,
        mapped: true,
        renamed: new Set(map.payload.names ?? []),
      };
    }
  }
  return { file, line: frame.line, column: frame.column, mapped: false, renamed: new Set() };
}

/**
 * Captures the user's call site now (call it from `flow()`/`task()` itself) and returns a function that resolves
 * it, through the module's source map, on first use; undefined when no user frame is on the stack (a REPL, `-e`).
 */
export function captureDefinitionSite(): (() => DefinitionSite) | undefined {
  const found = userFrame(captureDefinitionSite);
  if (found === undefined) return undefined;
  let site: DefinitionSite | undefined;
  return () => (site ??= resolveSite(found.frame, found.file));
}

// Where this copy of prefect-ts keeps its own files (package.json, dist/, src/), whichever way it runs: from src/
// under tsx or vitest, from dist/ as built (an entry file at dist/'s top, a chunk in dist/chunks/, a CLI file in
// dist/cli/), or installed in a project's node_modules. Found by walking up from the running module to the
// package.json named prefect-ts, so no caller depends on how deep its own file sits.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "prefect-ts";

let root: string | undefined;

function isOurPackageJson(file: string): boolean {
  if (!existsSync(file)) return false;
  try {
    return (JSON.parse(readFileSync(file, "utf8")) as { name?: unknown }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}

/**
 * The folder of prefect-ts's package.json (this installation's root). Where there is none above the running module
 * (prefect-ts bundled into an application), two folders up from the module's own, where src/settings/ and
 * dist/chunks/ have it.
 */
export function packageRoot(): string {
  if (root !== undefined) return root;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isOurPackageJson(join(dir, "package.json"))) return (root = dir);
    if (dirname(dir) === dir) return (root = dirname(dirname(start)));
  }
}

/** A path inside this installation, e.g. `packagePath("dist", "ui")`. */
export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}

/** The installation's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath("package.json"), "utf8")) as { version: string }).version;
}

/** True when this copy runs as its TypeScript source (src/ under tsx or vitest), false when built (dist/). */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith(".ts");

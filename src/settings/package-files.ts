// Where this copy of prefect-ts keeps its own files (package.json, dist/, src/), whichever way it runs: from src/
// under tsx or vitest, from dist/ as built (an entry file at dist/'s top, a chunk in dist/chunks/, a CLI file in
// dist/cli/), or installed in a project's node_modules. Found by walking up from the running module to the
// package.json named prefect-ts, so no caller depends on how deep its own file sits.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "prefect-ts";

interface Installation {
  readonly root: string;
  /** Its package.json, as read while looking for it (absent in the fallback). */
  readonly manifest?: { readonly version?: string };
}

let installation: Installation | undefined;

function manifestAt(file: string): Installation["manifest"] | undefined {
  try {
    const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: string };
    return manifest.name === PACKAGE_NAME ? manifest : undefined;
  } catch {
    return undefined; // no file there, or not JSON
  }
}

function locate(): Installation {
  if (installation !== undefined) return installation;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = manifestAt(join(dir, "package.json"));
    if (manifest !== undefined) return (installation = { root: dir, manifest });
    if (dirname(dir) === dir) return (installation = { root: dirname(dirname(start)) });
  }
}

/**
 * The folder of prefect-ts's package.json (this installation's root). Where there is none above the running module
 * (prefect-ts bundled into an application), two folders up from the module's own, where src/settings/ and
 * dist/chunks/ have it.
 */
export function packageRoot(): string {
  return locate().root;
}

/** A path inside this installation, e.g. `packagePath("dist", "ui")`. */
export function packagePath(...segments: string[]): string {
  return join(packageRoot(), ...segments);
}

/** The installation's version, from its package.json ("unknown" where there is none above the running module). */
export function packageVersion(): string {
  return locate().manifest?.version ?? "unknown";
}

/** True when this copy runs as its TypeScript source (src/ under tsx or vitest), false when built (dist/). */
export const RUNNING_FROM_SOURCE = import.meta.url.endsWith(".ts");

// Which copy of the CLI tests start as a process: the built one (`node dist/cli/main.js`, about half the start-up
// CPU: nothing transpiled per start) when dist/ is newer than every file of src/, else src/ through tsx. CI builds
// dist/ in `npm ci` (prepare) after the clone, so it runs the built CLI; a local edit to src/ makes dist/ stale and
// the tests fall back to the source, never to an old build.
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = resolve(import.meta.dirname, "../..");

/** The newest modification time (ms) of any file under `dir`. */
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Whether dist/ holds a build of the current src/ (its CLI entry written after every source file's last change). */
export function distIsFresh(): boolean {
  try {
    return statSync(join(ROOT, "dist/cli/main.js")).mtimeMs >= newestMtime(join(ROOT, "src"));
  } catch {
    return false;
  }
}

/**
 * Node arguments that start the CLI from any working directory: the build when fresh (see {@link distIsFresh}), else
 * the source through tsx (its loader named by file, so a directory outside the repository can start it too).
 */
export const CLI_ENTRY: readonly string[] = distIsFresh()
  ? [join(ROOT, "dist/cli/main.js")]
  : [
      "--conditions=prefect-ts-source",
      "--import",
      pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href,
      join(ROOT, "src/cli/main.ts"),
    ];

/**
 * Node arguments that run a user's TypeScript file of this repository with tsx, as `npx tsx file.ts` does: its
 * `import "prefect-ts"` gets the fresh build (nothing of src/ transpiled), else the source (the prefect-ts-source
 * condition), the same copy the CLI above uses.
 */
export const TS_RUN: readonly string[] = distIsFresh()
  ? ["--import", pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href]
  : ["--conditions=prefect-ts-source", "--import", pathToFileURL(join(ROOT, "node_modules/tsx/dist/loader.mjs")).href];

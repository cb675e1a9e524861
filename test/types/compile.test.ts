// The type tests: each *.test-d.ts states the public API's types with vitest's expectTypeOf and marks what must not
// compile with @ts-expect-error, so they hold exactly when those files compile. They import the package by its name,
// as a user does, and tsc checks them here against the published declarations (dist/*.d.ts) when dist/ is a build of
// the current src/, else against src/ (the source condition); `npm run typecheck` checks them against src/ too. A
// runtime test rather than vitest's typecheck mode: vitest runs a typecheck project after every other file, on one
// core (15 s at the end of the suite in CI), while this test runs beside the others. Incremental, as vitest's was:
// the build info, a cache of what was checked by file hash, is kept in node_modules/.cache. Cold, the declarations
// take about 9 CPU-s, the source 25 (it type-checks all of src/, the server included).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { distIsFresh } from "../helpers/cli-entry.js";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

it("compiles the type tests: every expectTypeOf holds and every @ts-expect-error line is an error", async () => {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const against = distIsFresh() ? "declarations" : "source";
  const buildInfo = join(ROOT, "node_modules", ".cache", "prefect-ts", `type-tests-${against}.tsbuildinfo`);
  const args = [tsc, "-p", "test/types/tsconfig.json", "--incremental", "--tsBuildInfoFile", buildInfo];
  if (against === "source") args.push("--customConditions", "prefect-ts-source");
  const result = await run(process.execPath, args, { cwd: ROOT }).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? String(error),
  }));
  expect(result.stdout.trim()).toBe("");
}, 120_000);

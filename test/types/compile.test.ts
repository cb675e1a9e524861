// The type tests: each *.test-d.ts states the public API's types with vitest's expectTypeOf and marks what must not
// compile with @ts-expect-error, so they hold exactly when those files compile. tsc checks them here with the
// repository's compiler options (test/types/tsconfig.json) and prints nothing when they hold. A runtime test rather
// than vitest's typecheck mode: vitest runs a typecheck project after every other file, on one core (15 s at the end
// of the suite in CI), while this test runs beside the others. Incremental, as vitest's was: the build info, a cache
// of what was checked by file hash, is kept in node_modules/.cache (about 18 CPU-s cold, 4 once it is there).
import { execFile } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { expect, it } from "vitest";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../../", import.meta.url));

it("compiles the type tests: every expectTypeOf holds and every @ts-expect-error line is an error", async () => {
  const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
  const buildInfo = join(ROOT, "node_modules", ".cache", "prefect-ts", "type-tests.tsbuildinfo");
  const args = [tsc, "-p", "test/types/tsconfig.json", "--incremental", "--tsBuildInfoFile", buildInfo];
  const result = await run(process.execPath, args, { cwd: ROOT }).catch((error: { stdout?: string }) => ({
    stdout: error.stdout ?? String(error),
  }));
  expect(result.stdout.trim()).toBe("");
}, 120_000);

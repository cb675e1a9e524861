// vitest globalSetup: the whole run works in one scratch directory, removed when the run ends. os.tmpdir() of the
// workers and of every process they start (CLI commands, flow scripts, executors, Chromium's profiles) reads TMPDIR,
// so every temp directory a test makes lands inside it, and a run leaves nothing in the system's temp dir even when a
// process is killed before it cleans up after itself.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "prefect-ts-test-run-"));
  // Set before vitest starts its workers, which inherit this environment (and hand it to their children).
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  };
}

// Serving flow and task runs loads only what they need: the embedded server behind a plain flow call never loads the
// parameter-schema validator (ajv), the schedule maths (cron-parser, rrule, luxon), the HTTP server, `ws`, or the
// routes of deployments, work pools, work queues, variables and blocks; the first deployment with a schedule and an
// enforced parameter schema loads what it needs, and is served as before. Checked in a child process: ES modules
// through a resolve hook, CommonJS ones from the require cache.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const child = fileURLToPath(new URL("./fixtures/serve-one-flow-run.ts", import.meta.url));
const hook = new URL("../perf/fixtures/record-imports.mjs", import.meta.url).href;
const MARK = "--- deployment ---";
const LAZY = ["ajv", "ajv-formats", "cron-parser", "rrule", "luxon", "ws", "@hono/node-server"];
const LAZY_ROUTES = ["deployments", "work-pools", "work-queues", "variables", "block-types", "block-documents"];

/** Packages by name, and the server's route modules as `routes/<name>`. */
function packagesIn(lines: readonly string[]): Set<string> {
  const names = new Set<string>();
  for (const line of lines) {
    const m = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(line);
    if (m) names.add(m[1]!);
    const route = /\/src\/server\/routes\/([a-z-]+)\.ts$/.exec(line);
    if (route) names.add(`routes/${route[1]!}`);
  }
  return names;
}

describe("server imports", () => {
  let dir: string;
  let before: Set<string>;
  let after: Set<string>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "prefect-ts-lazy-server-"));
    const record = join(dir, "imports.txt");
    await promisify(execFile)(process.execPath, ["--import", "tsx", "--import", hook, child, join(dir, "prefect.db")], {
      env: { ...process.env, RECORD_IMPORTS_FILE: record },
      timeout: 30_000,
    });
    const lines = (await readFile(record, "utf8")).split("\n");
    const mark = lines.indexOf(MARK);
    expect(mark).toBeGreaterThan(0);
    before = packagesIn(lines.slice(0, mark));
    after = packagesIn(lines.slice(mark + 1));
  }, 40_000);

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("records a flow run with a task run without loading ajv, the schedule maths, the HTTP server or ws", () => {
    expect(LAZY.filter((name) => before.has(name))).toEqual([]);
    expect(before.has("better-sqlite3")).toBe(true);
  });

  it("records it without loading the routes a flow call never asks for", () => {
    expect(LAZY_ROUTES.filter((name) => before.has(`routes/${name}`))).toEqual([]);
    expect(before.has("routes/flow-runs")).toBe(true);
  });

  it("loads ajv and the schedule maths for the first deployment that needs them", () => {
    for (const name of ["ajv", "ajv-formats", "cron-parser", "rrule", "luxon", "routes/deployments"])
      expect(after.has(name), name).toBe(true);
  });
});

// The README's TypeScript examples as a whole: every example has a plan (readme-helpers.ts) and a group file that
// runs it as written (readme-<group>.test.ts, one per README part, so they run side by side), every example
// type-checks against the package, and the settings table is the one generated from src/settings/keys.ts.
import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { distIsFresh } from "../helpers/cli-entry.js";
import { ROOT } from "./cli-helpers.js";
import { missingGroupFiles, PLANS, README_GROUPS, readmeExamples, writeExamples } from "./readme-helpers.js";

const run = promisify(execFile);
const examples = await readmeExamples();

describe("README examples", () => {
  let dir: string;

  beforeAll(async () => {
    dir = await writeExamples(examples);
    // A user's project sees the package's declarations: the fresh build's (dist/*.d.ts, as an install has them, and
    // no src/ to check), else the source through the prefect-ts-source condition, the same copy the runs use.
    const compilerOptions = distIsFresh() ? { noEmit: true, customConditions: [] } : { noEmit: true };
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: "../../tsconfig.json", include: ["*.ts"], compilerOptions }),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("has a plan for every example, every plan finds its example, and every plan's group has its file", () => {
    expect(examples.length).toBeGreaterThanOrEqual(15);
    expect(examples.filter((e) => e.plan === undefined).map((e) => e.code.split("\n").slice(0, 3).join("\n"))).toEqual(
      [],
    );
    const found = new Set(examples.map((e) => e.plan));
    expect(PLANS.filter((p) => !found.has(p.plan)).map((p) => p.match)).toEqual([]);
    expect(PLANS.filter((p) => !README_GROUPS.includes(p.plan.group)).map((p) => p.match)).toEqual([]);
    expect(missingGroupFiles()).toEqual([]);
  });

  it("type-checks every example", async () => {
    const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: ROOT }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout.trim()).toBe("");
  }, 300_000);

  it("shows the settings table generated from src/settings/keys.ts", async () => {
    const script = join(ROOT, "scripts", "settings-table.ts");
    await expect(run(process.execPath, ["--import", "tsx", script, "--check"], { cwd: ROOT })).resolves.toBeDefined();
  });
});

// The README's TypeScript examples type-check against the package as written, and the self-contained ones run.
// Each ```ts block becomes a module in a temp folder inside the repo (so "prefect-ts" resolves to src/).
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const run = promisify(execFile);

/** The ```ts blocks of the README, in order. */
async function readmeSnippets(): Promise<string[]> {
  const readme = await readFile(join(root, "README.md"), "utf8");
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

describe("README examples", () => {
  let dir: string;
  let snippets: string[];
  let home: string;

  beforeAll(async () => {
    snippets = await readmeSnippets();
    dir = await mkdtemp(join(root, "test", ".readme-"));
    home = await mkdtemp(join(tmpdir(), "prefect-ts-readme-"));
    // `export {}` makes each block a module, so top-level await and same-named constants do not clash.
    await Promise.all(snippets.map((code, i) => writeFile(join(dir, `snippet-${i}.ts`), `${code}\nexport {};\n`)));
    await writeFile(
      join(dir, "tsconfig.json"),
      JSON.stringify({ extends: "../../tsconfig.json", include: ["*.ts"], compilerOptions: { noEmit: true } }),
    );
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(home, { recursive: true, force: true });
  });

  it("has examples", () => {
    expect(snippets.length).toBeGreaterThanOrEqual(8);
  });

  it("type-checks every example", async () => {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const result = await run(process.execPath, [tsc, "-p", join(dir, "tsconfig.json")], { cwd: root }).catch(
      (error: { stdout?: string }) => ({ stdout: error.stdout ?? String(error) }),
    );
    expect(result.stdout.trim()).toBe("");
  });

  it("shows the settings table generated from src/settings/keys.ts", async () => {
    const script = join(root, "scripts", "settings-table.ts");
    await expect(run(process.execPath, ["--import", "tsx", script, "--check"], { cwd: root })).resolves.toBeDefined();
  });

  it("runs the first example (hello flow) and prints its greeting", async () => {
    const env: Record<string, string | undefined> = { ...process.env, PREFECT_HOME: home, PREFECT_LOGGING_LEVEL: "WARNING" };
    delete env.PREFECT_API_URL;
    const { stdout } = await run(
      process.execPath,
      ["--conditions=prefect-ts-source", "--import", "tsx", join(dir, "snippet-0.ts")],
      { cwd: root, env, timeout: 60_000 },
    );
    expect(stdout).toContain("Hello, Ada!");
  });
});

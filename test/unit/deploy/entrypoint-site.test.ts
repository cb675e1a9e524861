// Finding a flow's entrypoint: the module that defines it (relative to cwd) and the name that module exports it under.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entrypointPath, findEntrypoint } from "../../../src/deploy/entrypoint-site.js";
import { EntrypointError } from "../../../src/errors.js";

function moduleWith(source: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "prefect-ts-entry-"));
  const file = join(dir, "flows", "etl.ts");
  mkdirSync(join(dir, "flows"));
  writeFileSync(file, source);
  return { dir, file };
}

// The first test loads TypeScript's parser, which takes seconds on a busy machine.
describe("findEntrypoint", { timeout: 60_000 }, () => {
  it("finds the export bound to the flow by its name option, relative to cwd", async () => {
    const { dir, file } = moduleWith(`
      import { flow } from "prefect-ts";
      export const first = flow({ name: "first" }, async () => 1);
      export const second = flow({ name: "second", retries: 1 }, async (x: number) => x);
      await second.serve({ name: "s" });
    `);
    expect(await findEntrypoint({ name: "second", fn: { name: "" } }, { file, cwd: dir })).toEqual({
      entrypoint: "flows/etl.ts:second",
      path: dir,
    });
  });

  it("matches by the function's name, and through `export { x }`", async () => {
    const { dir, file } = moduleWith(`
      import { flow } from "prefect-ts";
      async function getRepoInfo(repo: string) { return repo; }
      const repoFlow = flow(getRepoInfo);
      export const other = flow({ name: "other" }, async () => 1);
      export { repoFlow };
    `);
    expect(
      (await findEntrypoint({ name: "get-repo-info", fn: { name: "getRepoInfo" } }, { file, cwd: dir })).entrypoint,
    ).toBe("flows/etl.ts:repoFlow");
  });

  it("takes the only exported flow when nothing else matches", async () => {
    const one = moduleWith(`export const only = flow(async function renamed() {});`);
    expect((await findEntrypoint({ name: "x", fn: { name: "y" } }, { file: one.file, cwd: one.dir })).entrypoint).toBe(
      "flows/etl.ts:only",
    );
  });

  it("refuses a flow its module does not export, naming the export to add", async () => {
    const none = moduleWith(
      `const hidden = flow({ name: "hidden" }, async () => 1); await hidden.serve({ name: "h" });`,
    );
    const found = findEntrypoint(
      { name: "hidden", fn: { name: "" } },
      { file: none.file, callerFile: none.file, cwd: none.dir },
    );
    await expect(found).rejects.toThrow(EntrypointError);
    await expect(found).rejects.toThrow("Flow 'hidden' is defined in flows/etl.ts but not exported from it");
    await expect(found).rejects.toThrow("`export const hidden = flow(...)` (or add `export { hidden };`)");
  });

  it("at a definition site, takes the binding of exactly that flow() or .with() call, however it is exported", async () => {
    const { dir, file } = moduleWith(
      [
        `import { flow } from "prefect-ts";`,
        `export const a = flow({ name: "same" }, async () => 1);`,
        `const b = a.with({ retries: 2 });`,
        `const c = (flow({ name: "same" }, async (n: number) => n) as unknown);`,
        `export { b as retried, c };`,
        `export default flow({ name: "same" }, async () => 3);`,
      ].join("\n"),
    );
    const at = (line: number, column: number) => ({
      name: "same",
      fn: { name: "" },
      definedAt: () => ({ file, line, column, mapped: true, renamed: new Set<string>() }),
    });
    expect((await findEntrypoint(at(2, 18), { cwd: dir })).entrypoint).toBe("flows/etl.ts:a");
    expect((await findEntrypoint(at(3, 13), { cwd: dir })).entrypoint).toBe("flows/etl.ts:retried");
    expect((await findEntrypoint(at(4, 12), { cwd: dir })).entrypoint).toBe("flows/etl.ts:c");
    expect((await findEntrypoint(at(6, 16), { cwd: dir })).entrypoint).toBe("flows/etl.ts:default");
  });

  it("otherwise finds the export by importing the defining module and matching the flow by identity", async () => {
    const { dir } = moduleWith("");
    const file = join(dir, "flows", "made.mjs");
    writeFileSync(file, "export const made = globalThis.__entrypointSiteTestHandle;\n");
    const handle = Object.assign(() => undefined, { marker: true });
    (globalThis as Record<string, unknown>).__entrypointSiteTestHandle = handle;
    const flow = { name: "made-elsewhere", fn: { name: "" }, handle: () => handle };
    expect((await findEntrypoint(flow, { file, cwd: dir })).entrypoint).toBe("flows/made.mjs:made");
    // The caller's own module is still loading: it is never imported (that would wait for itself).
    await expect(findEntrypoint(flow, { file, callerFile: file, cwd: dir })).rejects.toThrow(EntrypointError);
  });

  it("uses posix separators, and an absolute path for a file outside cwd", () => {
    expect(entrypointPath("/srv/app/flows/a.ts", "/srv/app")).toBe("flows/a.ts");
    expect(entrypointPath("/elsewhere/a.ts", "/srv/app")).toBe("/elsewhere/a.ts");
  });
});

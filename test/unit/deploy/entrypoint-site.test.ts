// Finding a flow's entrypoint from the module that calls toDeployment()/serve(): file relative to cwd, export name.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { entrypointPath, findEntrypoint } from "../../../src/deploy/entrypoint-site.js";

function moduleWith(source: string): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), "prefect-ts-entry-"));
  const file = join(dir, "flows", "etl.ts");
  mkdirSync(join(dir, "flows"));
  writeFileSync(file, source);
  return { dir, file };
}

describe("findEntrypoint", () => {
  it("finds the export bound to the flow by its name option, relative to cwd", async () => {
    const { dir, file } = moduleWith(`
      import { flow } from "prefect-ts";
      export const first = flow({ name: "first" }, async () => 1);
      export const second = flow({ name: "second", retries: 1 }, async (x: number) => x);
      await second.serve({ name: "s" });
    `);
    expect(await findEntrypoint({ name: "second", fn: { name: "" } }, { file, cwd: dir })).toEqual({ entrypoint: "flows/etl.ts:second", path: dir });
  });

  it("matches by the function's name, and through `export { x }`", async () => {
    const { dir, file } = moduleWith(`
      import { flow } from "prefect-ts";
      async function getRepoInfo(repo: string) { return repo; }
      const repoFlow = flow(getRepoInfo);
      export const other = flow({ name: "other" }, async () => 1);
      export { repoFlow };
    `);
    expect((await findEntrypoint({ name: "get-repo-info", fn: { name: "getRepoInfo" } }, { file, cwd: dir })).entrypoint).toBe("flows/etl.ts:repoFlow");
  });

  it("takes the only exported flow when nothing matches, else falls back to the flow's name", async () => {
    const one = moduleWith(`export const only = flow(async function renamed() {});`);
    expect((await findEntrypoint({ name: "x", fn: { name: "y" } }, { file: one.file, cwd: one.dir })).entrypoint).toBe("flows/etl.ts:only");
    const none = moduleWith(`const hidden = flow({ name: "hidden" }, async () => 1); await hidden.serve({ name: "h" });`);
    expect((await findEntrypoint({ name: "hidden", fn: { name: "" } }, { file: none.file, cwd: none.dir })).entrypoint).toBe("flows/etl.ts:hidden");
  });

  it("uses posix separators, and an absolute path for a file outside cwd", () => {
    expect(entrypointPath("/srv/app/flows/a.ts", "/srv/app")).toBe("flows/a.ts");
    expect(entrypointPath("/elsewhere/a.ts", "/srv/app")).toBe("/elsewhere/a.ts");
  });
});

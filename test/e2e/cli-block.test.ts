// `prefect-ts block ...` in-process through the CLI's entry, on an embedded database (temp PREFECT_HOME): built-in
// types, create with --field, ls, inspect with the secret hidden, delete by slug and by id, and the messages for bad or missing blocks.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliInProcess, tempHome } from "./cli-helpers.js";

let home: string;
let env: Record<string, string>;

beforeAll(() => {
  home = tempHome();
  env = { PREFECT_HOME: home };
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe("prefect-ts block", () => {
  it("register and type ls show the built-in block types", async () => {
    const register = await runCliInProcess(["block", "register"], env);
    expect(register.code, register.stderr).toBe(0);
    expect(register.stdout).toContain("Successfully registered 5 blocks");
    const types = await runCliInProcess(["block", "type", "ls"], env);
    for (const slug of ["secret", "json", "string", "local-file-system", "remote-file-system"])
      expect(types.stdout).toContain(slug);
  });

  it("create, ls and inspect a secret (hidden) and a local file system; a missing field is named", async () => {
    const secret = await runCliInProcess(["block", "create", "secret", "db-password", "--field", "value=12345"], env);
    expect(secret.code, secret.stderr).toBe(0);
    expect(secret.stdout).toContain("Created block 'secret/db-password'.");
    const fs = await runCliInProcess(
      ["block", "create", "local-file-system", "dev", "--data", '{"basepath": "/tmp/flows"}'],
      env,
    );
    expect(fs.code, fs.stderr).toBe(0);
    const missing = await runCliInProcess(["block", "create", "secret", "no-value"], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("A secret block needs 'value': add --field value=...");

    const ls = await runCliInProcess(["block", "ls"], env);
    expect(ls.stdout).toContain("local-file-system/dev");
    expect(ls.stdout).toContain("secret/db-password");
    const inspect = await runCliInProcess(["block", "inspect", "secret/db-password"], env);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(JSON.parse(inspect.stdout)).toMatchObject({
      name: "db-password",
      block_type_slug: "secret",
      data: { value: "********" },
    });
  });

  it("delete by slug and by id; bad slugs and missing blocks are one-line errors", async () => {
    expect((await runCliInProcess(["block", "inspect", "secret"], env)).stderr).toContain(
      "Expected '<block_type_slug>/<block_document_name>'",
    );
    const del = await runCliInProcess(["block", "delete", "secret/db-password"], env);
    expect(del.code, del.stderr).toBe(0);
    expect(del.stdout).toContain("Deleted Block 'secret/db-password'.");
    const gone = await runCliInProcess(["block", "inspect", "secret/db-password"], env);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain("Block 'secret/db-password' not found!");
    const listed = JSON.parse((await runCliInProcess(["block", "ls", "-o", "json"], env)).stdout) as {
      id: string;
      name: string;
    }[];
    const dev = listed.find((b) => b.name === "dev");
    expect((await runCliInProcess(["block", "delete", "--id", dev!.id], env)).code).toBe(0);
    expect((await runCliInProcess(["block", "ls"], env)).stdout).toContain("No blocks found.");
  });
});

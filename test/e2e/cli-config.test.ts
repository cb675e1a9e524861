// The CLI's settings and profile commands, in-process through the CLI's entry (one usage error as a subprocess, for the
// bin's exit code): help, version, config set/view/unset/validate, profiles.
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ROOT, runCli, runCliInProcess, tempHome } from "./cli-helpers.js";

let home: string;
let env: Record<string, string>;
beforeEach(() => {
  home = tempHome();
  env = { PREFECT_HOME: home };
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

describe("prefect-ts CLI: basics", () => {
  it("prints help listing the commands", async () => {
    const r = await runCliInProcess(["--help"], env);
    expect(r.code).toBe(0);
    for (const noun of ["config", "profile", "server", "flow", "flow-run", "version"]) expect(r.stdout).toContain(noun);
  });

  it("prints the package version", async () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const r = await runCliInProcess(["--version"], env);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(version);
  });

  it("exits 2 on usage errors (as a process: the bin's exit code)", async () => {
    const unknown = await runCli(["config", "frobnicate"], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command");
    const badOption = await runCliInProcess(["flow", "ls", "--limit", "many"], env);
    expect(badOption.code).toBe(2);
    const badId = await runCliInProcess(["flow-run", "inspect", "not-a-uuid"], env);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toContain("not a valid UUID");
  });
});

describe("prefect-ts config", () => {
  it("sets, views and unsets values in the active profile", async () => {
    const set = await runCliInProcess(
      ["config", "set", "PREFECT_API_URL=http://127.0.0.1:9999/api", "PREFECT_LOGGING_LEVEL=debug"],
      env,
    );
    expect(set.code).toBe(0);
    expect(set.stdout).toContain("Set 'PREFECT_API_URL' to 'http://127.0.0.1:9999/api'.");
    expect(set.stdout).toContain("Updated profile 'ephemeral'.");
    const toml = readFileSync(join(home, "profiles.toml"), "utf8");
    expect(toml).toContain('active = "ephemeral"');
    expect(toml).toContain('PREFECT_LOGGING_LEVEL = "DEBUG"');

    const view = await runCliInProcess(["config", "view"], env);
    expect(view.code).toBe(0);
    expect(view.stdout).toContain("PREFECT_PROFILE='ephemeral'");
    expect(view.stdout).toContain("PREFECT_API_URL='http://127.0.0.1:9999/api' (from profile)");
    expect(view.stdout).not.toContain("PREFECT_SERVER_API_PORT");

    const defaults = await runCliInProcess(["config", "view", "--show-defaults"], env);
    expect(defaults.stdout).toContain("PREFECT_SERVER_API_PORT='4200' (from defaults)");

    const fromEnv = await runCliInProcess(["config", "view"], { ...env, PREFECT_LOGGING_LEVEL: "ERROR" });
    expect(fromEnv.stdout).toContain("PREFECT_LOGGING_LEVEL='ERROR' (from env)");

    const unset = await runCliInProcess(["config", "unset", "PREFECT_API_URL", "-y"], env);
    expect(unset.code).toBe(0);
    expect(unset.stdout).toContain("Unset 'PREFECT_API_URL'.");
    const after = await runCliInProcess(["config", "view"], env);
    expect(after.stdout).not.toContain("PREFECT_API_URL");
    expect(after.stdout).toContain("PREFECT_LOGGING_LEVEL='DEBUG'");
  });

  it("masks secrets unless --show-secrets", async () => {
    await runCliInProcess(["config", "set", "PREFECT_API_KEY=pnu_supersecret"], env);
    const view = await runCliInProcess(["config", "view"], env);
    expect(view.stdout).toContain("PREFECT_API_KEY='********' (from profile)");
    expect(view.stdout).not.toContain("pnu_supersecret");
    const shown = await runCliInProcess(["config", "view", "--show-secrets"], env);
    expect(shown.stdout).toContain("PREFECT_API_KEY='pnu_supersecret'");
  });

  it("refuses an invalid value with exit 1, naming key, value and what is allowed, and writes nothing", async () => {
    const r = await runCliInProcess(["config", "set", "PREFECT_SERVER_API_PORT=abc"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Invalid value "abc" for setting PREFECT_SERVER_API_PORT');
    expect(r.stderr).toContain("an integer from 0 to 65535");
    expect(r.stderr).not.toContain("    at ");
    const unknown = await runCliInProcess(["config", "set", "PREFECT_NOT_REAL=1"], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Unknown setting name "PREFECT_NOT_REAL"');
    const view = await runCliInProcess(["config", "view"], env);
    expect(view.stdout).not.toContain("PREFECT_SERVER_API_PORT");
  });

  it("reports an invalid environment value on any command, with the stack only under --debug", async () => {
    const r = await runCliInProcess(["config", "view"], { ...env, PREFECT_API_URL: "notaurl" });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Invalid value "notaurl" for setting PREFECT_API_URL (from env)');
    expect(r.stderr).not.toContain("    at ");
    const debug = await runCliInProcess(["--debug", "config", "view"], { ...env, PREFECT_API_URL: "notaurl" });
    expect(debug.code).toBe(1);
    expect(debug.stderr).toContain("    at ");
  });

  it("validates every profile", async () => {
    expect((await runCliInProcess(["config", "validate"], env)).stdout).toContain("Configuration valid!");
    writeFileSync(
      join(home, "profiles.toml"),
      `active = "a"\n[profiles.a]\n[profiles.b]\nPREFECT_LOGGING_LEVEL = "LOUD"\n`,
    );
    const r = await runCliInProcess(["config", "validate"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('PREFECT_LOGGING_LEVEL (from profile "b")');
  });
});

describe("prefect-ts profile", () => {
  it("creates, uses, lists, inspects and deletes profiles", async () => {
    const created = await runCliInProcess(["profile", "create", "dev"], env);
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Created profile 'dev'");
    expect((await runCliInProcess(["profile", "create", "dev"], env)).stderr).toContain(
      'Profile "dev" already exists.',
    );
    expect((await runCliInProcess(["profile", "create", "copy", "--from", "local"], env)).code).toBe(0);

    expect((await runCliInProcess(["profile", "use", "dev"], env)).stdout).toContain("Switched to profile 'dev'");
    await runCliInProcess(["config", "set", "PREFECT_SERVER_API_PORT=4300"], env);
    const ls = await runCliInProcess(["profile", "ls"], env);
    expect(ls.stdout).toMatch(/^\* dev$/m);
    expect(ls.stdout).toMatch(/^ {2}ephemeral$/m);
    expect(ls.stdout).toMatch(/^ {2}copy$/m);

    expect((await runCliInProcess(["profile", "inspect"], env)).stdout).toContain("PREFECT_SERVER_API_PORT='4300'");
    expect((await runCliInProcess(["profile", "inspect", "copy"], env)).stdout).toContain(
      "PREFECT_API_URL='http://127.0.0.1:4200/api'",
    );
    const json = await runCliInProcess(["profile", "inspect", "dev", "-o", "json"], env);
    expect(JSON.parse(json.stdout)).toEqual({ PREFECT_SERVER_API_PORT: "4300" });

    // --profile picks another profile for one command without changing the active one.
    const other = await runCliInProcess(["--profile", "copy", "config", "view"], env);
    expect(other.stdout).toContain("PREFECT_PROFILE='copy'");
    expect(other.stdout).toContain("PREFECT_API_URL='http://127.0.0.1:4200/api' (from profile)");

    const refused = await runCliInProcess(["profile", "delete", "dev"], env);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("cannot be deleted");
    const deleted = await runCliInProcess(["profile", "delete", "copy"], env);
    expect(deleted.code).toBe(0);
    expect(deleted.stdout).toContain("Removed profile 'copy'.");
    expect((await runCliInProcess(["profile", "ls"], env)).stdout).not.toContain("copy");
  });

  it("fails on an unknown --profile", async () => {
    const r = await runCliInProcess(["--profile", "ghost", "config", "view"], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Profile "ghost" not found');
  });
});

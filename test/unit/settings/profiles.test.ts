// The profiles file: defaults when missing, round trips keeping other profiles, validation before writing.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import {
  createProfile,
  deleteProfile,
  loadProfiles,
  setProfileValues,
  unsetProfileValues,
  useProfile,
} from "../../../src/settings/index.js";

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "prefect-ts-profiles-"));
  path = join(dir, "profiles.toml");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("profiles", () => {
  it("stands for Prefect 3's default profiles when the file is missing", () => {
    const file = loadProfiles(path);
    expect(file.active).toBe("ephemeral");
    expect(file.profiles["ephemeral"]).toEqual({});
    expect(file.profiles["local"]).toEqual({ PREFECT_API_URL: "http://127.0.0.1:4200/api" });
    expect(existsSync(path)).toBe(false);
  });

  it("writes Prefect's TOML format and keeps other profiles untouched", () => {
    writeFileSync(
      path,
      `active = "a"\n\n[profiles.a]\nPREFECT_API_URL = "http://a:1/api"\n\n[profiles.b]\nPREFECT_LOGGING_LEVEL = "DEBUG"\nSOMETHING_ELSE = "kept"\n`,
    );
    setProfileValues(path, "a", { PREFECT_SERVER_API_PORT: "4300", PREFECT_API_KEY: "k" });
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/^active = "a"/m);
    expect(text).toContain("[profiles.a]");
    expect(text).toContain('PREFECT_SERVER_API_PORT = "4300"');
    const file = loadProfiles(path);
    expect(file.profiles["a"]).toEqual({
      PREFECT_API_URL: "http://a:1/api",
      PREFECT_SERVER_API_PORT: "4300",
      PREFECT_API_KEY: "k",
    });
    expect(file.profiles["b"]).toEqual({ PREFECT_LOGGING_LEVEL: "DEBUG", SOMETHING_ELSE: "kept" });
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it("refuses invalid values and unknown keys before writing anything", () => {
    expect(() =>
      setProfileValues(path, "ephemeral", { PREFECT_API_URL: "http://ok/api", PREFECT_SERVER_API_PORT: "abc" }),
    ).toThrow(/"abc".*PREFECT_SERVER_API_PORT.*integer/);
    expect(existsSync(path)).toBe(false);
    expect(() => setProfileValues(path, "ephemeral", { PREFECT_NOPE: "1" })).toThrow(ConfigError);
    expect(existsSync(path)).toBe(false);
  });

  it("unsets values", () => {
    setProfileValues(path, "ephemeral", { PREFECT_API_URL: "http://x:1/api", PREFECT_LOGGING_LEVEL: "ERROR" });
    unsetProfileValues(path, "ephemeral", ["PREFECT_API_URL"]);
    expect(loadProfiles(path).profiles["ephemeral"]).toEqual({ PREFECT_LOGGING_LEVEL: "ERROR" });
    expect(() => unsetProfileValues(path, "ephemeral", ["PREFECT_API_URL"])).toThrow(/not set in profile "ephemeral"/);
  });

  it("creates (empty or from another), uses and deletes profiles", () => {
    createProfile(path, "dev");
    createProfile(path, "dev2", { from: "local" });
    expect(() => createProfile(path, "dev")).toThrow(/already exists/);
    expect(loadProfiles(path).profiles["dev2"]).toEqual({ PREFECT_API_URL: "http://127.0.0.1:4200/api" });
    useProfile(path, "dev");
    expect(loadProfiles(path).active).toBe("dev");
    expect(() => useProfile(path, "ghost")).toThrow(/Profile "ghost" not found/);
    deleteProfile(path, "dev2");
    expect(Object.keys(loadProfiles(path).profiles).sort()).toEqual(["dev", "ephemeral", "local"]);
  });

  it("refuses to delete the active profile", () => {
    createProfile(path, "dev");
    useProfile(path, "dev");
    expect(() => deleteProfile(path, "dev")).toThrow(ConfigError);
    expect(() => deleteProfile(path, "dev")).toThrow(/active profile and cannot be deleted/);
    expect(loadProfiles(path).profiles["dev"]).toEqual({});
  });

  it("reports a broken file as ConfigError naming it", () => {
    writeFileSync(path, "active = \n");
    expect(() => loadProfiles(path)).toThrow(new RegExp(`${path}.*not valid TOML`));
  });
});

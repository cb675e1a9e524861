// resolveSettings: precedence (override > env > profile > default), ${PREFECT_HOME} expansion, invalid values.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import { SETTINGS, resolveSettings, resolveSettingsWithSources, type Settings } from "../../../src/settings/index.js";

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), "prefect-ts-settings-"));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

function writeProfiles(text: string): void {
  writeFileSync(join(home, "profiles.toml"), text);
}

describe("resolveSettings", () => {
  it("returns Prefect's defaults, expanding ${PREFECT_HOME}", () => {
    const s: Settings = resolveSettings({ env: { PREFECT_HOME: home } });
    expect(s.PREFECT_API_URL).toBeUndefined();
    expect(s.PREFECT_SERVER_API_PORT).toBe(4200);
    expect(s.PREFECT_SERVER_API_HOST).toBe("127.0.0.1");
    expect(s.PREFECT_API_REQUEST_TIMEOUT).toBe(60);
    expect(s.PREFECT_CLIENT_MAX_RETRIES).toBe(5);
    expect(s.PREFECT_LOGGING_LEVEL).toBe("INFO");
    expect(s.PREFECT_LOGGING_TO_API_BATCH_SIZE).toBe(4_000_000);
    expect(s.PREFECT_API_DEFAULT_LIMIT).toBe(200);
    expect(s.PREFECT_RESULTS_PERSIST_BY_DEFAULT).toBe(false);
    expect(s.PREFECT_PROFILES_PATH).toBe(join(home, "profiles.toml"));
    expect(s.PREFECT_API_DATABASE_CONNECTION_URL).toBe(`sqlite+aiosqlite:///${home}/prefect.db`);
    expect(s.PREFECT_LOCAL_STORAGE_PATH).toBe(join(home, "storage"));
    expect(s.PREFECT_PROFILE).toBe("ephemeral");
  });

  it("expands ~ in PREFECT_HOME and defaults to ~/.prefect-ts", () => {
    expect(resolveSettings({ env: { PREFECT_HOME: "~/elsewhere" } }).PREFECT_HOME).toBe(join(homedir(), "elsewhere"));
    expect(SETTINGS.PREFECT_HOME.default).toBe("~/.prefect-ts");
  });

  it("applies override > env > profile > default, and reports sources", () => {
    writeProfiles(
      `active = "dev"\n[profiles.dev]\nPREFECT_API_URL = "http://profile:1/api"\nPREFECT_LOGGING_LEVEL = "DEBUG"\nPREFECT_CLIENT_MAX_RETRIES = "2"\n`,
    );
    const env = { PREFECT_HOME: home, PREFECT_API_URL: "http://env:2/api", PREFECT_CLIENT_MAX_RETRIES: "3" };
    const r = resolveSettingsWithSources({ env, overrides: { PREFECT_CLIENT_MAX_RETRIES: 9 } });
    expect(r.profile).toBe("dev");
    expect(r.settings.PREFECT_API_URL).toBe("http://env:2/api");
    expect(r.sources.PREFECT_API_URL).toBe("env");
    expect(r.settings.PREFECT_LOGGING_LEVEL).toBe("DEBUG");
    expect(r.sources.PREFECT_LOGGING_LEVEL).toBe("profile");
    expect(r.settings.PREFECT_CLIENT_MAX_RETRIES).toBe(9);
    expect(r.sources.PREFECT_CLIENT_MAX_RETRIES).toBe("override");
    expect(r.sources.PREFECT_SERVER_API_PORT).toBe("default");
  });

  it("picks the profile from the option, then PREFECT_PROFILE, then the file's active one", () => {
    writeProfiles(
      `active = "a"\n[profiles.a]\nPREFECT_SERVER_API_PORT = "1"\n[profiles.b]\nPREFECT_SERVER_API_PORT = "2"\n[profiles.c]\nPREFECT_SERVER_API_PORT = "3"\n`,
    );
    expect(resolveSettings({ env: { PREFECT_HOME: home } }).PREFECT_SERVER_API_PORT).toBe(1);
    expect(resolveSettings({ env: { PREFECT_HOME: home, PREFECT_PROFILE: "b" } }).PREFECT_SERVER_API_PORT).toBe(2);
    const s = resolveSettings({ env: { PREFECT_HOME: home, PREFECT_PROFILE: "b" }, profile: "c" });
    expect(s.PREFECT_SERVER_API_PORT).toBe(3);
    expect(s.PREFECT_PROFILE).toBe("c");
  });

  it("refuses an unknown profile, naming it", () => {
    expect(() => resolveSettings({ env: { PREFECT_HOME: home }, profile: "nope" })).toThrow(ConfigError);
    expect(() => resolveSettings({ env: { PREFECT_HOME: home }, profile: "nope" })).toThrow(/Profile "nope" not found/);
  });

  it("reads PREFECT_PROFILES_PATH from the environment", () => {
    const other = join(home, "other.toml");
    writeFileSync(other, `active = "x"\n[profiles.x]\nPREFECT_API_URL = "http://x:1/api"\n`);
    const s = resolveSettings({ env: { PREFECT_HOME: home, PREFECT_PROFILES_PATH: other } });
    expect(s.PREFECT_API_URL).toBe("http://x:1/api");
  });

  it("accepts Prefect's alternative names and ignores unknown PREFECT_* variables", () => {
    const s = resolveSettings({
      env: { PREFECT_HOME: home, PREFECT_SERVER_DATABASE_CONNECTION_URL: "sqlite:///x.db", PREFECT_NOT_A_SETTING: "x" },
    });
    expect(s.PREFECT_API_DATABASE_CONNECTION_URL).toBe("sqlite:///x.db");
  });

  it("parses booleans, numbers and enums the way Prefect does", () => {
    const s = resolveSettings({
      env: {
        PREFECT_HOME: home,
        PREFECT_RESULTS_PERSIST_BY_DEFAULT: "True",
        PREFECT_LOGGING_LEVEL: "debug",
        PREFECT_API_REQUEST_TIMEOUT: "2.5",
      },
    });
    expect(s.PREFECT_RESULTS_PERSIST_BY_DEFAULT).toBe(true);
    expect(s.PREFECT_LOGGING_LEVEL).toBe("DEBUG");
    expect(s.PREFECT_API_REQUEST_TIMEOUT).toBe(2.5);
  });

  it("strips a trailing slash of PREFECT_API_URL", () => {
    expect(resolveSettings({ env: { PREFECT_HOME: home, PREFECT_API_URL: "http://h:1/api/" } }).PREFECT_API_URL).toBe(
      "http://h:1/api",
    );
  });
});

describe("invalid values", () => {
  const cases: [string, string, RegExp][] = [
    ["PREFECT_SERVER_API_PORT", "abc", /an integer from 0 to 65535/],
    ["PREFECT_SERVER_API_PORT", "70000", /an integer from 0 to 65535/],
    ["PREFECT_LOGGING_LEVEL", "LOUD", /one of DEBUG, INFO, WARNING, ERROR, CRITICAL/],
    ["PREFECT_API_URL", "notaurl", /http\(s\) URL/],
    ["PREFECT_API_URL", "ftp://x/api", /http\(s\) URL/],
    ["PREFECT_RESULTS_PERSIST_BY_DEFAULT", "maybe", /a boolean/],
    ["PREFECT_API_REQUEST_TIMEOUT", "soon", /a number >= 0/],
    ["PREFECT_CLIENT_MAX_RETRIES", "1.5", /an integer >= 0/],
  ];
  it.each(cases)("%s=%s throws ConfigError naming key, value and what is allowed", (key, value, allowed) => {
    let error: unknown;
    try {
      resolveSettings({ env: { PREFECT_HOME: home, [key]: value } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain(key);
    expect(message).toContain(`"${value}"`);
    expect(message).toMatch(allowed);
    expect((error as ConfigError).key).toBe(key);
  });

  it("names the profile when a profile holds the invalid value", () => {
    writeProfiles(`active = "bad"\n[profiles.bad]\nPREFECT_SERVER_API_PORT = "x"\n`);
    expect(() => resolveSettings({ env: { PREFECT_HOME: home } })).toThrow(/from profile "bad"/);
  });

  it("rejects invalid overrides too", () => {
    expect(() => resolveSettings({ env: { PREFECT_HOME: home }, overrides: { PREFECT_SERVER_API_PORT: -1 } })).toThrow(
      ConfigError,
    );
  });
});

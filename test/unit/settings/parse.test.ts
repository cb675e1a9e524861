// Value parsing, secret masking and the SQLite connection URL helper.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../../src/errors.js";
import {
  SETTINGS,
  SETTING_NAMES,
  displaySettingValue,
  maskSecret,
  sqlitePathFromConnectionUrl,
  type SettingDefinition,
} from "../../../src/settings/index.js";

describe("secrets", () => {
  it("marks the API key and auth strings secret", () => {
    const secret = SETTING_NAMES.filter((n) => (SETTINGS[n] as SettingDefinition).secret === true);
    expect(secret.sort()).toEqual(["PREFECT_API_AUTH_STRING", "PREFECT_API_KEY", "PREFECT_SERVER_API_AUTH_STRING"]);
  });

  it("masks secret values unless asked to show them", () => {
    expect(displaySettingValue("PREFECT_API_KEY", "pnu_abc")).toBe("********");
    expect(displaySettingValue("PREFECT_API_KEY", "pnu_abc", { showSecrets: true })).toBe("pnu_abc");
    expect(displaySettingValue("PREFECT_API_URL", "http://h/api")).toBe("http://h/api");
    expect(maskSecret("user:pass")).not.toContain("pass");
  });

  it("describes every setting", () => {
    for (const name of SETTING_NAMES) expect(SETTINGS[name].description.length).toBeGreaterThan(10);
  });
});

describe("sqlitePathFromConnectionUrl", () => {
  it("accepts Prefect's SQLite URLs and plain paths", () => {
    expect(sqlitePathFromConnectionUrl("sqlite+aiosqlite:////tmp/a/prefect.db")).toBe("/tmp/a/prefect.db");
    expect(sqlitePathFromConnectionUrl("sqlite:////tmp/b.db")).toBe("/tmp/b.db");
    expect(sqlitePathFromConnectionUrl("/tmp/c.db")).toBe("/tmp/c.db");
    expect(sqlitePathFromConnectionUrl("sqlite+aiosqlite:///:memory:")).toBe(":memory:");
    expect(sqlitePathFromConnectionUrl("sqlite:///rel.db")).toBe(`${process.cwd()}/rel.db`);
  });

  it("refuses other databases, without echoing credentials", () => {
    const url = "postgresql+asyncpg://user:hunter2@db:5432/prefect";
    expect(() => sqlitePathFromConnectionUrl(url)).toThrow(ConfigError);
    expect(() => sqlitePathFromConnectionUrl(url)).toThrow(/only SQLite is supported by the embedded server/);
    try {
      sqlitePathFromConnectionUrl(url);
    } catch (e) {
      expect((e as Error).message).not.toContain("hunter2");
    }
  });
});

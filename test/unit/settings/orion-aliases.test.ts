// Prefect 2's PREFECT_ORION_* variables: read under today's names (the current name wins when both are set), each
// with a notice naming the setting it was read as.
import { describe, expect, it } from "vitest";
import { deprecatedSettingNotices, resolveSettings } from "../../../src/settings/index.js";

describe("PREFECT_ORION_* settings", () => {
  const home = "/tmp/prefect-ts-orion-home";

  it("are read as PREFECT_SERVER_API_HOST, _PORT and PREFECT_API_DATABASE_CONNECTION_URL", () => {
    const env = {
      PREFECT_HOME: home,
      PREFECT_ORION_API_HOST: "0.0.0.0",
      PREFECT_ORION_API_PORT: "4300",
      PREFECT_ORION_DATABASE_CONNECTION_URL: "sqlite+aiosqlite:////tmp/orion.db",
    };
    const settings = resolveSettings({ env });
    expect(settings.PREFECT_SERVER_API_HOST).toBe("0.0.0.0");
    expect(settings.PREFECT_SERVER_API_PORT).toBe(4300);
    expect(settings.PREFECT_API_DATABASE_CONNECTION_URL).toBe("sqlite+aiosqlite:////tmp/orion.db");
    expect(deprecatedSettingNotices(env)).toEqual([
      "PREFECT_ORION_API_HOST is Prefect 2's name of PREFECT_SERVER_API_HOST; it is read as that. Rename it to PREFECT_SERVER_API_HOST.",
      "PREFECT_ORION_API_PORT is Prefect 2's name of PREFECT_SERVER_API_PORT; it is read as that. Rename it to PREFECT_SERVER_API_PORT.",
      "PREFECT_ORION_DATABASE_CONNECTION_URL is Prefect 2's name of PREFECT_API_DATABASE_CONNECTION_URL; it is read as that. Rename it to PREFECT_API_DATABASE_CONNECTION_URL.",
    ]);
  });

  it("lose to today's name when both are set, and say so", () => {
    const env = { PREFECT_HOME: home, PREFECT_ORION_API_PORT: "4300", PREFECT_SERVER_API_PORT: "4400" };
    expect(resolveSettings({ env }).PREFECT_SERVER_API_PORT).toBe(4400);
    expect(deprecatedSettingNotices(env)).toEqual([
      "PREFECT_ORION_API_PORT is Prefect 2's name of PREFECT_SERVER_API_PORT; it is read as that (PREFECT_SERVER_API_PORT is set too and wins). Rename it to PREFECT_SERVER_API_PORT.",
    ]);
  });

  it("give no notice when none is set", () => {
    expect(deprecatedSettingNotices({ PREFECT_HOME: home, PREFECT_SERVER_API_PORT: "4400" })).toEqual([]);
  });
});

// The settings table placed in Prefect's nested `Settings` shape (GET /api/admin/settings): sections by prefix,
// Prefect 3's homes for older flat names, secrets masked, unset values null.
import { describe, expect, it } from "vitest";
import { resolveSettings, SETTING_NAMES, settingsTree, settingTreePath } from "../../../src/settings/index.js";

describe("settingTreePath", () => {
  it.each([
    ["PREFECT_SERVER_API_PORT", ["server", "api", "port"]],
    ["PREFECT_SERVER_CSRF_PROTECTION_ENABLED", ["server", "api", "csrf_protection_enabled"]],
    ["PREFECT_SERVER_CORS_ALLOWED_ORIGINS", ["server", "api", "cors_allowed_origins"]],
    ["PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS", ["server", "services", "scheduler", "loop_seconds"]],
    ["PREFECT_API_DATABASE_CONNECTION_URL", ["server", "database", "connection_url"]],
    ["PREFECT_UI_SERVE_BASE", ["server", "ui", "serve_base"]],
    ["PREFECT_API_KEY", ["api", "key"]],
    ["PREFECT_LOGGING_TO_API_BATCH_SIZE", ["logging", "to_api", "batch_size"]],
    ["PREFECT_WORKER_WEBSERVER_PORT", ["worker", "webserver", "port"]],
    ["PREFECT_HOME", ["home"]],
  ] as const)("%s -> %j", (name, path) => {
    expect(settingTreePath(name)).toEqual(path);
  });

  it("gives every setting its own place (no two share a path, none sits under another's value)", () => {
    const paths = SETTING_NAMES.map((name) => settingTreePath(name).join("."));
    expect(new Set(paths).size).toBe(paths.length);
    for (const path of paths) expect(paths.filter((other) => other.startsWith(`${path}.`))).toEqual([]);
  });
});

describe("settingsTree", () => {
  it("nests every value, masks secrets and keeps unset ones as null", () => {
    const settings = resolveSettings({
      env: {
        PREFECT_HOME: "/srv/prefect",
        PREFECT_API_KEY: "pnu_secret",
        PREFECT_SERVER_API_AUTH_STRING: "admin:pass",
        PREFECT_SERVER_API_PORT: "4321",
      },
    });
    const tree = settingsTree(settings);
    expect(tree).toMatchObject({
      home: "/srv/prefect",
      api: { key: "********", url: null },
      server: { api: { port: 4321, auth_string: "********" }, ui: { enabled: true } },
    });
    expect(JSON.stringify(tree)).not.toMatch(/pnu_secret|admin:pass/);
  });
});

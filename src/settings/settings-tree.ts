// Settings in the nested shape of Prefect's `Settings` model (`GET /api/admin/settings`), secrets masked. The flat
// table of env var names stays the one source (keys.ts); this only decides where each name sits in the tree.
import { SETTINGS, type SettingDefinition, type SettingName, type Settings } from "./keys.js";
import { maskSecret } from "./parse.js";

/**
 * Env var prefix -> path in Prefect's tree, longest prefixes first. Prefect 3 nests its settings by section
 * (`PREFECT_SERVER_API_PORT` is `server.api.port`); older flat names we keep (`PREFECT_UI_ENABLED`,
 * `PREFECT_SERVER_CSRF_*`) sit where Prefect 3 moved them. The third element keeps part of the prefix in the field name.
 */
const SECTIONS: ReadonlyArray<readonly [prefix: string, path: readonly string[], fieldPrefix?: string]> = [
  ["PREFECT_SERVER_SERVICES_SCHEDULER_", ["server", "services", "scheduler"]],
  ["PREFECT_SERVER_SERVICES_LATE_RUNS_", ["server", "services", "late_runs"]],
  ["PREFECT_SERVER_SERVICES_FOREMAN_", ["server", "services", "foreman"]],
  ["PREFECT_SERVER_SERVICES_ZOMBIES_", ["server", "services", "zombies"]],
  ["PREFECT_SERVER_CSRF_", ["server", "api"], "csrf_"],
  ["PREFECT_SERVER_CORS_", ["server", "api"], "cors_"],
  ["PREFECT_SERVER_API_", ["server", "api"]],
  ["PREFECT_API_DATABASE_", ["server", "database"]],
  ["PREFECT_UI_", ["server", "ui"]],
  ["PREFECT_API_", ["api"]],
  ["PREFECT_CLIENT_", ["client"]],
  ["PREFECT_CLI_", ["cli"]],
  ["PREFECT_LOGGING_TO_API_", ["logging", "to_api"]],
  ["PREFECT_LOGGING_", ["logging"]],
  ["PREFECT_RESULTS_", ["results"]],
  ["PREFECT_FLOWS_", ["flows"]],
  ["PREFECT_TASKS_", ["tasks"]],
  ["PREFECT_WORKER_WEBSERVER_", ["worker", "webserver"]],
  ["PREFECT_WORKER_", ["worker"]],
  ["PREFECT_RUNNER_", ["runner"]],
  ["PREFECT_", []],
];

/** Where a setting sits in Prefect's nested settings: `PREFECT_SERVER_API_PORT` -> `["server", "api", "port"]`. */
export function settingTreePath(name: SettingName): string[] {
  for (const [prefix, path, fieldPrefix = ""] of SECTIONS) {
    if (name.startsWith(prefix)) return [...path, fieldPrefix + name.slice(prefix.length).toLowerCase()];
  }
  return [name.toLowerCase()];
}

/** A JSON tree of settings as Prefect's `GET /admin/settings` answers it. */
export interface SettingsTree {
  [key: string]: SettingsTree | string | number | boolean | null;
}

/**
 * Every setting of `settings` placed in Prefect's nested shape, unset ones as `null`, secrets (API key, auth strings)
 * as `"********"` as Prefect obfuscates them.
 * @example settingsTree(resolveSettings()).server.api.port // 4200
 */
export function settingsTree(settings: Settings): SettingsTree {
  const tree: SettingsTree = {};
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    const definition: SettingDefinition = SETTINGS[name];
    const raw = (settings as Record<string, string | number | boolean | undefined>)[name];
    const value = raw === undefined ? null : definition.secret === true ? maskSecret(raw) : raw;
    const path = settingTreePath(name);
    let node = tree;
    for (const key of path.slice(0, -1)) {
      const next = node[key];
      node = typeof next === "object" && next !== null ? next : (node[key] = {});
    }
    node[path[path.length - 1] as string] = value;
  }
  return tree;
}

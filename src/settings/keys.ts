// The one table of settings: env var name, type, default, description, allowed values, secrecy.
// It drives validation (parse.ts), resolution (resolve.ts), `config set/view` and the README table.

/** The kinds of value a setting holds; each has its own parser in parse.ts. */
export type SettingType = "string" | "url" | "integer" | "number" | "boolean" | "enum" | "path";

/** One row of the settings table. */
export interface SettingDefinition {
  readonly type: SettingType;
  /** The default; `null` when the setting is unset by default. Strings may reference `${PREFECT_HOME}` and `~`. */
  readonly default: string | number | boolean | null;
  readonly description: string;
  /** For `enum`: the accepted values, spelled as Prefect spells them. */
  readonly allowed?: readonly string[];
  /** For `integer`/`number`: the inclusive bounds. */
  readonly min?: number;
  readonly max?: number;
  /** Never printed unmasked (unless `config view --show-secrets`). */
  readonly secret?: boolean;
  /** Other env var names Prefect accepts for the same setting (its newer or older spellings). */
  readonly aliases?: readonly string[];
}

/**
 * Every setting prefect-ts reads, keyed by its environment variable, with Prefect 3's names and defaults.
 * Unknown `PREFECT_*` variables are ignored, as Prefect has hundreds we do not use.
 */
export const SETTINGS = {
  PREFECT_HOME: {
    type: "path",
    default: "~/.prefect-ts",
    description: "The directory holding profiles, the embedded database and local result storage.",
  },
  PREFECT_PROFILES_PATH: {
    type: "path",
    default: "${PREFECT_HOME}/profiles.toml",
    description: "The TOML file holding the profiles.",
  },
  PREFECT_PROFILE: {
    type: "string",
    default: null,
    description: "The profile to use instead of the file's active one (the `--profile` option sets it).",
  },
  PREFECT_API_URL: {
    type: "url",
    default: null,
    description:
      "The Prefect API to talk to, e.g. http://127.0.0.1:4200/api. Unset: the embedded server on PREFECT_API_DATABASE_CONNECTION_URL.",
  },
  PREFECT_API_KEY: {
    type: "string",
    default: null,
    secret: true,
    description: "The API key sent as a bearer token (Prefect Cloud).",
  },
  PREFECT_API_AUTH_STRING: {
    type: "string",
    default: null,
    secret: true,
    description: "`user:password` sent as HTTP basic auth to a server started with PREFECT_SERVER_API_AUTH_STRING.",
  },
  PREFECT_API_REQUEST_TIMEOUT: {
    type: "number",
    default: 60,
    min: 0,
    description: "Seconds an API request may take before it fails.",
  },
  PREFECT_CLIENT_MAX_RETRIES: {
    type: "integer",
    default: 5,
    min: 0,
    description:
      "How many times the client retries a request that failed with a retryable status (429, 502, 503, 504) or a dropped connection.",
  },
  PREFECT_API_DEFAULT_LIMIT: {
    type: "integer",
    default: 200,
    min: 1,
    aliases: ["PREFECT_SERVER_API_DEFAULT_LIMIT"],
    description: "The server's default and maximum page size of `filter` endpoints.",
  },
  PREFECT_SERVER_API_HOST: {
    type: "string",
    default: "127.0.0.1",
    aliases: ["PREFECT_ORION_API_HOST"],
    description: "The host `server start` binds to.",
  },
  PREFECT_SERVER_API_PORT: {
    type: "integer",
    default: 4200,
    aliases: ["PREFECT_ORION_API_PORT"],
    min: 0,
    max: 65535,
    description: "The port `server start` binds to (0 picks a free one).",
  },
  PREFECT_SERVER_API_AUTH_STRING: {
    type: "string",
    default: null,
    secret: true,
    description: "`user:password` the server requires as HTTP basic auth; unset means no auth.",
  },
  PREFECT_SERVER_CSRF_PROTECTION_ENABLED: {
    type: "boolean",
    default: false,
    aliases: ["PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED"],
    description:
      "Require a CSRF token (`GET /api/csrf-token?client=...`, then the `Prefect-Csrf-Token` and `Prefect-Csrf-Client` headers) on every POST, PUT, PATCH and DELETE.",
  },
  PREFECT_SERVER_CSRF_TOKEN_EXPIRATION: {
    type: "integer",
    default: 3600,
    min: 1,
    aliases: ["PREFECT_SERVER_API_CSRF_TOKEN_EXPIRATION"],
    description: "Seconds a CSRF token stays valid.",
  },
  PREFECT_SERVER_CORS_ALLOWED_ORIGINS: {
    type: "string",
    default: "*",
    aliases: ["PREFECT_SERVER_API_CORS_ALLOWED_ORIGINS"],
    description: "Comma-separated origins browsers may call the API from (`*`: any).",
  },
  PREFECT_SERVER_CORS_ALLOWED_METHODS: {
    type: "string",
    default: "*",
    aliases: ["PREFECT_SERVER_API_CORS_ALLOWED_METHODS"],
    description: "Comma-separated methods cross-origin requests may use (`*`: any).",
  },
  PREFECT_SERVER_CORS_ALLOWED_HEADERS: {
    type: "string",
    default: "*",
    aliases: ["PREFECT_SERVER_API_CORS_ALLOWED_HEADERS"],
    description: "Comma-separated headers cross-origin requests may send (`*`: any).",
  },
  PREFECT_UI_ENABLED: {
    type: "boolean",
    default: true,
    aliases: ["PREFECT_SERVER_UI_ENABLED"],
    description: "Serve the dashboard at the server's root (the API stays under /api).",
  },
  PREFECT_UI_API_URL: {
    type: "url",
    default: null,
    aliases: ["PREFECT_SERVER_UI_API_URL"],
    description:
      "The API URL the dashboard's browser code calls; unset: the serving server's own /api (under PREFECT_UI_SERVE_BASE's origin).",
  },
  PREFECT_UI_SERVE_BASE: {
    type: "string",
    default: "/",
    aliases: ["PREFECT_SERVER_UI_SERVE_BASE"],
    description: "The path the dashboard is served under, e.g. /prefect behind a reverse proxy.",
  },
  PREFECT_API_DATABASE_CONNECTION_URL: {
    type: "string",
    default: "sqlite+aiosqlite:///${PREFECT_HOME}/prefect.db",
    aliases: ["PREFECT_SERVER_DATABASE_CONNECTION_URL", "PREFECT_ORION_DATABASE_CONNECTION_URL"],
    description: "The database of the embedded and standalone server; only SQLite is supported.",
  },
  PREFECT_CLI_PROMPT: {
    type: "boolean",
    default: null,
    description:
      "Whether the CLI may ask questions (the deploy wizard, `init`'s fields). Unset: only when stdin and stdout are a terminal; `--prompt`/`--no-prompt` win over it.",
  },
  PREFECT_LOGGING_LEVEL: {
    type: "enum",
    default: "INFO",
    allowed: ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
    description: "The default level of prefect-ts loggers.",
  },
  PREFECT_LOGGING_LOG_PRINTS: {
    type: "boolean",
    default: false,
    description: "Send `console.log` output inside flows and tasks to the run logger.",
  },
  PREFECT_LOGGING_TO_API_ENABLED: {
    type: "boolean",
    default: true,
    description: "Send run logs to the API.",
  },
  PREFECT_LOGGING_TO_API_BATCH_INTERVAL: {
    type: "number",
    default: 2,
    min: 0,
    description: "Seconds between batched writes of logs to the API.",
  },
  PREFECT_LOGGING_TO_API_BATCH_SIZE: {
    type: "integer",
    default: 4_000_000,
    min: 1,
    description: "Bytes of logs to batch before sending them to the API.",
  },
  PREFECT_LOGGING_TO_API_MAX_LOG_SIZE: {
    type: "integer",
    default: 1_000_000,
    min: 1,
    description: "The largest single log message in bytes; larger ones are truncated.",
  },
  PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW: {
    type: "enum",
    default: "warn",
    allowed: ["warn", "error", "ignore"],
    description: "What a run logger does when used outside a flow run.",
  },
  PREFECT_LOCAL_STORAGE_PATH: {
    type: "path",
    default: "${PREFECT_HOME}/storage",
    aliases: ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"],
    description: "Where persisted results are written.",
  },
  PREFECT_RESULTS_PERSIST_BY_DEFAULT: {
    type: "boolean",
    default: false,
    description: "Persist flow and task results unless told otherwise.",
  },
  PREFECT_FLOWS_DEFAULT_RETRIES: {
    type: "integer",
    default: 0,
    min: 0,
    description: "Default retries of every flow.",
  },
  PREFECT_FLOWS_DEFAULT_RETRY_DELAY_SECONDS: {
    type: "number",
    default: 0,
    min: 0,
    description: "Default seconds between flow retries.",
  },
  PREFECT_TASKS_DEFAULT_RETRIES: {
    type: "integer",
    default: 0,
    min: 0,
    aliases: ["PREFECT_TASK_DEFAULT_RETRIES"],
    description: "Default retries of every task.",
  },
  PREFECT_TASKS_DEFAULT_RETRY_DELAY_SECONDS: {
    type: "number",
    default: 0,
    min: 0,
    aliases: ["PREFECT_TASK_DEFAULT_RETRY_DELAY_SECONDS"],
    description: "Default seconds between task retries.",
  },
  PREFECT_TASKS_REFRESH_CACHE: {
    type: "boolean",
    default: false,
    description: "Re-execute cached tasks and refresh their cached results.",
  },
  PREFECT_WORKER_HEARTBEAT_SECONDS: {
    type: "number",
    default: 30,
    min: 0,
    description: "Seconds between a worker's heartbeats.",
  },
  PREFECT_WORKER_QUERY_SECONDS: {
    type: "number",
    default: 10,
    min: 0,
    description: "Seconds between a worker's polls for scheduled runs.",
  },
  PREFECT_WORKER_PREFETCH_SECONDS: {
    type: "number",
    default: 10,
    min: 0,
    description: "How far ahead of their start time a worker claims scheduled runs.",
  },
  PREFECT_WORKER_WEBSERVER_HOST: {
    type: "string",
    default: "0.0.0.0",
    description: "Interface of the health check server of `worker start --with-healthcheck`.",
  },
  PREFECT_WORKER_WEBSERVER_PORT: {
    type: "integer",
    default: 8080,
    min: 0,
    description: "Port of the health check server of `worker start --with-healthcheck` (0 picks a free one).",
  },
  PREFECT_DEFAULT_DOCKER_BUILD_NAMESPACE: {
    type: "string",
    default: null,
    description:
      "Registry namespace put before an image name that has none when `deploy()` builds it (e.g. `registry.example.com/team`).",
  },
  PREFECT_DOCKER_BASE_IMAGE: {
    type: "string",
    default: null,
    description:
      'Base image of a generated (`dockerfile: "auto"`) Dockerfile. Unset: the official `node:<major>-slim` of the Node running `deploy()`.',
  },
  PREFECT_RUNNER_POLL_FREQUENCY: {
    type: "number",
    default: 1,
    min: 0.05,
    description:
      "Seconds between `serve()` polls for scheduled runs (Prefect: 10). A new or cancelled run wakes the runner at once (the event stream of a server; any write on the embedded database).",
  },
  PREFECT_RUNNER_PROCESS_LIMIT: {
    type: "integer",
    default: 5,
    min: 1,
    description: "How many flow runs one `serve()` process runs at once, unless `limit` is given.",
  },
  PREFECT_SERVER_SERVICES_SCHEDULER_ENABLED: {
    type: "boolean",
    default: true,
    description:
      "Run the scheduler service (inserts deployments' scheduled runs) in long-lived hosts: `server start`, `serve()`, workers.",
  },
  PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS: {
    type: "number",
    default: 60,
    min: 0.05,
    description:
      "Seconds between scheduler passes (a deployment's schedules are also scheduled as soon as they change).",
  },
  PREFECT_SERVER_SERVICES_SCHEDULER_MIN_RUNS: {
    type: "integer",
    default: 3,
    min: 0,
    description: "The scheduler keeps at least this many future runs per schedule.",
  },
  PREFECT_SERVER_SERVICES_SCHEDULER_MAX_RUNS: {
    type: "integer",
    default: 100,
    min: 1,
    description: "The scheduler never keeps more than this many future runs per schedule.",
  },
  PREFECT_SERVER_SERVICES_SCHEDULER_MIN_SCHEDULED_TIME: {
    type: "number",
    default: 3600,
    min: 0,
    description: "Seconds ahead the scheduler fills at least (when `MIN_RUNS` is reached earlier).",
  },
  PREFECT_SERVER_SERVICES_SCHEDULER_MAX_SCHEDULED_TIME: {
    type: "number",
    default: 8640000,
    min: 0,
    description: "Seconds ahead the scheduler never schedules past (100 days).",
  },
  PREFECT_SERVER_SERVICES_LATE_RUNS_ENABLED: {
    type: "boolean",
    default: true,
    description: "Run the late-runs service (marks overdue Scheduled runs Late) in long-lived hosts.",
  },
  PREFECT_SERVER_SERVICES_LATE_RUNS_LOOP_SECONDS: {
    type: "number",
    default: 5,
    min: 0.05,
    description: "Seconds between late-runs passes.",
  },
  PREFECT_SERVER_SERVICES_LATE_RUNS_AFTER_SECONDS: {
    type: "number",
    default: 15,
    min: 0,
    description: "A Scheduled run this many seconds past its time becomes Late.",
  },
  PREFECT_SERVER_SERVICES_FOREMAN_ENABLED: {
    type: "boolean",
    default: true,
    description: "Run the worker health service (Prefect's foreman: marks silent workers OFFLINE) in long-lived hosts.",
  },
  PREFECT_SERVER_SERVICES_FOREMAN_LOOP_SECONDS: {
    type: "number",
    default: 15,
    min: 0.05,
    description: "Seconds between worker health passes.",
  },
  PREFECT_SERVER_SERVICES_FOREMAN_INACTIVITY_HEARTBEAT_MULTIPLE: {
    type: "integer",
    default: 3,
    min: 1,
    description: "A worker missing this many heartbeat intervals becomes OFFLINE.",
  },
  PREFECT_SERVER_SERVICES_FOREMAN_FALLBACK_HEARTBEAT_INTERVAL_SECONDS: {
    type: "integer",
    default: 30,
    min: 1,
    description: "The heartbeat interval assumed for a worker that did not send one.",
  },
  PREFECT_SERVER_SERVICES_ZOMBIES_ENABLED: {
    type: "boolean",
    default: true,
    description:
      "Run the zombie-runs service (crashes Running runs whose worker went OFFLINE or whose heartbeats stopped).",
  },
  PREFECT_SERVER_SERVICES_ZOMBIES_LOOP_SECONDS: {
    type: "number",
    default: 5,
    min: 0.05,
    description: "Seconds between zombie-runs passes.",
  },
  PREFECT_FLOWS_HEARTBEAT_FREQUENCY: {
    type: "integer",
    default: 30,
    min: 30,
    description:
      "Seconds between a running flow run's heartbeat events; the server crashes a Running run silent for 3 of them.",
  },
} as const satisfies Record<string, SettingDefinition>;

/** The env var name of a setting, e.g. `"PREFECT_API_URL"`. */
export type SettingName = keyof typeof SETTINGS;

/** All setting names, in table order. */
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[];

type ValueOfDefinition<D> = D extends { type: "integer" | "number" }
  ? number
  : D extends { type: "boolean" }
    ? boolean
    : D extends { type: "enum"; allowed: readonly (infer A)[] }
      ? A
      : string;

/** The typed value of one setting; `undefined` only for settings without a default. */
export type SettingValue<K extends SettingName> = (typeof SETTINGS)[K] extends { default: null }
  ? ValueOfDefinition<(typeof SETTINGS)[K]> | undefined
  : ValueOfDefinition<(typeof SETTINGS)[K]>;

/**
 * Resolved settings, keyed by env var name, typed by the table. `PREFECT_PROFILE` holds the active profile's name.
 */
export type Settings = { readonly [K in SettingName]: SettingValue<K> } & { readonly PREFECT_PROFILE: string };

/** Where a resolved value came from, as `config view --show-sources` prints it. */
export type SettingSource = "override" | "env" | "profile" | "default";

/** Is `name` one of our settings (aliases included)? Returns the canonical name, or undefined. */
export function canonicalSettingName(name: string): SettingName | undefined {
  if (Object.hasOwn(SETTINGS, name)) return name as SettingName;
  for (const key of SETTING_NAMES) {
    const aliases: readonly string[] | undefined = (SETTINGS[key] as SettingDefinition).aliases;
    if (aliases?.includes(name)) return key;
  }
  return undefined;
}

/** The table row of a setting, widened to the common shape. */
export function settingDefinition(name: SettingName): SettingDefinition {
  return SETTINGS[name];
}

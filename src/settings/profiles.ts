// The profiles file (`PREFECT_PROFILES_PATH`, TOML, Prefect's format): reading, and every change the CLI makes.
// Values are validated through the settings table before anything is written. Resolution lives in resolve.ts.
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import type * as Toml from "smol-toml";
import { ConfigError } from "../errors.js";
import { canonicalSettingName, settingDefinition, type SettingName } from "./keys.js";
import { parseSettingValue } from "./parse.js";

let toml: typeof Toml | undefined;

/**
 * smol-toml, loaded (synchronously, its CommonJS build) when a profiles file is first read or written: a missing
 * file, the common case, never needs it, and `import "prefect-ts"` stays fast (bench/startup.bench.ts).
 */
function tomlParser(): typeof Toml {
  toml ??= createRequire(import.meta.url)("smol-toml") as typeof Toml;
  return toml;
}

/** The contents of a profiles file: the active profile's name and each profile's `KEY = "value"` pairs. */
export interface ProfilesFile {
  active: string;
  profiles: Record<string, Record<string, string>>;
}

/** The profile that is active when no file exists, as in Prefect 3 (embedded server, no API URL). */
export const DEFAULT_PROFILE_NAME = "ephemeral";

/**
 * The profiles a missing file stands for, following Prefect 3's template: `ephemeral` (active; no API URL, so the
 * embedded server is used) and `local` (a server started with `prefect-ts server start`).
 */
export function defaultProfiles(): ProfilesFile {
  return {
    active: DEFAULT_PROFILE_NAME,
    profiles: { ephemeral: {}, local: { PREFECT_API_URL: "http://127.0.0.1:4200/api" } },
  };
}

/**
 * Reads the profiles file at `path`; a missing file yields {@link defaultProfiles}.
 * @throws ConfigError when the file is not valid TOML or not shaped as Prefect's profiles file.
 */
export function loadProfiles(path: string): ProfilesFile {
  if (!existsSync(path)) return defaultProfiles();
  let doc: Record<string, unknown>;
  try {
    doc = tomlParser().parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(
      `The profiles file ${path} is not valid TOML: ${(error as Error).message.split("\n")[0]}. Fix or delete it.`,
      "PREFECT_PROFILES_PATH",
      { cause: error },
    );
  }
  const rawProfiles = doc["profiles"] ?? {};
  if (typeof rawProfiles !== "object" || rawProfiles === null || Array.isArray(rawProfiles)) {
    throw new ConfigError(
      `The profiles file ${path}: "profiles" must be a table of [profiles.NAME] tables.`,
      "PREFECT_PROFILES_PATH",
    );
  }
  const profiles: Record<string, Record<string, string>> = {};
  for (const [name, table] of Object.entries(rawProfiles as Record<string, unknown>)) {
    if (typeof table !== "object" || table === null || Array.isArray(table)) {
      throw new ConfigError(
        `The profiles file ${path}: [profiles.${name}] must be a table of KEY = "value".`,
        "PREFECT_PROFILES_PATH",
      );
    }
    profiles[name] = Object.fromEntries(Object.entries(table).map(([k, v]) => [k, String(v)]));
  }
  const active = typeof doc["active"] === "string" ? doc["active"] : DEFAULT_PROFILE_NAME;
  return { active, profiles };
}

/** Writes the whole profiles file (created with mode 0600, as Prefect does: it may hold API keys). */
export function saveProfiles(path: string, file: ProfilesFile): void {
  mkdirSync(dirname(path), { recursive: true });
  const text = tomlParser().stringify({ active: file.active, profiles: file.profiles });
  // Write then rename so a crash never leaves a half-written file behind.
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text + "\n", { mode: 0o600 });
  renameSync(tmp, path);
  chmodSync(path, 0o600);
}

function requireProfile(file: ProfilesFile, name: string): Record<string, string> {
  const profile = file.profiles[name];
  if (profile === undefined) {
    const known = Object.keys(file.profiles).join(", ") || "none";
    throw new ConfigError(`Profile ${JSON.stringify(name)} not found (profiles: ${known}).`, "PREFECT_PROFILE");
  }
  return profile;
}

function requireSettingName(key: string): SettingName {
  const name = canonicalSettingName(key);
  if (name === undefined) throw new ConfigError(`Unknown setting name ${JSON.stringify(key)}.`, key);
  if (name === "PREFECT_PROFILE" || name === "PREFECT_HOME" || name === "PREFECT_PROFILES_PATH") {
    throw new ConfigError(`${name} cannot be stored in a profile; set it in the environment instead.`, name);
  }
  return name;
}

/**
 * Sets values in profile `name` (created when missing), validating every value first: nothing is written
 * when any is invalid. Returns the file as written.
 * @throws ConfigError for an unknown key or an invalid value.
 */
export function setProfileValues(
  path: string,
  name: string,
  values: Record<string, string | number | boolean>,
): ProfilesFile {
  const file = loadProfiles(path);
  const checked: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    const setting = requireSettingName(key);
    const parsed = parseSettingValue(setting, value, { origin: `profile ${JSON.stringify(name)}` });
    // Enums are stored as Prefect spells them (`DEBUG`); other values as given, so `${PREFECT_HOME}` stays a reference.
    checked[setting] = settingDefinition(setting).type === "enum" ? String(parsed) : String(value).trim();
  }
  file.profiles[name] = { ...(file.profiles[name] ?? {}), ...checked };
  saveProfiles(path, file);
  return file;
}

/**
 * Removes keys from profile `name`.
 * @throws ConfigError when the profile does not exist or a key is not set in it.
 */
export function unsetProfileValues(path: string, name: string, keys: readonly string[]): ProfilesFile {
  const file = loadProfiles(path);
  const profile = requireProfile(file, name);
  for (const key of keys) {
    const setting = canonicalSettingName(key) ?? key;
    if (!Object.hasOwn(profile, setting)) {
      throw new ConfigError(`${key} is not set in profile ${JSON.stringify(name)}.`, key);
    }
    delete profile[setting];
  }
  saveProfiles(path, file);
  return file;
}

/**
 * Creates profile `name`, empty or copied from `options.from`.
 * @throws ConfigError when it exists already or `from` does not exist.
 */
export function createProfile(path: string, name: string, options?: { from?: string }): ProfilesFile {
  const file = loadProfiles(path);
  if (!/^[\w.-]+$/.test(name)) {
    throw new ConfigError(
      `Invalid profile name ${JSON.stringify(name)}: use letters, digits, "-", "_" and ".".`,
      "PREFECT_PROFILE",
    );
  }
  if (Object.hasOwn(file.profiles, name)) {
    throw new ConfigError(`Profile ${JSON.stringify(name)} already exists.`, "PREFECT_PROFILE");
  }
  file.profiles[name] = options?.from === undefined ? {} : { ...requireProfile(file, options.from) };
  saveProfiles(path, file);
  return file;
}

/**
 * Makes profile `name` the active one.
 * @throws ConfigError when it does not exist.
 */
export function useProfile(path: string, name: string): ProfilesFile {
  const file = loadProfiles(path);
  requireProfile(file, name);
  file.active = name;
  saveProfiles(path, file);
  return file;
}

/**
 * Deletes profile `name`; the active profile cannot be deleted (switch with `useProfile` first).
 * @throws ConfigError when it does not exist or is active.
 */
export function deleteProfile(path: string, name: string): ProfilesFile {
  const file = loadProfiles(path);
  requireProfile(file, name);
  if (file.active === name) {
    throw new ConfigError(
      `Profile ${JSON.stringify(name)} is the active profile and cannot be deleted. Switch first: prefect-ts profile use OTHER.`,
      "PREFECT_PROFILE",
    );
  }
  delete file.profiles[name];
  saveProfiles(path, file);
  return file;
}

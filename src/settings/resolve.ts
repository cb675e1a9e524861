// Resolving settings with Prefect's precedence: overrides > environment > active profile > default.
// The only place in prefect-ts that reads process.env; the rest of the code receives a `Settings` object.
import { ConfigError } from "../errors.js";
import {
  SETTING_NAMES,
  SETTINGS,
  canonicalSettingName,
  type SettingDefinition,
  type SettingName,
  type SettingSource,
  type Settings,
} from "./keys.js";
import { parseSettingValue, type ParsedSettingValue } from "./parse.js";
import { loadProfiles } from "./profiles.js";

/** Options of {@link resolveSettings}. */
export interface ResolveSettingsOptions {
  /** The environment to read. @default process.env */
  env?: Record<string, string | undefined>;
  /** Explicit values, winning over everything else. */
  overrides?: Partial<Record<SettingName, string | number | boolean>>;
  /** The profile to use instead of `PREFECT_PROFILE` or the file's active one (the CLI's `--profile`). */
  profile?: string;
}

/** Settings together with where each value came from and which profile file was used. */
export interface ResolvedSettings {
  settings: Settings;
  sources: Readonly<Record<SettingName, SettingSource>>;
  /** The active profile's name. */
  profile: string;
  /** The active profile's stored values (raw strings, unknown keys included). */
  profileValues: Readonly<Record<string, string>>;
  profilesPath: string;
}

function fromEnv(env: Record<string, string | undefined>, name: SettingName): string | undefined {
  const direct = env[name];
  if (direct !== undefined && direct !== "") return direct;
  const aliases: readonly string[] = (SETTINGS[name] as SettingDefinition).aliases ?? [];
  for (const alias of aliases) {
    const value = env[alias];
    if (value !== undefined && value !== "") return value;
  }
  return undefined;
}

/** Prefect 2 named its server Orion: its `PREFECT_ORION_*` variables are read under today's names, with a notice. */
const DEPRECATED_ALIAS = /^PREFECT_ORION_/;

/**
 * One notice per deprecated alias set in `env` (Prefect 2's `PREFECT_ORION_*` names), saying which setting it was read
 * as, e.g. "PREFECT_ORION_API_PORT is Prefect 2's name of PREFECT_SERVER_API_PORT: ...". Empty when none is set.
 */
export function deprecatedSettingNotices(env: Record<string, string | undefined> = process.env): string[] {
  const notices: string[] = [];
  for (const name of Object.keys(SETTINGS) as SettingName[]) {
    for (const alias of (SETTINGS[name] as SettingDefinition).aliases ?? []) {
      if (!DEPRECATED_ALIAS.test(alias) || env[alias] === undefined || env[alias] === "") continue;
      const shadowed = env[name] !== undefined && env[name] !== "" ? ` (${name} is set too and wins)` : "";
      notices.push(`${alias} is Prefect 2's name of ${name}; it is read as that${shadowed}. Rename it to ${name}.`);
    }
  }
  return notices;
}

/**
 * The raw value of a setting in the environment (its aliases included), or undefined.
 * @default env process.env
 */
export function environmentValue(
  name: SettingName,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  return fromEnv(env, name);
}

/** Where the profiles live and which one is active, as {@link locateProfile} finds them. */
export interface ProfileLocation {
  prefectHome: string;
  profilesPath: string;
  /** The active profile's name: `opts.profile`, else `PREFECT_PROFILE`, else the file's `active`. */
  profile: string;
  /** How the profile was chosen. */
  profileSource: SettingSource;
  sources: { PREFECT_HOME: SettingSource; PREFECT_PROFILES_PATH: SettingSource };
}

/**
 * Finds the profiles file and the active profile's name without validating any other setting, so the CLI can
 * repair a profile holding an invalid value. The profile need not exist in the file.
 * @throws ConfigError for an invalid PREFECT_HOME or PREFECT_PROFILES_PATH, or an unreadable profiles file.
 */
export function locateProfile(opts?: ResolveSettingsOptions): ProfileLocation {
  const env = opts?.env ?? process.env;
  const overrides: Partial<Record<SettingName, string | number | boolean>> = opts?.overrides ?? {};
  const sources = { PREFECT_HOME: "default" as SettingSource, PREFECT_PROFILES_PATH: "default" as SettingSource };
  // PREFECT_HOME and PREFECT_PROFILES_PATH decide which profile file to read, so a profile cannot set them.
  const early = (name: "PREFECT_HOME" | "PREFECT_PROFILES_PATH", prefectHome: string | undefined): string => {
    const override = overrides[name];
    if (override !== undefined) {
      sources[name] = "override";
      return parseSettingValue(name, override, { prefectHome, origin: "override" }) as string;
    }
    const raw = fromEnv(env, name);
    if (raw !== undefined) {
      sources[name] = "env";
      return parseSettingValue(name, raw, { prefectHome, origin: "env" }) as string;
    }
    return parseSettingValue(name, SETTINGS[name].default, { prefectHome }) as string;
  };
  const prefectHome = early("PREFECT_HOME", undefined);
  const profilesPath = early("PREFECT_PROFILES_PATH", prefectHome);
  const requested = opts?.profile ?? overrides.PREFECT_PROFILE ?? fromEnv(env, "PREFECT_PROFILE");
  const profileSource: SettingSource =
    opts?.profile !== undefined || overrides.PREFECT_PROFILE !== undefined
      ? "override"
      : requested !== undefined
        ? "env"
        : "profile";
  const profile = requested === undefined ? loadProfiles(profilesPath).active : String(requested);
  return { prefectHome, profilesPath, profile, profileSource, sources };
}

/**
 * Resolves every setting, as {@link resolveSettings} does, and reports the source of each value.
 * @throws ConfigError for an invalid value (naming key, masked value and what is allowed) or an unknown profile.
 */
export function resolveSettingsWithSources(opts?: ResolveSettingsOptions): ResolvedSettings {
  const env = opts?.env ?? process.env;
  const overrides: Partial<Record<SettingName, string | number | boolean>> = opts?.overrides ?? {};
  const values: Partial<Record<SettingName, ParsedSettingValue | undefined>> = {};
  const location = locateProfile(opts);
  const { prefectHome: home, profilesPath, profile } = location;
  const sources: Partial<Record<SettingName, SettingSource>> = {
    ...location.sources,
    PREFECT_PROFILE: location.profileSource,
  };
  values.PREFECT_HOME = home;
  values.PREFECT_PROFILES_PATH = profilesPath;

  const file = loadProfiles(profilesPath);
  const profileValues = file.profiles[profile];
  if (profileValues === undefined) {
    const known = Object.keys(file.profiles).join(", ") || "none";
    throw new ConfigError(
      `Profile ${JSON.stringify(profile)} not found in ${profilesPath} (profiles: ${known}). Create it with: prefect-ts profile create ${profile}`,
      "PREFECT_PROFILE",
    );
  }
  values.PREFECT_PROFILE = profile;
  const fromProfile: Partial<Record<SettingName, string>> = {};
  for (const [key, value] of Object.entries(profileValues)) {
    const name = canonicalSettingName(key);
    // Unknown keys are kept in the file but ignored, as Prefect ignores settings it does not know.
    if (name !== undefined && fromProfile[name] === undefined) fromProfile[name] = value;
  }

  for (const name of SETTING_NAMES) {
    if (name === "PREFECT_HOME" || name === "PREFECT_PROFILES_PATH" || name === "PREFECT_PROFILE") continue;
    const override = overrides[name];
    const envValue = fromEnv(env, name);
    const profileValue = fromProfile[name];
    const fallback = SETTINGS[name].default as string | number | boolean | null;
    if (override !== undefined) {
      values[name] = parseSettingValue(name, override, { prefectHome: home, origin: "override" });
      sources[name] = "override";
    } else if (envValue !== undefined) {
      values[name] = parseSettingValue(name, envValue, { prefectHome: home, origin: "env" });
      sources[name] = "env";
    } else if (profileValue !== undefined && profileValue !== "") {
      values[name] = parseSettingValue(name, profileValue, {
        prefectHome: home,
        origin: `profile ${JSON.stringify(profile)}`,
      });
      sources[name] = "profile";
    } else {
      values[name] = fallback === null ? undefined : parseSettingValue(name, fallback, { prefectHome: home });
      sources[name] = "default";
    }
  }

  return {
    settings: Object.freeze(values) as Settings,
    sources: Object.freeze(sources) as Record<SettingName, SettingSource>,
    profile,
    profileValues: Object.freeze({ ...profileValues }),
    profilesPath,
  };
}

/**
 * Resolves every setting: `overrides` > environment (`PREFECT_*`, aliases included) > the active profile of
 * `PREFECT_PROFILES_PATH` (`opts.profile`, else `PREFECT_PROFILE`, else the file's `active`) > default.
 * Defaults referencing `${PREFECT_HOME}` and `~` are expanded. Resolve once at the edge and pass the result down.
 * @throws ConfigError for an invalid value (naming key, masked value and what is allowed) or an unknown profile.
 * @example
 * const settings = resolveSettings({ overrides: { PREFECT_API_URL: "http://127.0.0.1:4200/api" } });
 * settings.PREFECT_SERVER_API_PORT; // 4200
 */
export function resolveSettings(opts?: ResolveSettingsOptions): Settings {
  return resolveSettingsWithSources(opts).settings;
}

// `prefect-ts profile ls|create|use|delete|inspect`: thin wrappers over src/settings/profiles.ts.
// Changing values inside a profile is `config set/unset` (config.ts).
import {
  createProfile,
  deleteProfile,
  displaySettingValue,
  canonicalSettingName,
  loadProfiles,
  locateProfile,
  useProfile,
} from "../settings/index.js";
import { ConfigError } from "../errors.js";
import type { CliContext } from "./context.js";

function location(context: CliContext): ReturnType<typeof locateProfile> {
  return locateProfile(context.settingsSource);
}

/** `profile ls`: every profile, the active one starred. */
export async function profileLs(context: CliContext): Promise<void> {
  const { profilesPath, profile } = location(context);
  const file = loadProfiles(profilesPath);
  context.out("Available Profiles:");
  for (const name of Object.keys(file.profiles)) context.out(`${name === profile ? "*" : " "} ${name}`);
}

/** `profile create NAME [--from OTHER]`. */
export async function profileCreate(context: CliContext, name: string, options: { from?: string }): Promise<void> {
  const { profilesPath } = location(context);
  createProfile(profilesPath, name, options.from === undefined ? {} : { from: options.from });
  context.out(`Created profile ${quote(name)}${options.from === undefined ? "" : ` from ${quote(options.from)}`}.`);
  context.out("Use it for future commands:");
  context.out(`    prefect-ts profile use ${quote(name)}`);
  context.out("Use it for a single command:");
  context.out(`    prefect-ts -p ${quote(name)} config view`);
}

/** `profile use NAME`: makes it active. */
export async function profileUse(context: CliContext, name: string): Promise<void> {
  const { profilesPath } = location(context);
  useProfile(profilesPath, name);
  const url = loadProfiles(profilesPath).profiles[name]?.["PREFECT_API_URL"];
  context.out(`Switched to profile ${quote(name)}${url === undefined ? " (embedded server)" : ` (API ${url})`}.`);
}

/** `profile delete NAME`: refuses the active profile. */
export async function profileDelete(context: CliContext, name: string): Promise<void> {
  const { profilesPath, profile } = location(context);
  if (name === profile) {
    throw new ConfigError(
      `Profile ${quote(name)} is in use and cannot be deleted. Switch first: prefect-ts profile use OTHER.`,
      "PREFECT_PROFILE",
    );
  }
  deleteProfile(profilesPath, name);
  context.out(`Removed profile ${quote(name)}.`);
}

/** `profile inspect [NAME]`: the stored values of a profile (secrets masked unless --show-secrets). */
export async function profileInspect(
  context: CliContext,
  name: string | undefined,
  options: { output?: "json"; showSecrets?: boolean },
): Promise<void> {
  const { profilesPath, profile } = location(context);
  const target = name ?? profile;
  const file = loadProfiles(profilesPath);
  const values = file.profiles[target];
  if (values === undefined) throw new ConfigError(`Profile ${quote(target)} not found.`, "PREFECT_PROFILE");
  const shown = Object.fromEntries(
    Object.entries(values).map(([key, value]) => {
      const setting = canonicalSettingName(key);
      return [
        key,
        setting === undefined
          ? value
          : displaySettingValue(setting, value, { showSecrets: options.showSecrets === true }),
      ];
    }),
  );
  if (options.output === "json") {
    context.out(JSON.stringify(shown, null, 2));
    return;
  }
  if (Object.keys(shown).length === 0) {
    context.out(`Profile ${quote(target)} is empty.`);
    return;
  }
  for (const [key, value] of Object.entries(shown)) context.out(`${key}=${quote(value)}`);
}

function quote(value: string): string {
  return `'${value}'`;
}

// `prefect-ts config set|unset|view|validate`: thin wrappers over the settings layer's profiles and resolution.
// Output follows Prefect's wording (`Set 'K' to 'V'.`, `K='V' (from profile)`).
import { createInterface } from "node:readline/promises";
import { ConfigError } from "../errors.js";
import {
  SETTING_NAMES,
  canonicalSettingName,
  displaySettingValue,
  environmentValue,
  loadProfiles,
  locateProfile,
  parseSettingValue,
  setProfileValues,
  unsetProfileValues,
  type SettingName,
} from "../settings/index.js";
import type { CliContext } from "./context.js";
import type { ConfigViewFlags } from "./main.js";

function splitPair(pair: string): [string, string] {
  const at = pair.indexOf("=");
  if (at <= 0)
    throw new ConfigError(
      `Expected KEY=VALUE, got ${JSON.stringify(pair)}. Example: prefect-ts config set PREFECT_API_URL=http://127.0.0.1:4200/api`,
    );
  return [pair.slice(0, at).trim(), pair.slice(at + 1)];
}

/** `config set K=V ...`: validates all pairs, then writes them to the active profile. */
export async function configSet(context: CliContext, pairs: string[]): Promise<void> {
  const location = locateProfile(context.settingsSource);
  const values: Record<string, string> = {};
  for (const pair of pairs) {
    const [key, value] = splitPair(pair);
    values[key] = value;
  }
  if (!Object.hasOwn(loadProfiles(location.profilesPath).profiles, location.profile)) {
    throw new ConfigError(
      `Profile ${quote(location.profile)} not found. Create it first: prefect-ts profile create ${location.profile}`,
      "PREFECT_PROFILE",
    );
  }
  setProfileValues(location.profilesPath, location.profile, values);
  for (const [key, value] of Object.entries(values)) {
    const name = canonicalSettingName(key) as SettingName;
    context.out(`Set ${quote(name)} to ${quote(displaySettingValue(name, value.trim()))}.`);
    if (environmentValue(name, context.settingsSource.env) !== undefined) {
      context.err(
        `${name} is also set by an environment variable which will override your config value. Run \`unset ${name}\` to clear it.`,
      );
    }
  }
  context.out(`Updated profile ${quote(location.profile)}.`);
}

/** `config unset K ... [-y]`: removes keys from the active profile (asks first on a terminal without -y). */
export async function configUnset(context: CliContext, keys: string[], options: { yes?: boolean }): Promise<void> {
  const location = locateProfile(context.settingsSource);
  if (options.yes !== true && process.stdin.isTTY === true) {
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    const answer = await rl.question(
      `Are you sure you want to unset ${keys.join(", ")} in profile ${quote(location.profile)}? [y/N]: `,
    );
    rl.close();
    if (!/^y(es)?$/i.test(answer.trim())) {
      context.out("Aborted.");
      return;
    }
  }
  unsetProfileValues(location.profilesPath, location.profile, keys);
  for (const key of keys) context.out(`Unset ${quote(canonicalSettingName(key) ?? key)}.`);
  context.out(`Updated profile ${quote(location.profile)}.`);
}

/** `config view`: the settings in effect, non-default ones unless --show-defaults, secrets masked. */
export async function configView(context: CliContext, flags: ConfigViewFlags): Promise<void> {
  const resolved = await context.resolved();
  const showSources = flags.hideSources !== true && flags.showSources !== false;
  context.out(`PREFECT_PROFILE=${quote(resolved.profile)}`);
  for (const name of SETTING_NAMES) {
    if (name === "PREFECT_PROFILE") continue;
    const source = resolved.sources[name];
    if (source === "default" && flags.showDefaults !== true) continue;
    const value = resolved.settings[name];
    if (value === undefined) continue;
    const shown = displaySettingValue(name, value, { showSecrets: flags.showSecrets === true });
    const from = source === "default" ? "defaults" : source;
    context.out(`${name}=${quote(shown)}${showSources ? ` (from ${from})` : ""}`);
  }
}

/** `config validate`: checks every value of every profile; exits 1 listing each problem. */
export async function configValidate(context: CliContext): Promise<void> {
  const location = locateProfile(context.settingsSource);
  const file = loadProfiles(location.profilesPath);
  const problems: string[] = [];
  for (const [profile, values] of Object.entries(file.profiles)) {
    for (const [key, value] of Object.entries(values)) {
      const name = canonicalSettingName(key);
      if (name === undefined) {
        problems.push(
          `Profile ${quote(profile)}: unknown setting ${key} (ignored; remove it with prefect-ts -p ${profile} config unset ${key}).`,
        );
        continue;
      }
      try {
        parseSettingValue(name, value, { origin: `profile ${JSON.stringify(profile)}` });
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }
  if (!Object.hasOwn(file.profiles, file.active))
    problems.push(`The active profile ${quote(file.active)} does not exist.`);
  if (problems.length > 0) {
    throw new ConfigError(
      `Configuration invalid (${location.profilesPath}):\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
  context.out("Configuration valid!");
}

function quote(value: string): string {
  return `'${value}'`;
}

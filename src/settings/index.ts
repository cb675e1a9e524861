// Public surface of the settings layer: the table, resolution, value parsing, profiles, the SQLite URL helper.
// Everything else in prefect-ts receives a resolved `Settings` object instead of reading process.env.
export { SETTINGS, SETTING_NAMES, canonicalSettingName, settingDefinition } from "./keys.js";
export type { SettingDefinition, SettingName, SettingSource, SettingType, SettingValue, Settings } from "./keys.js";
export {
  deprecatedSettingNotices,
  environmentValue,
  locateProfile,
  resolveSettings,
  resolveSettingsWithSources,
} from "./resolve.js";
export type { ProfileLocation, ResolveSettingsOptions, ResolvedSettings } from "./resolve.js";
export { describeAllowed, displaySettingValue, expandHome, maskSecret, parseSettingValue } from "./parse.js";
export type { ParsedSettingValue } from "./parse.js";
export {
  DEFAULT_PROFILE_NAME,
  createProfile,
  defaultProfiles,
  deleteProfile,
  loadProfiles,
  saveProfiles,
  setProfileValues,
  unsetProfileValues,
  useProfile,
} from "./profiles.js";
export type { ProfilesFile } from "./profiles.js";
export { sqlitePathFromConnectionUrl } from "./sqlite-url.js";
export { adoptEnvironment, flowRunIdFromEnvironment, processEnvironment } from "./process-environment.js";
export type { Environment } from "./process-environment.js";
export { colorPreference } from "./terminal.js";
export { RUNNING_FROM_SOURCE, packagePath, packageRoot, packageVersion } from "./package-files.js";
export { settingsTree, settingTreePath } from "./settings-tree.js";
export type { SettingsTree } from "./settings-tree.js";
export type { ColorPreference } from "./terminal.js";

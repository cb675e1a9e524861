// The Settings type follows the table: numbers, booleans, enum unions, optional where there is no default.
import { expectTypeOf, test } from "vitest";
import { resolveSettings, type SettingName, type Settings } from "../../src/settings/index.js";

test("Settings values are typed by the table", () => {
  const s = resolveSettings();
  expectTypeOf(s).toEqualTypeOf<Settings>();
  expectTypeOf(s.PREFECT_API_URL).toEqualTypeOf<string | undefined>();
  expectTypeOf(s.PREFECT_API_KEY).toEqualTypeOf<string | undefined>();
  expectTypeOf(s.PREFECT_HOME).toEqualTypeOf<string>();
  expectTypeOf(s.PREFECT_PROFILE).toEqualTypeOf<string>();
  expectTypeOf(s.PREFECT_SERVER_API_PORT).toEqualTypeOf<number>();
  expectTypeOf(s.PREFECT_RESULTS_PERSIST_BY_DEFAULT).toEqualTypeOf<boolean>();
  expectTypeOf(s.PREFECT_LOGGING_LEVEL).toEqualTypeOf<"DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL">();
  expectTypeOf<"PREFECT_API_URL">().toMatchTypeOf<SettingName>();
  // @ts-expect-error settings are read-only
  s.PREFECT_API_URL = "x";
  // @ts-expect-error unknown settings are not keys
  resolveSettings({ overrides: { PREFECT_NOPE: 1 } });
});

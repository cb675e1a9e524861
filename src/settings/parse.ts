// Parsing and validating one raw setting value against its table row, and masking secrets for display.
// Which source wins is decided in resolve.ts; the table itself lives in keys.ts.
import { homedir } from "node:os";
import { ConfigError } from "../errors.js";
import { SETTINGS, type SettingDefinition, type SettingName } from "./keys.js";

/** A parsed setting value, before it is narrowed by the `Settings` type. */
export type ParsedSettingValue = string | number | boolean;

const TRUE_WORDS = new Set(["true", "1", "yes", "on", "t", "y"]);
const FALSE_WORDS = new Set(["false", "0", "no", "off", "f", "n"]);

/** Masks a secret for display, keeping nothing of it. */
export function maskSecret(value: unknown): string {
  return value === undefined || value === null || value === "" ? String(value ?? "") : "********";
}

/** The value as shown in messages: masked when the setting is secret. */
export function displaySettingValue(name: SettingName, value: unknown, options?: { showSecrets?: boolean }): string {
  const definition: SettingDefinition = SETTINGS[name];
  if (definition.secret === true && options?.showSecrets !== true) return maskSecret(value);
  return String(value);
}

/** Human words for what a setting accepts, as error messages and `config view` say it. */
export function describeAllowed(name: SettingName): string {
  const d: SettingDefinition = SETTINGS[name];
  const bounds = (kind: string): string => {
    if (d.min !== undefined && d.max !== undefined) return `${kind} from ${d.min} to ${d.max}`;
    if (d.min !== undefined) return `${kind} >= ${d.min}`;
    if (d.max !== undefined) return `${kind} <= ${d.max}`;
    return kind;
  };
  switch (d.type) {
    case "integer":
      return bounds("an integer");
    case "number":
      return bounds("a number");
    case "boolean":
      return "a boolean (true/false, 1/0, yes/no, on/off)";
    case "enum":
      return `one of ${(d.allowed ?? []).join(", ")}`;
    case "url":
      return "an http(s) URL, e.g. http://127.0.0.1:4200/api";
    case "path":
      return "a file system path";
    case "string":
      return "a string";
  }
}

/** Expands `~` and `${PREFECT_HOME}` in a string value. */
export function expandHome(value: string, prefectHome: string | undefined): string {
  let out = value;
  if (prefectHome !== undefined) out = out.replaceAll("${PREFECT_HOME}", prefectHome);
  if (out === "~") return homedir();
  if (out.startsWith("~/")) return homedir() + out.slice(1);
  // sqlite+aiosqlite:///~/x.db style URLs: expand the home after the triple slash.
  return out.replace(/^([a-z+]+:\/\/\/)~\//, (_m, scheme: string) => `${scheme}${homedir()}/`);
}

function invalid(name: SettingName, raw: unknown, origin: string | undefined): ConfigError {
  const shown = displaySettingValue(name, raw);
  const where = origin === undefined ? "" : ` (from ${origin})`;
  return new ConfigError(
    `Invalid value ${JSON.stringify(shown)} for setting ${name}${where}: expected ${describeAllowed(name)}.`,
    name,
  );
}

/**
 * Parses a raw value (a string from the environment or a profile, or an already typed override) into the
 * setting's type. `origin` names the source in the error, e.g. `env` or `profile "local"`.
 * @throws ConfigError naming the key, the value (masked when secret) and what is allowed.
 */
export function parseSettingValue(
  name: SettingName,
  raw: string | number | boolean,
  options?: { prefectHome?: string; origin?: string },
): ParsedSettingValue {
  const d: SettingDefinition = SETTINGS[name];
  const origin = options?.origin;
  const text = typeof raw === "string" ? raw.trim() : String(raw);
  switch (d.type) {
    case "integer":
    case "number": {
      const ok = d.type === "integer" ? /^[-+]?\d+$/.test(text) : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text);
      const n = Number(text);
      if (!ok || !Number.isFinite(n)) throw invalid(name, raw, origin);
      if ((d.min !== undefined && n < d.min) || (d.max !== undefined && n > d.max)) throw invalid(name, raw, origin);
      return n;
    }
    case "boolean": {
      const lower = text.toLowerCase();
      if (TRUE_WORDS.has(lower)) return true;
      if (FALSE_WORDS.has(lower)) return false;
      throw invalid(name, raw, origin);
    }
    case "enum": {
      // Prefect's log levels are case-insensitive on input and stored upper-case.
      const match = (d.allowed ?? []).find((a) => a.toLowerCase() === text.toLowerCase());
      if (match === undefined) throw invalid(name, raw, origin);
      return match;
    }
    case "url": {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        throw invalid(name, raw, origin);
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") throw invalid(name, raw, origin);
      // Prefect strips a trailing slash so `${PREFECT_API_URL}/flows/` never doubles it.
      return text.replace(/\/+$/, "");
    }
    case "path": {
      if (text === "") throw invalid(name, raw, origin);
      return expandHome(text, options?.prefectHome);
    }
    case "string":
      return expandHome(typeof raw === "string" ? raw : text, options?.prefectHome);
  }
}

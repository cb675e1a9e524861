// Hiding a block document's secret fields as Prefect does: each path of the schema's `secret_fields` ("value",
// "headers.*", "a.b") reads "********" unless the caller asks for secrets; an update sending "********" keeps the secret.
/** What Prefect shows instead of a secret value (`obfuscate`). */
export const OBFUSCATED = "********";

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The schema's secret field paths (`fields.secret_fields`), split on dots. */
export function secretPaths(fields: Json): string[][] {
  const list = fields.secret_fields;
  return Array.isArray(list) ? list.filter((p): p is string => typeof p === "string").map((p) => p.split(".")) : [];
}

function mapAt(data: Json, path: readonly string[], fn: (value: unknown, key: string, parent: Json) => void): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  const keys = head === "*" ? Object.keys(data) : head in data ? [head] : [];
  for (const key of keys) {
    const value = data[key];
    if (rest.length === 0) fn(value, key, data);
    else if (isObject(value)) mapAt(value, rest, fn);
  }
}

/** A deep copy of `data` with every secret path's value replaced by {@link OBFUSCATED}. */
export function obfuscateSecrets(data: Json, fields: Json): Json {
  const copy = structuredClone(data);
  for (const path of secretPaths(fields)) {
    mapAt(copy, path, (value, key, parent) => {
      if (value !== null && value !== undefined) parent[key] = OBFUSCATED;
    });
  }
  return copy;
}

/** `incoming` with each secret still reading {@link OBFUSCATED} put back from `stored` (an edit of an obfuscated read). */
export function restoreSecrets(incoming: Json, stored: Json, fields: Json): Json {
  const copy = structuredClone(incoming);
  for (const path of secretPaths(fields)) {
    mapAt(copy, path, (value, key, parent) => {
      if (value !== OBFUSCATED) return;
      let source: unknown = stored;
      const parentPath = path.slice(0, -1);
      for (const segment of parentPath) source = isObject(source) ? source[segment] : undefined;
      if (isObject(source) && key in source) parent[key] = source[key];
    });
  }
  return copy;
}

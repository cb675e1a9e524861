// What the block routes share when reading a request: the `include_secrets` query flag and telling a UNIQUE
// violation (a taken slug or name) from other constraint failures.

/** `?include_secrets=true` (also 1/yes/on, as FastAPI reads booleans); false when absent. */
export function includeSecretsQuery(c: { req: { query(name: string): string | undefined } }): boolean {
  const value = c.req.query("include_secrets");
  return value !== undefined && ["true", "1", "yes", "on"].includes(value.toLowerCase());
}

/** Whether `error` is SQLite's UNIQUE constraint failure. */
export function isUniqueViolation(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === "SQLITE_CONSTRAINT_UNIQUE";
}

// Parameterized SQL building blocks for Prefect's filters: each returns a WHERE fragment with its
// parameters, never a value spliced into the text. Lists travel as one JSON parameter read by json_each,
// so a statement's text depends on the filter's shape only and its prepared form is reused.

/** A WHERE fragment and its positional parameters. */
export interface Fragment {
  readonly sql: string;
  readonly params: readonly unknown[];
}

/** `and_` or `or_`, as Prefect's filter `operator` field. */
export type FilterOperator = "and_" | "or_";

/** Combines fragments with AND/OR; null when there is nothing to constrain (Prefect's `sa.true()`). */
export function combine(
  operator: FilterOperator | undefined,
  fragments: readonly (Fragment | null)[],
): Fragment | null {
  const present = fragments.filter((f): f is Fragment => f !== null);
  if (present.length === 0) return null;
  if (present.length === 1) return present[0] ?? null;
  const joiner = operator === "or_" ? " OR " : " AND ";
  return { sql: `(${present.map((f) => f.sql).join(joiner)})`, params: present.flatMap((f) => f.params) };
}

/** `column IN (list)`; an empty list matches nothing. */
export function inList(column: string, values: readonly unknown[] | null | undefined): Fragment | null {
  if (values === null || values === undefined) return null;
  return { sql: `${column} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(values)] };
}

/** `column NOT IN (list)`; rows with NULL in `column` do not match, as in SQL. */
export function notInList(column: string, values: readonly unknown[] | null | undefined): Fragment | null {
  if (values === null || values === undefined) return null;
  return { sql: `${column} NOT IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(values)] };
}

/** `column IS [NOT] NULL` when `isNull` is set. */
export function isNull(column: string, flag: boolean | null | undefined): Fragment | null {
  if (flag === null || flag === undefined) return null;
  return { sql: `${column} IS ${flag ? "" : "NOT "}NULL`, params: [] };
}

/** A comparison with one parameter (`<=`, `>=`, ...), skipped when the value is unset. */
export function compare(column: string, op: "<=" | ">=" | "=", value: unknown): Fragment | null {
  if (value === null || value === undefined) return null;
  return { sql: `${column} ${op} ?`, params: [value] };
}

/** Case-insensitive substring match, as Prefect's `like_` (`ILIKE '%value%'`). */
export function like(column: string, value: string | null | undefined): Fragment | null {
  if (value === null || value === undefined) return null;
  return { sql: `${column} LIKE '%' || ? || '%'`, params: [value] };
}

/** The JSON array in `column` contains every one of `values`. */
export function containsAll(column: string, values: readonly string[] | null | undefined): Fragment | null {
  if (values === null || values === undefined) return null;
  return {
    sql: `NOT EXISTS (SELECT 1 FROM json_each(?) AS want WHERE want.value NOT IN (SELECT value FROM json_each(${column})))`,
    params: [JSON.stringify(values)],
  };
}

/** The JSON array in `column` contains at least one of `values`. */
export function containsAny(column: string, values: readonly string[] | null | undefined): Fragment | null {
  if (values === null || values === undefined) return null;
  return {
    sql: `EXISTS (SELECT 1 FROM json_each(${column}) AS have WHERE have.value IN (SELECT value FROM json_each(?)))`,
    params: [JSON.stringify(values)],
  };
}

/** The JSON array in `column` is empty (`isEmpty` true) or not (false). */
export function emptyArray(column: string, isEmpty: boolean | null | undefined): Fragment | null {
  if (isEmpty === null || isEmpty === undefined) return null;
  return { sql: `json_array_length(${column}) ${isEmpty ? "=" : ">"} 0`, params: [] };
}

/** Wraps a fragment in a sub-query test: `prefix (... WHERE fragment)`. */
export function wrap(prefix: string, fragment: Fragment | null, suffix = ")"): Fragment | null {
  if (fragment === null) return null;
  return { sql: `${prefix}${fragment.sql}${suffix}`, params: fragment.params };
}

/** The WHERE clause text (with leading " WHERE ") and parameters of an optional fragment. */
export function whereClause(fragment: Fragment | null): { sql: string; params: readonly unknown[] } {
  return fragment === null ? { sql: "", params: [] } : { sql: ` WHERE ${fragment.sql}`, params: fragment.params };
}

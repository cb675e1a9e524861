// Shared wire pieces used by every Prefect REST model: ids, datetimes, JSON maps, labels, creators, defaults.
// Resource models live in their own files (states.ts, flows.ts, flow-runs.ts, ...).
import { z } from "zod";
import { DATETIME_PATTERN, normalizeDateTime, type NaiveDateTime } from "./datetime.js";

/**
 * A datetime schema that accepts what {@link normalizeDateTime} parses and outputs its normal form. It
 * stays a `ZodISODateTime` (format "datetime") so the client's model mapping still turns it into a `Date`;
 * only its pattern is widened (zod's params type omits `pattern`, which zod honours at run time).
 */
function dateTimeString(naive: NaiveDateTime) {
  const params = {
    pattern: DATETIME_PATTERN,
    error: 'Invalid datetime: use ISO 8601, e.g. "2024-05-01T12:00:00.123456+00:00" or "2024-05-01 12:00:00Z".',
  };
  return z.iso
    .datetime(params as unknown as Parameters<typeof z.iso.datetime>[0])
    .refine((text) => normalizeDateTime(text, naive) !== undefined, { error: params.error })
    .overwrite((text) => normalizeDateTime(text, naive) ?? text);
}

/**
 * A UUID as Prefect sends it (`format: uuid`): any 8-4-4-4-12 hex string, any version.
 * `z.guid()` rather than `z.uuid()` because Prefect (Python `UUID`) accepts ids of every variant.
 */
export const Uuid = z.guid();
/** A UUID string. */
export type Uuid = z.infer<typeof Uuid>;

/**
 * A datetime string in any form Prefect's server (pydantic) parses: `2024-05-01T12:00:00.123456+00:00`,
 * `2024-05-01 12:00:00Z`, no offset (UTC), a date alone. Parsed values are normalized by
 * {@link normalizeDateTime} (`T`, explicit offset). Datetimes stay strings on the wire models; the client
 * maps them to `Date`.
 */
export const DateTimeString = dateTimeString("utc");
/** An ISO 8601 datetime string with offset (after parsing). */
export type DateTimeString = z.infer<typeof DateTimeString>;

/** A JSON object with string keys and arbitrary values (`parameters`, `context`, `job_variables`). */
export const JsonObject = z.record(z.string(), z.unknown());
/** A JSON object with string keys. */
export type JsonObject = z.infer<typeof JsonObject>;

/** Prefect's `KeyValueLabels`: a flat map of label name to string, number or boolean. */
export const KeyValueLabels = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));
/** Key-value labels. */
export type KeyValueLabels = z.infer<typeof KeyValueLabels>;

/**
 * Prefect's `Name` type: a name without `/`, `%`, `&`, `>` or `<` (OpenAPI pattern `^[^/%&><]+$`).
 * Used for flow names, work pool names and similar URL path segments.
 */
export const Name = z.string().regex(/^[^/%&><]+$/, {
  error: 'Name must be non-empty and must not contain any of "/", "%", "&", ">", "<".',
});
/** A Prefect name. */
export type Name = z.infer<typeof Name>;

/**
 * A datetime as accepted in a few request fields where Prefect takes a naive datetime and reads it in
 * the object's time zone (e.g. `IntervalSchedule.anchor_date`): offset optional.
 */
export const LocalDateTimeString = dateTimeString("keep");
/** An ISO 8601 datetime string, offset optional. */
export type LocalDateTimeString = z.infer<typeof LocalDateTimeString>;

/**
 * A run's `name` in a create or update request: absent or `null` both mean "generate a slug" on the
 * server. The OpenAPI says `string`, but Prefect's `set_name` validator (`get_or_create_run_name`) runs
 * before it and turns `null` into a slug; Prefect's Python client always sends `"name": null` when unset.
 */
export const RunName = z.string().nullish();

/** Who or what created an object (`CreatedBy`), e.g. `{type: "SCHEDULE", id, display_value: "nightly"}`. */
export const CreatedBy = z.object({
  id: Uuid.nullable().default(null),
  type: z.string().nullable().default(null),
  display_value: z.string().nullable().default(null),
});
/** The creator of an object. */
export type CreatedBy = z.infer<typeof CreatedBy>;

/** Who or what last updated an object (`UpdatedBy`). */
export const UpdatedBy = z.object({
  id: Uuid.nullable().default(null),
  type: z.string().nullable().default(null),
  display_value: z.string().nullable().default(null),
});
/** The last updater of an object. */
export type UpdatedBy = z.infer<typeof UpdatedBy>;

/**
 * Prefect's `PREFECT_API_DEFAULT_LIMIT` (and `PREFECT_SERVER_API_DEFAULT_LIMIT`): the page size a
 * `/filter` request gets when it sends no `limit`, and the largest `limit` the server accepts.
 * @default 200
 */
export const PREFECT_API_DEFAULT_LIMIT = 200;

/**
 * Wraps a schema so that both a missing value and an explicit `null` become `value`.
 * Mirrors FastAPI's handling of embedded `Body(...)` parameters, which replaces `null` by the
 * parameter's default: Prefect's Python client sends `"sort": null`, `"limit": null` when unset.
 */
export function nullAsDefault<T extends z.ZodType>(schema: T, value: z.output<T>) {
  return schema.nullish().transform((v): z.output<T> => (v ?? value) as z.output<T>);
}

/** A `/filter` body's `offset`: rows to skip, at least 0; `null` or absent means 0. */
export function pageOffset() {
  return nullAsDefault(z.int().min(0), 0);
}

/**
 * A `/filter` body's `limit`; `null` or absent means {@link PREFECT_API_DEFAULT_LIMIT}. The upper bound
 * is a server setting, so the server checks it (422 `{detail}` as Prefect's `LimitBody` does).
 */
export function pageLimit() {
  return nullAsDefault(z.int(), PREFECT_API_DEFAULT_LIMIT);
}

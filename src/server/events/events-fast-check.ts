// A fast path for `POST /events` bodies: checks a batch by hand and builds what `EventsCreateRequest` would
// output, or gives up (undefined) so zod parses it and reports the exact 422 details. Never weaker than zod.
import {
  normalizeDateTime,
  MAXIMUM_EVENT_NAME_LENGTH,
  MAXIMUM_LABELS_PER_RESOURCE,
  MAXIMUM_RELATED_RESOURCES,
  Uuid,
  type EventsCreateRequest,
} from "../../schemas/index.js";

type Labels = Record<string, string>;

/** A JSON object (what JSON.parse makes for `{...}`). */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Labels zod's Resource / RelatedResource accept: string values, the id (and role) label set, within the cap. */
function validLabels(value: unknown, role: boolean): value is Labels {
  if (!isPlainObject(value)) return false;
  let count = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key) || key === "__proto__" || typeof value[key] !== "string") return false;
    count++;
  }
  if (count > MAXIMUM_LABELS_PER_RESOURCE) return false;
  return !!value["prefect.resource.id"] && (!role || !!value["prefect.resource.role"]);
}

function validUuid(value: unknown): value is string {
  return typeof value === "string" && Uuid.safeParse(value).success;
}

/**
 * The parsed batch when `body` is certainly a valid `EventsCreateRequest` (defaults applied, unknown keys
 * dropped, as zod does), else undefined: the caller then parses with zod for the error details.
 */
export function checkedEvents(body: unknown): EventsCreateRequest | undefined {
  if (!Array.isArray(body)) return undefined;
  const out: EventsCreateRequest = [];
  for (const e of body as unknown[]) {
    if (!isPlainObject(e)) return undefined;
    const { occurred, event, resource, id } = e;
    const related = e.related === undefined ? [] : e.related;
    const payload = e.payload === undefined ? {} : e.payload;
    const follows = e.follows === undefined ? null : e.follows;
    if (typeof event !== "string" || event.length > MAXIMUM_EVENT_NAME_LENGTH) return undefined;
    const when = typeof occurred === "string" ? normalizeDateTime(occurred) : undefined;
    if (when === undefined) return undefined;
    if (!validUuid(id) || (follows !== null && !validUuid(follows))) return undefined;
    if (!validLabels(resource, false)) return undefined;
    if (!Array.isArray(related) || related.length > MAXIMUM_RELATED_RESOURCES) return undefined;
    for (const r of related as unknown[]) if (!validLabels(r, true)) return undefined;
    // zod copies a record key by key: a JSON `__proto__` key would come out differently, so zod handles those.
    if (!isPlainObject(payload) || Object.hasOwn(payload, "__proto__")) return undefined;
    out.push({ occurred: when, event, resource, related: related as Labels[], payload, id, follows });
  }
  return out;
}

// Whether an event matches an `EventFilter`, as Prefect's filters decide it: every part given must match; within a
// part, each list given must contain a match. Label specs: exact value, a `*`-suffixed prefix, or a `!` negation.
import type {
  Event,
  EventAnyResourceFilter,
  EventFilter,
  EventNameFilter,
  EventRelatedFilter,
  EventResourceFilter,
  ResourceSpecification,
} from "../../schemas/index.js";

type Labels = Record<string, string>;

/** A list that filters: given and not empty (Prefect tests `if self.id:`, so `[]` filters nothing). */
function given<T>(list: readonly T[] | null | undefined): list is readonly T[] {
  return list != null && list.length > 0;
}

function valueMatches(value: string | undefined, expected: string): boolean {
  if (expected.startsWith("!")) return value !== expected.slice(1);
  if (value === undefined) return false;
  if (expected.endsWith("*")) return value.startsWith(expected.slice(0, -1));
  return value === expected;
}

/** Whether `labels` satisfy every label of `spec`. */
export function labelsMatch(labels: Labels, spec: ResourceSpecification): boolean {
  return Object.entries(spec).every(([label, expected]) => {
    const values = Array.isArray(expected) ? expected : [expected];
    const negations = values.filter((v) => v.startsWith("!"));
    const positives = values.filter((v) => !v.startsWith("!"));
    return (
      negations.every((v) => valueMatches(labels[label], v)) &&
      (positives.length === 0 || positives.some((v) => valueMatches(labels[label], v)))
    );
  });
}

function nameMatches(name: string, filter: EventNameFilter): boolean {
  if (given(filter.name) && !filter.name.includes(name)) return false;
  if (given(filter.prefix) && !filter.prefix.some((p) => name.startsWith(p))) return false;
  if (filter.exclude_name?.includes(name)) return false;
  if (filter.exclude_prefix?.some((p) => name.startsWith(p))) return false;
  return true;
}

function resourceMatches(resource: Labels, filter: EventResourceFilter | EventAnyResourceFilter): boolean {
  const id = resource["prefect.resource.id"] ?? "";
  if (given(filter.id) && !filter.id.includes(id)) return false;
  if (given(filter.id_prefix) && !filter.id_prefix.some((p) => id.startsWith(p))) return false;
  if (filter.labels && !labelsMatch(resource, filter.labels)) return false;
  return true;
}

function relatedMatches(related: Labels[], filter: EventRelatedFilter): boolean {
  return related.some((r) => {
    if (given(filter.id) && !filter.id.includes(r["prefect.resource.id"] ?? "")) return false;
    if (given(filter.role) && !filter.role.includes(r["prefect.resource.role"] ?? "")) return false;
    if (
      given(filter.resources_in_roles) &&
      !filter.resources_in_roles.some(
        ([id, role]) => r["prefect.resource.id"] === id && r["prefect.resource.role"] === role,
      )
    ) {
      return false;
    }
    if (filter.labels && !labelsMatch(r, filter.labels)) return false;
    return true;
  });
}

function asList<T>(value: T | T[] | null | undefined): T[] {
  return value == null ? [] : Array.isArray(value) ? value : [value];
}

/** Whether `event` matches every part of `filter` (the `occurred` window included). */
export function eventMatches(event: Event, filter: EventFilter): boolean {
  const occurred = Date.parse(event.occurred);
  if (filter.occurred?.since && occurred < Date.parse(filter.occurred.since)) return false;
  if (filter.occurred?.until && occurred > Date.parse(filter.occurred.until)) return false;
  if (filter.event && !nameMatches(event.event, filter.event)) return false;
  if (filter.resource && !resourceMatches(event.resource, filter.resource)) return false;
  if (given(filter.id?.id) && !filter.id.id.includes(event.id)) return false;
  if (!asList(filter.related).every((f) => relatedMatches(event.related, f))) return false;
  const everyResource = [event.resource, ...event.related];
  return asList(filter.any_resource).every((f) => everyResource.some((r) => resourceMatches(r, f)));
}

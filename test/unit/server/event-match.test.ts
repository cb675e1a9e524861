// eventMatches: each part of Prefect's EventFilter (names, prefixes, exclusions, resource ids and labels, related
// resources with roles, any_resource, occurred window, ids) against one event.
import { describe, expect, it } from "vitest";
import { EventFilter, type Event, type EventFilterInput } from "../../../src/schemas/index.js";
import { eventMatches, labelsMatch } from "../../../src/server/events/event-match.js";

const event: Event = {
  id: "0b3c5a0e-6a1f-4c1e-9d1c-2f3b4a5c6d7e",
  occurred: "2026-11-24T12:00:00.000Z",
  event: "prefect.flow-run.Scheduled",
  resource: {
    "prefect.resource.id": "prefect.flow-run.r1",
    "prefect.resource.name": "brave-otter",
    "prefect.state-type": "SCHEDULED",
  },
  related: [
    { "prefect.resource.id": "prefect.flow.f1", "prefect.resource.role": "flow", "prefect.resource.name": "etl" },
    {
      "prefect.resource.id": "prefect.deployment.d1",
      "prefect.resource.role": "deployment",
      "prefect.resource.name": "nightly",
    },
    { "prefect.resource.id": "prefect.tag.prod", "prefect.resource.role": "tag" },
  ],
  payload: {},
  follows: null,
};

const matches = (filter: EventFilterInput): boolean => eventMatches(event, EventFilter.parse(filter));

describe("eventMatches", () => {
  it.each<[string, EventFilterInput, boolean]>([
    ["empty filter", {}, true],
    // Prefect's Python client sends every list, empty ones included (FlowRunSubscriber: `"id": {"id": []}`):
    // an empty list filters nothing, as Prefect's `if self.id:` decides.
    [
      "Python's FlowRunSubscriber filter, empty lists included",
      {
        any_resource: { id: ["prefect.flow-run.r1"], id_prefix: null, labels: null },
        id: { id: [] },
        event: { name: [], prefix: [] },
      },
      true,
    ],
    ["empty resource and related lists", { resource: { id: [], id_prefix: [] }, related: { id: [], role: [] } }, true],
    ["name listed", { event: { name: ["prefect.flow-run.Scheduled", "x"] } }, true],
    ["name not listed", { event: { name: ["prefect.flow-run.Cancelling"] } }, false],
    ["prefix", { event: { prefix: ["prefect.flow-run."] } }, true],
    ["other prefix", { event: { prefix: ["prefect.task-run."] } }, false],
    ["excluded name", { event: { prefix: ["prefect."], exclude_name: ["prefect.flow-run.Scheduled"] } }, false],
    ["excluded prefix", { event: { exclude_prefix: ["prefect.flow-run"] } }, false],
    ["resource id", { resource: { id: ["prefect.flow-run.r1"] } }, true],
    ["resource id prefix", { resource: { id_prefix: ["prefect.flow-run."] } }, true],
    ["resource other id", { resource: { id: ["prefect.flow-run.r2"] } }, false],
    ["resource label", { resource: { labels: { "prefect.state-type": "SCHEDULED" } } }, true],
    ["resource label wildcard", { resource: { labels: { "prefect.resource.name": "brave-*" } } }, true],
    ["resource label negated", { resource: { labels: { "prefect.state-type": "!SCHEDULED" } } }, false],
    ["related id and role together", { related: { id: ["prefect.deployment.d1"], role: ["deployment"] } }, true],
    ["related id with another role", { related: { id: ["prefect.deployment.d1"], role: ["flow"] } }, false],
    ["related resources_in_roles", { related: { resources_in_roles: [["prefect.flow.f1", "flow"]] } }, true],
    ["every related filter of a list", { related: [{ role: ["tag"] }, { id: ["prefect.deployment.d2"] }] }, false],
    ["any_resource on a related one", { any_resource: { id: ["prefect.tag.prod"] } }, true],
    ["any_resource none", { any_resource: { id_prefix: ["prefect.work-pool."] } }, false],
    ["occurred inside", { occurred: { since: "2026-11-24T11:00:00Z", until: "2026-11-24T13:00:00+01:00" } }, true],
    ["occurred before since", { occurred: { since: "2026-11-24T12:00:01Z" } }, false],
    ["event id", { id: { id: [event.id] } }, true],
  ])("%s", (_name, filter, expected) => {
    expect(matches(filter)).toBe(expected);
  });

  it("labels: a list of values matches any, negations must all hold", () => {
    expect(labelsMatch({ a: "x" }, { a: ["y", "x"] })).toBe(true);
    expect(labelsMatch({ a: "x" }, { a: ["!y", "!x"] })).toBe(false);
    expect(labelsMatch({}, { a: "x" })).toBe(false);
  });
});

// The POST /events fast path gives exactly zod's output for valid batches and defers to zod for anything else.
import { describe, expect, it } from "vitest";
import { checkedEvents } from "../../../src/server/events/events-fast-check.js";
import { EventsCreateRequest } from "../../../src/schemas/index.js";

const id = "0190b6d2-6f2e-7a3b-8c4d-5e6f7a8b9c0d";
const valid = {
  id,
  occurred: "2026-01-01T00:00:00.123456+00:00",
  event: "prefect.task-run.Running",
  resource: { "prefect.resource.id": `prefect.task-run.${id}`, "prefect.resource.name": "t" },
  related: [{ "prefect.resource.id": `prefect.flow-run.${id}`, "prefect.resource.role": "flow-run" }],
  payload: { intended: { from: null, to: "RUNNING" } },
  follows: null,
};

describe("checkedEvents", () => {
  it("matches zod's output for valid events, defaults applied and unknown keys dropped", () => {
    const minimal = { id, occurred: valid.occurred, event: "x", resource: valid.resource, extra: 1 };
    // Every datetime form pydantic parses, normalized as zod normalizes it (Python's str(datetime), a date alone).
    const python = { ...valid, occurred: "2026-01-01 00:00:00.123456" };
    const dateOnly = { ...valid, occurred: "2026-01-01" };
    for (const body of [[valid], [minimal], [], [valid, { ...valid, follows: id }], [python, dateOnly]]) {
      expect(checkedEvents(body)).toEqual(EventsCreateRequest.parse(body));
    }
  });

  it("defers to zod (undefined) for every invalid shape", () => {
    const invalid: unknown[] = [
      {},
      [null],
      [{ ...valid, id: "nope" }],
      [{ ...valid, follows: "nope" }],
      [{ ...valid, occurred: "2026-01-01T25:00:00Z" }],
      [{ ...valid, occurred: "01/01/2026" }],
      [{ ...valid, event: "e".repeat(1025) }],
      [{ ...valid, resource: { "prefect.resource.name": "t" } }],
      [{ ...valid, resource: { "prefect.resource.id": "" } }],
      [{ ...valid, resource: { "prefect.resource.id": "a", n: 1 } }],
      [{ ...valid, related: [{ "prefect.resource.id": "a" }] }],
      [{ ...valid, related: null }],
      [{ ...valid, payload: null }],
      [{ ...valid, payload: [] }],
      [
        JSON.parse(
          `{"id":"${id}","occurred":"${valid.occurred}","event":"x","resource":{"prefect.resource.id":"a"},"payload":{"__proto__":{}}}`,
        ),
      ],
    ];
    for (const body of invalid) expect(checkedEvents(body)).toBeUndefined();
  });
});

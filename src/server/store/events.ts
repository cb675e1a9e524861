// The `event` table: events sent to POST /events that no recorder turns into rows of their own, stored whole
// (idempotent on the event id), and read back in order of occurrence (the backfill of an `/events/out` subscriber).
import type Database from "better-sqlite3";
import type { Event } from "../../schemas/index.js";
import { fromJson, toUtc } from "./codec.js";
import type { Connection } from "./connection.js";

/** Event rows. */
export class EventsTable {
  private readonly insertEvent: Database.Statement;
  private readonly countEvents: Database.Statement<[], { n: number }>;
  private readonly since: Database.Statement<[string, number], Record<string, string | null>>;

  constructor(conn: Connection) {
    this.insertEvent = conn.db.prepare(
      `INSERT INTO event (id, occurred, event, resource_id, resource, related, payload, follows, received)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.countEvents = conn.db.prepare("SELECT count(*) AS n FROM event");
    this.since = conn.db.prepare(
      "SELECT id, occurred, event, resource, related, payload, follows, received FROM event WHERE occurred >= ? ORDER BY occurred ASC, id ASC LIMIT ?",
    );
  }

  /** Stores `event` unless an event with its id is stored already; `received` is when the server got it. */
  insert(event: Event, received: Date): void {
    this.insertEvent.run(
      event.id.toLowerCase(),
      toUtc(event.occurred),
      event.event,
      event.resource["prefect.resource.id"] ?? "",
      JSON.stringify(event.resource),
      JSON.stringify(event.related),
      JSON.stringify(event.payload),
      event.follows,
      received.toISOString(),
    );
  }

  /** Stored events that occurred at or after `since`, oldest first, at most `limit`, with when each was received. */
  occurredSince(since: Date, limit: number): (Event & { received: string })[] {
    return this.since.all(since.toISOString(), limit).map((row) => ({
      id: row.id as string,
      occurred: row.occurred as string,
      event: row.event as string,
      resource: fromJson<Event["resource"]>(row.resource, {}),
      related: fromJson<Event["related"]>(row.related, []),
      payload: fromJson<Event["payload"]>(row.payload, {}),
      follows: row.follows ?? null,
      received: row.received as string,
    }));
  }

  /** How many events are stored. */
  count(): number {
    return this.countEvents.get()?.n ?? 0;
  }
}

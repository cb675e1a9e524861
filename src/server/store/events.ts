// The `event` table: events sent to POST /events that no recorder turns into rows of their own, stored whole
// (idempotent on the event id). Reading them back comes with the events API later.
import type Database from "better-sqlite3";
import type { Event } from "../../schemas/index.js";
import { toUtc } from "./codec.js";
import type { Connection } from "./connection.js";

/** Event rows. */
export class EventsTable {
  private readonly insertEvent: Database.Statement;
  private readonly countEvents: Database.Statement<[], { n: number }>;

  constructor(conn: Connection) {
    this.insertEvent = conn.db.prepare(
      `INSERT INTO event (id, occurred, event, resource_id, resource, related, payload, follows, received)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    this.countEvents = conn.db.prepare("SELECT count(*) AS n FROM event");
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

  /** How many events are stored. */
  count(): number {
    return this.countEvents.get()?.n ?? 0;
  }
}

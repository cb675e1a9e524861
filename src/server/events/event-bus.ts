// The server's in-process event stream: events are published once their write has committed (POST /events, and the
// flow-run state events the server emits itself) and reach every live subscriber, e.g. an `/events/out` websocket.
// The last events published are kept in memory for a new subscriber's backfill.
import type { Event } from "../../schemas/index.js";

/** An event as the server received it (`ReceivedEvent`): the sent event plus when the server got it. */
export type ReceivedEvent = Event & { received: string };

/** Receives published events; must not throw (a throw is swallowed and the listener stays subscribed). */
export type EventListener = (event: ReceivedEvent) => void;

/** How many published events {@link EventBus.recent} keeps (Prefect's backfill cap). */
export const RECENT_EVENTS = 1000;

/** Fan-out of committed events to live subscribers. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();
  #recent: ReceivedEvent[] = [];

  /** Whether anyone listens (emitters may skip building events when nobody does and nothing is stored). */
  get hasSubscribers(): boolean {
    return this.#listeners.size > 0;
  }

  /** Calls `listener` for every event published from now on; returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The last {@link RECENT_EVENTS} events published, oldest first. */
  recent(): readonly ReceivedEvent[] {
    return this.#recent;
  }

  /** Hands `event` to every subscriber and remembers it among the recent ones. */
  publish(event: ReceivedEvent): void {
    this.#recent.push(event);
    if (this.#recent.length > RECENT_EVENTS * 2) this.#recent = this.#recent.slice(-RECENT_EVENTS);
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // one subscriber's failure never reaches the writer or the other subscribers
      }
    }
  }
}

// The server's in-process event stream: events are published once their write has committed (POST /events, and the
// flow-run state events the server emits itself) and reach every live subscriber, e.g. an `/events/out` websocket.
import type { Event } from "../../schemas/index.js";

/** An event as the server received it (`ReceivedEvent`): the sent event plus when the server got it. */
export type ReceivedEvent = Event & { received: string };

/** Receives published events; must not throw (a throw is swallowed and the listener stays subscribed). */
export type EventListener = (event: ReceivedEvent) => void;

/** Fan-out of committed events to live subscribers. */
export class EventBus {
  readonly #listeners = new Set<EventListener>();

  /** Whether anyone listens (emitters may skip building events when nobody does and nothing is stored). */
  get hasSubscribers(): boolean {
    return this.#listeners.size > 0;
  }

  /** Calls `listener` for every event published from now on; returns the unsubscribe. */
  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Hands `event` to every subscriber. */
  publish(event: ReceivedEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // one subscriber's failure never reaches the writer or the other subscribers
      }
    }
  }
}

// Event routes of the client: send a batch of events (`POST /events`), as Prefect's engine reports task-run
// state changes, and subscribe to the event stream. Resource labels and payloads are the sender's: they pass through.
import * as schemas from "../schemas/index.js";
import type { HttpTransport } from "./http.js";
import {
  subscribeEvents,
  type EventSubscription,
  type ReceivedEvent,
  type SubscribeEventsOptions,
} from "./event-subscriber.js";
import type { InputOf } from "./models.js";
import { toWire } from "./wire-mapper.js";

/**
 * One event to send: camelCase of Prefect's `Event` (`occurred` may be a Date); `resource`, `related` and
 * `payload` are sent exactly as given (snake_case keys inside a payload stay snake_case).
 */
export type EventInput = InputOf<typeof schemas.Event>;

/** The event methods of PrefectClient. */
export interface EventsApi {
  /**
   * Records a batch of events (`POST /events`, 204). Task-run state events (`prefect.task-run.<State>`) create
   * and update task runs on the server, as Prefect 3's task run recorder does.
   * @throws ObjectNotFoundError when the API has no events endpoint; ValidationError on a malformed event
   */
  createEvents(events: EventInput[]): Promise<void>;
  /**
   * Calls `listener` for every event matching `filter` from now on (Prefect's `/events/out` websocket; in embedded
   * mode the in-process server's stream), e.g. `{ event: { name: ["prefect.flow-run.Cancelling"] } }`. Reconnects
   * with backoff, replaying what it missed, until `close()`.
   * @example
   * const sub = client.subscribeEvents({ event: { prefix: ["prefect.flow-run."] } }, (e) => console.log(e.event));
   * await sub.ready;
   */
  subscribeEvents(
    filter: schemas.EventFilterInput,
    listener: (event: ReceivedEvent) => void,
    options?: SubscribeEventsOptions,
  ): EventSubscription;
}

/** Builds the event methods over a transport. */
export function eventsApi(http: HttpTransport): EventsApi {
  return {
    createEvents: (events) => http.request("POST", "events", { json: toWire(schemas.EventsCreateRequest, events) }),
    subscribeEvents: (filter, listener, options) => subscribeEvents(http, filter, listener, options),
  };
}

// Takes in a batch of sent events the one way both entrances do (`POST /events`, the `/events/in` websocket):
// recorded in one write (task-run state events become task runs), then handed to live subscribers.
import type { Event } from "../../schemas/index.js";
import type { Store } from "../store/store.js";
import { recordEvents, type RecordSummary } from "./task-run-recorder.js";

/** Records `events` (received at `at`) and publishes them, once committed, to the event bus. */
export function ingestEvents(store: Store, events: readonly Event[], at: Date): RecordSummary {
  const summary = store.write(() => recordEvents(store, events, at));
  if (store.eventBus.hasSubscribers) {
    const received = at.toISOString();
    for (const event of events) store.eventBus.publish({ ...event, received });
  }
  return summary;
}

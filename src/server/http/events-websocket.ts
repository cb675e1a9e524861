// Prefect's event subscription websocket, `/api/events/out`: the shared handshake (prefect-socket.ts), then
// `{"type":"filter","filter":EventFilter,"backfill":bool}` (invalid: close 1002); from then on the matching stored
// events (backfill) and every matching committed event as `{"type":"event","event":...}`.
import type { WebSocket } from "ws";
import { EventFilter } from "../../schemas/index.js";
import type { ReceivedEvent } from "../events/event-bus.js";
import { eventMatches } from "../events/event-match.js";
import type { Store } from "../store/store.js";
import { acceptPrefectSocket, WS_CLOSE } from "./prefect-socket.js";

/** At most this many stored events are replayed to a new subscriber (Prefect's backfill cap). */
export const BACKFILL_LIMIT = 1000;
/** A backfill without `occurred.since` starts this long ago. */
const DEFAULT_BACKFILL_MS = 60 * 60_000;
/** A client that has not sent its filter within this long after authenticating is closed. */
const FILTER_TIMEOUT_MS = 20_000;

const { PROTOCOL_ERROR, POLICY_VIOLATION } = WS_CLOSE;

/** What the websocket routes need from the server. */
export interface WebSocketRouteOptions {
  store: Store;
  /** `PREFECT_SERVER_API_AUTH_STRING`: when set, the auth message's token must equal it. */
  authString?: string;
  /** The server's clock (the default backfill window ends now). */
  now: () => Date;
}

/**
 * The events a new subscriber gets first, oldest first, at most {@link BACKFILL_LIMIT}: those sent to POST /events
 * (stored) and the server's own recent ones (in memory), matching the filter, since `occurred.since` (default: an
 * hour ago).
 */
function backfill(store: Store, filter: EventFilter, now: Date): ReceivedEvent[] {
  const since = filter.occurred?.since
    ? new Date(filter.occurred.since)
    : new Date(now.getTime() - DEFAULT_BACKFILL_MS);
  const byId = new Map<string, ReceivedEvent>();
  for (const event of [...store.events.occurredSince(since, BACKFILL_LIMIT * 10), ...store.eventBus.recent()]) {
    if (Date.parse(event.occurred) >= since.getTime() && eventMatches(event, filter)) byId.set(event.id, event);
  }
  return [...byId.values()].sort((a, b) => Date.parse(a.occurred) - Date.parse(b.occurred)).slice(-BACKFILL_LIMIT);
}

/** Serves one `/api/events/out` connection: the handshake, the filter, then backfill and live events. */
export function serveEventsOut(ws: WebSocket, { store, authString, now }: WebSocketRouteOptions): void {
  let stage: "filter" | "live" = "filter";
  let unsubscribe: (() => void) | undefined;
  let timeout: NodeJS.Timeout | undefined;
  const send = (event: ReceivedEvent): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: "event", event }));
  };
  ws.on("close", () => {
    clearTimeout(timeout);
    unsubscribe?.();
  });
  const onAuthenticated = (): void => {
    timeout = setTimeout(() => ws.close(POLICY_VIOLATION, "no filter message in time"), FILTER_TIMEOUT_MS);
  };
  acceptPrefectSocket(
    ws,
    authString,
    (message) => {
      if (stage === "filter") {
        const parsed = message?.type === "filter" ? EventFilter.safeParse(message.filter ?? {}) : undefined;
        if (!parsed?.success) {
          const why = parsed
            ? parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join("; ")
            : 'expected {"type": "filter", "filter": {...}}';
          return ws.close(PROTOCOL_ERROR, `Invalid filter: ${why}`.slice(0, 120));
        }
        clearTimeout(timeout);
        stage = "live";
        const filter = parsed.data;
        // Subscribe before reading the backfill so nothing committed in between is lost; the ids dedupe the overlap.
        const sent = new Set<string>();
        const live: ReceivedEvent[] = [];
        let replaying = true;
        unsubscribe = store.eventBus.subscribe((event) => {
          if (!eventMatches(event, filter)) return;
          if (replaying) live.push(event);
          else send(event);
        });
        if (message?.backfill !== false) {
          for (const event of backfill(store, filter, now())) {
            sent.add(event.id);
            send(event);
          }
        }
        replaying = false;
        for (const event of live) if (!sent.has(event.id)) send(event);
      }
    },
    onAuthenticated,
  );
}

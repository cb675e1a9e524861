// Prefect's event subscription websocket, `/api/events/out`, on the standalone server: subprotocol `prefect` (else
// close 1002), `{"type":"auth","token"}` answered by `{"type":"auth_success"}` (a wrong token against an auth string:
// close 1008), then `{"type":"filter","filter":EventFilter,"backfill":bool}` (invalid: close 1002); from then on the
// matching stored events (backfill) and every matching committed event as `{"type":"event","event":...}`.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import { EventFilter } from "../../schemas/index.js";
import type { ReceivedEvent } from "../events/event-bus.js";
import { eventMatches } from "../events/event-match.js";
import type { Store } from "../store/store.js";

/** The path of the subscription endpoint. */
export const EVENTS_OUT_PATH = "/api/events/out";
/** At most this many stored events are replayed to a new subscriber (Prefect's backfill cap). */
export const BACKFILL_LIMIT = 1000;
/** A backfill without `occurred.since` starts this long ago. */
const DEFAULT_BACKFILL_MS = 60 * 60_000;
/** A client that has not authenticated and sent its filter within this long is closed. */
const HANDSHAKE_TIMEOUT_MS = 20_000;

const PROTOCOL_ERROR = 1002;
const POLICY_VIOLATION = 1008;
const GOING_AWAY = 1001;

/** Options of {@link attachEventsWebSocket}. */
export interface EventsWebSocketOptions {
  store: Store;
  /** `PREFECT_SERVER_API_AUTH_STRING`: when set, the auth message's token must equal it. */
  authString?: string;
  /** The server's clock (the default backfill window ends now). */
  now: () => Date;
}

/** The running endpoint; `close()` ends every subscription (code 1001) so the HTTP server can close. */
export interface EventsWebSocket {
  close(): void;
}

function parse(data: RawData): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data.toString());
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Serves `/api/events/out` on `server`'s upgrade requests (other upgrade paths are refused with 404). */
export function attachEventsWebSocket(server: Server, options: EventsWebSocketOptions): EventsWebSocket {
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has("prefect") ? "prefect" : false),
  });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = new URL(request.url ?? "/", "http://local").pathname.replace(/\/+$/, "");
    if (path !== EVENTS_OUT_PATH) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => subscribe(ws, options));
  };
  server.on("upgrade", onUpgrade);
  return {
    close() {
      server.off("upgrade", onUpgrade);
      for (const client of wss.clients) client.close(GOING_AWAY, "server shutting down");
      wss.close();
    },
  };
}

/**
 * The events a new subscriber gets first, oldest first, at most {@link BACKFILL_LIMIT}: those sent to POST /events
 * (stored) and the server's own recent ones (in memory), matching the filter, since `occurred.since` (default: an
 * hour ago).
 */
function backfill(store: Store, filter: EventFilter, now: Date): ReceivedEvent[] {
  const since = filter.occurred?.since ? new Date(filter.occurred.since) : new Date(now.getTime() - DEFAULT_BACKFILL_MS);
  const byId = new Map<string, ReceivedEvent>();
  for (const event of [...store.events.occurredSince(since, BACKFILL_LIMIT * 10), ...store.eventBus.recent()]) {
    if (Date.parse(event.occurred) >= since.getTime() && eventMatches(event, filter)) byId.set(event.id, event);
  }
  return [...byId.values()].sort((a, b) => Date.parse(a.occurred) - Date.parse(b.occurred)).slice(-BACKFILL_LIMIT);
}

function subscribe(ws: WebSocket, { store, authString, now }: EventsWebSocketOptions): void {
  if (ws.protocol !== "prefect") {
    ws.close(PROTOCOL_ERROR, "the subprotocol must be 'prefect'");
    return;
  }
  let stage: "auth" | "filter" | "live" = "auth";
  let unsubscribe: (() => void) | undefined;
  const timeout = setTimeout(() => ws.close(POLICY_VIOLATION, "no auth and filter messages in time"), HANDSHAKE_TIMEOUT_MS);
  const send = (event: ReceivedEvent): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ type: "event", event }));
  };
  ws.on("close", () => {
    clearTimeout(timeout);
    unsubscribe?.();
  });
  ws.on("error", () => ws.terminate());
  ws.on("message", (data) => {
    const message = parse(data);
    if (stage === "auth") {
      if (message?.type !== "auth") return ws.close(POLICY_VIOLATION, "the first message must be {\"type\": \"auth\", \"token\": ...}");
      if (authString && message.token !== authString) return ws.close(POLICY_VIOLATION, "authentication failed");
      stage = "filter";
      ws.send(JSON.stringify({ type: "auth_success" }));
      return;
    }
    if (stage === "filter") {
      const parsed = message?.type === "filter" ? EventFilter.safeParse(message.filter ?? {}) : undefined;
      if (!parsed?.success) {
        const why = parsed ? parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join("; ") : "expected {\"type\": \"filter\", \"filter\": {...}}";
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
  });
}

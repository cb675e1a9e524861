// Prefect's event ingestion websocket, `/api/events/in` (prefect/server/api/events.py `stream_events_in`): after
// the handshake every text message is one Event, taken in as `POST /events` takes a batch (task-run state events
// become task runs, as Prefect's task-run recorder does). An invalid event closes the socket with 1002.
import type { WebSocket } from "ws";
import { Event } from "../../schemas/index.js";
import { ingestEvents } from "../events/ingest-events.js";
import type { WebSocketRouteOptions } from "./events-websocket.js";
import { acceptPrefectSocket, WS_CLOSE } from "./prefect-socket.js";

/** Serves one `/api/events/in` connection. */
export function serveEventsIn(ws: WebSocket, { store, authString, now }: WebSocketRouteOptions): void {
  acceptPrefectSocket(ws, authString, (message) => {
    const parsed = Event.safeParse(message);
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join(".") || "event"}: ${i.message}`).join("; ");
      ws.close(WS_CLOSE.PROTOCOL_ERROR, `Invalid event: ${why}`.slice(0, 120));
      return;
    }
    try {
      ingestEvents(store, [parsed.data], now());
    } catch (error) {
      // Prefect drops the connection when publishing fails; the client reconnects and resends what it kept.
      ws.close(1011, `could not record the event: ${String(error)}`.slice(0, 120));
    }
  });
}

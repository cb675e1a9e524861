// Prefect's live log websocket, `/api/logs/out` (prefect/server/api/logs.py `stream_logs_out`): after the handshake
// `{"type":"filter","filter":LogFilter}` (else close 1002); then every committed log that matches, as
// `{"type":"log","log":Log}`. No backfill, as in Prefect.
import type { WebSocket } from "ws";
import { LogFilter } from "../../schemas/index.js";
import { logBusOf, logMatches } from "../logs/log-stream.js";
import type { WebSocketRouteOptions } from "./events-websocket.js";
import { acceptPrefectSocket, WS_CLOSE } from "./prefect-socket.js";

/** Serves one `/api/logs/out` connection. */
export function serveLogsOut(ws: WebSocket, { store, authString }: WebSocketRouteOptions): void {
  let unsubscribe: (() => void) | undefined;
  ws.on("close", () => unsubscribe?.());
  acceptPrefectSocket(ws, authString, (message) => {
    if (unsubscribe !== undefined) return; // Prefect reads nothing after the filter
    if (message?.type !== "filter") {
      ws.close(WS_CLOSE.PROTOCOL_ERROR, "Expected 'filter' message");
      return;
    }
    const parsed = LogFilter.safeParse(message.filter ?? {});
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join(".") || "filter"}: ${i.message}`).join("; ");
      ws.close(WS_CLOSE.PROTOCOL_ERROR, `Invalid filter: ${why}`.slice(0, 120));
      return;
    }
    const filter = parsed.data;
    unsubscribe = logBusOf(store).subscribe((log) => {
      if (ws.readyState === ws.OPEN && logMatches(log, filter)) ws.send(JSON.stringify({ type: "log", log }));
    });
  });
}

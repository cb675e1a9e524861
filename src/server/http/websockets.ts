// The websocket routes of the standalone server, on its HTTP upgrade requests: one `ws` server, a table of paths
// under the API prefix, 404 for any other path. Each route's protocol lives in its own file.
import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type WebSocket } from "ws";
import { serveEventsIn } from "./events-in-websocket.js";
import { serveEventsOut, type WebSocketRouteOptions } from "./events-websocket.js";
import { serveLogsOut } from "./logs-websocket.js";
import { WS_CLOSE } from "./prefect-socket.js";
import { serveTaskRunSubscription } from "./task-run-subscription-websocket.js";

/** The websocket paths, relative to the API prefix, and what serves each. */
export const WEBSOCKET_ROUTES: Readonly<Record<string, (ws: WebSocket, options: WebSocketRouteOptions) => void>> = {
  "/events/in": serveEventsIn,
  "/events/out": serveEventsOut,
  "/logs/out": serveLogsOut,
  "/task_runs/subscriptions/scheduled": serveTaskRunSubscription,
};

/** Options of {@link attachWebSockets}. */
export interface WebSocketsOptions extends WebSocketRouteOptions {
  /** Where the API is mounted. @default "/api" */
  basePath?: string;
}

/** The running websocket routes; `close()` ends every connection (code 1001) so the HTTP server can close. */
export interface WebSockets {
  close(): void;
}

/** Serves {@link WEBSOCKET_ROUTES} on `server`'s upgrade requests (other upgrade paths are refused with 404). */
export function attachWebSockets(server: Server, options: WebSocketsOptions): WebSockets {
  const base = (options.basePath ?? "/api").replace(/\/+$/, "");
  const wss = new WebSocketServer({
    noServer: true,
    handleProtocols: (protocols) => (protocols.has("prefect") ? "prefect" : false),
  });
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = new URL(request.url ?? "/", "http://local").pathname.replace(/\/+$/, "");
    const route = path.startsWith(base + "/") ? WEBSOCKET_ROUTES[path.slice(base.length)] : undefined;
    if (route === undefined) {
      socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => route(ws, options));
  };
  server.on("upgrade", onUpgrade);
  return {
    close() {
      server.off("upgrade", onUpgrade);
      for (const client of wss.clients) client.close(WS_CLOSE.GOING_AWAY, "server shutting down");
      wss.close();
    },
  };
}

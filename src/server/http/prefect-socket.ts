// Prefect's websocket handshake, shared by every websocket route (prefect/server/utilities/subscriptions.py
// `accept_prefect_socket`): subprotocol `prefect`, then `{"type":"auth","token"}` answered by `{"type":"auth_success"}`.
// What each route does after the handshake lives in its own file.
import { timingSafeEqual } from "node:crypto";
import type { RawData, WebSocket } from "ws";

/** Close codes Prefect's websocket routes use. */
export const WS_CLOSE = { GOING_AWAY: 1001, PROTOCOL_ERROR: 1002, POLICY_VIOLATION: 1008 } as const;

/** A client that has not authenticated within this long is closed. */
export const HANDSHAKE_TIMEOUT_MS = 20_000;

/** A JSON object message, or undefined when `data` is not one. */
export function parseMessage(data: RawData): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(data.toString());
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function sameToken(sent: unknown, expected: string): boolean {
  if (typeof sent !== "string") return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Runs the handshake on a fresh socket, then hands every later message to `onMessage` (its parsed JSON object,
 * or undefined, and the raw data). Without the `prefect` subprotocol the socket closes 1002; a first message
 * that is not auth, or a wrong token against the server's auth string, closes it 1008.
 */
export function acceptPrefectSocket(
  ws: WebSocket,
  authString: string | undefined,
  onMessage: (message: Record<string, unknown> | undefined, data: RawData) => void,
  onAuthenticated?: () => void,
): void {
  if (ws.protocol !== "prefect") {
    ws.close(WS_CLOSE.PROTOCOL_ERROR, "the subprotocol must be 'prefect'");
    return;
  }
  let authenticated = false;
  const timeout = setTimeout(
    () => ws.close(WS_CLOSE.POLICY_VIOLATION, "no auth message in time"),
    HANDSHAKE_TIMEOUT_MS,
  );
  ws.on("close", () => clearTimeout(timeout));
  ws.on("error", () => ws.terminate());
  ws.on("message", (data) => {
    const message = parseMessage(data);
    if (authenticated) return onMessage(message, data);
    if (message?.type !== "auth")
      return ws.close(WS_CLOSE.POLICY_VIOLATION, 'the first message must be {"type": "auth", "token": ...}');
    if (authString && !sameToken(message.token, authString))
      return ws.close(WS_CLOSE.POLICY_VIOLATION, "authentication failed");
    authenticated = true;
    clearTimeout(timeout);
    ws.send(JSON.stringify({ type: "auth_success" }));
    onAuthenticated?.();
  });
}

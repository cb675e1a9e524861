// Prefect's background task subscription, `/api/task_runs/subscriptions/scheduled` (prefect/server/api/task_runs.py
// `scheduled_task_subscription`): after the handshake `{"type":"subscribe","keys":[task keys],"client_id"}` (else
// close 4001); then one queued TaskRun at a time as JSON, each answered by `{"type":"ack"}` before the next
// (`{"type":"quit"}` ends it). A run sent but not acknowledged goes back to its key's retry queue.
import type { WebSocket } from "ws";
import type { TaskRun } from "../../schemas/index.js";
import { taskQueuesOf, type TaskSubscriber } from "../task-queue.js";
import type { WebSocketRouteOptions } from "./events-websocket.js";
import { acceptPrefectSocket } from "./prefect-socket.js";

/** Prefect's close code for a protocol violation on this route. */
const PROTOCOL_VIOLATION = 4001;

/** Serves one `/api/task_runs/subscriptions/scheduled` connection. */
export function serveTaskRunSubscription(ws: WebSocket, { store, authString }: WebSocketRouteOptions): void {
  const queues = taskQueuesOf(store);
  let subscriber: TaskSubscriber | undefined;
  let inFlight: TaskRun | undefined;
  ws.on("close", () => {
    if (subscriber !== undefined) queues.remove(subscriber);
    if (inFlight !== undefined) queues.retry(inFlight);
    inFlight = undefined;
  });
  acceptPrefectSocket(ws, authString, (message) => {
    if (subscriber === undefined) {
      const keys =
        message?.type === "subscribe" && Array.isArray(message.keys)
          ? message.keys.filter((k) => typeof k === "string")
          : [];
      const why =
        message?.type !== "subscribe"
          ? "expected 'subscribe' message"
          : keys.length === 0
            ? "expected 'keys' in subscribe message"
            : typeof message.client_id !== "string" || message.client_id === ""
              ? "expected 'client_id' in subscribe message"
              : undefined;
      if (why !== undefined) {
        ws.close(PROTOCOL_VIOLATION, `Protocol violation: ${why}`);
        return;
      }
      subscriber = {
        keys: new Set(keys as string[]),
        deliver(run) {
          if (ws.readyState !== ws.OPEN) {
            queues.retry(run);
            return;
          }
          inFlight = run;
          ws.send(JSON.stringify(run));
        },
      };
      queues.ready(subscriber);
      return;
    }
    if (message?.type === "ack" && inFlight !== undefined) {
      inFlight = undefined;
      queues.ready(subscriber);
      return;
    }
    if (message?.type === "quit") {
      ws.close();
      return;
    }
    ws.close(PROTOCOL_VIOLATION, "Protocol violation: expected 'ack' message");
  });
}

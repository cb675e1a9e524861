// The in-process sender of PrefectClient: each call becomes one `Request` handed straight to the server app's
// `fetch` (the embedded server, the in-process test server). No socket, so no ky, retries, timeouts or cloning.
import type { EventFilterInput } from "../schemas/index.js";
import type { EventSubscription, ReceivedEvent } from "./event-subscriber.js";

/** A server app's request handler, e.g. a Hono app's `app.fetch` (may answer synchronously). */
export type InProcessHandler = (request: Request) => Response | Promise<Response>;

/** An in-process server's event stream: calls `listener` for each matching event it commits, until `close()`. */
export type InProcessEvents = (filter: EventFilterInput, listener: (event: ReceivedEvent) => void) => EventSubscription;

/** An in-process server: its handler and, when it has one, its event stream (there is no websocket in-process). */
export interface InProcessServer {
  readonly fetch: InProcessHandler;
  readonly subscribeEvents?: InProcessEvents;
}

/** What a sender needs for one call: method, path relative to the API URL, JSON body and query. */
export interface Outgoing {
  readonly method: string;
  readonly path: string;
  readonly json?: unknown;
  readonly searchParams?: Record<string, string>;
}

/** Sends one call and resolves to the server's Response (any status); failures to reach it reject. */
export type Sender = (call: Outgoing) => Promise<Response>;

/**
 * A sender that calls `handler` directly with a `Request` for `apiUrl/path`.
 * @param apiUrl the API base URL without trailing slash (only used to build request URLs)
 * @param headers sent with every request (auth)
 */
export function inProcessSender(
  apiUrl: string,
  headers: Readonly<Record<string, string>>,
  handler: InProcessHandler,
): Sender {
  const base = apiUrl + "/";
  const jsonHeaders = { ...headers, "content-type": "application/json" };
  return async (call) => {
    let url = base + call.path;
    if (call.searchParams) {
      const query = new URLSearchParams(call.searchParams).toString();
      if (query.length > 0) url += "?" + query;
    }
    const init: RequestInit =
      call.json === undefined
        ? { method: call.method, headers }
        : { method: call.method, headers: jsonHeaders, body: JSON.stringify(call.json) };
    return handler(new Request(url, init));
  };
}

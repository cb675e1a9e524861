// Subscribing to the API's event stream: Prefect's `/events/out` websocket (subprotocol `prefect`, an auth message,
// then a filter), reconnecting with backoff and resuming from the last event seen; in embedded mode the in-process
// server's stream instead (there is no socket). Runners and workers use it to hear of new and cancelled runs at once.
import type WebSocket from "ws";
import type * as schemas from "../schemas/index.js";
import type { InProcessEvents } from "./in-process-transport.js";

/** An event as the server received it (Prefect's `ReceivedEvent`): labels and payload exactly as sent. */
export type ReceivedEvent = schemas.Event & { received: string };

/** Options of `subscribeEvents`. */
export interface SubscribeEventsOptions {
  /** Replay stored events matching the filter first (from `filter.occurred.since`, else the last hour). @default false */
  backfill?: boolean;
  /** Told when the connection drops or is refused (it is retried with backoff until `close()`). */
  onError?: (error: Error) => void;
}

/** A live subscription. */
export interface EventSubscription {
  /** Resolves once the server accepted the filter (the first time); rejects if `close()` comes first. */
  readonly ready: Promise<void>;
  /** Ends the subscription; no listener call follows. */
  close(): void;
}

/** Where and how to subscribe. */
export interface EventSource {
  readonly apiUrl: string;
  /** The auth message's token: the API key, or the server's auth string. */
  readonly authToken: string | undefined;
  /** The in-process server's own stream, used instead of the websocket when set. */
  readonly inProcessEvents: InProcessEvents | undefined;
}

/** Past this many remembered ids the oldest are forgotten (they only dedupe a resumed backfill). */
const SEEN_IDS = 2000;

/** The websocket URL of `/events/out` under `apiUrl` (http -> ws, https -> wss). */
export function eventsOutUrl(apiUrl: string): string {
  return `${apiUrl.replace(/^http/, "ws").replace(/\/+$/, "")}/events/out`;
}

/** Subscribes `listener` to the events matching `filter`. */
export function subscribeEvents(
  source: EventSource,
  filter: schemas.EventFilterInput,
  listener: (event: ReceivedEvent) => void,
  options: SubscribeEventsOptions = {},
): EventSubscription {
  const inProcess = source.inProcessEvents;
  if (inProcess) return inProcess(filter, listener);
  return new SocketSubscription(source, filter, listener, options);
}

class SocketSubscription implements EventSubscription {
  readonly ready: Promise<void>;
  #resolveReady!: () => void;
  #rejectReady!: (error: Error) => void;
  #socket: WebSocket | undefined;
  #closed = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #lastOccurred: string | undefined;
  readonly #seen = new Set<string>();

  constructor(
    private readonly source: EventSource,
    private readonly filter: schemas.EventFilterInput,
    private readonly listener: (event: ReceivedEvent) => void,
    private readonly options: SubscribeEventsOptions,
  ) {
    this.ready = new Promise<void>((resolve, reject) => {
      this.#resolveReady = resolve;
      this.#rejectReady = reject;
    });
    this.ready.catch(() => undefined);
    this.#connect();
  }

  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#socket?.close(1000);
    this.#socket = undefined;
    this.#rejectReady(new Error("The event subscription was closed before the server accepted it."));
  }

  // `ws` loads with the first socket, not with the client: a flow call never subscribes, and every module a script
  // loads costs start-up time (most under tsx).
  #connect(): void {
    import("ws").then(
      ({ default: Socket }) => {
        if (!this.#closed) this.#open(Socket);
      },
      (error: unknown) => this.#rejectReady(error instanceof Error ? error : new Error(String(error))),
    );
  }

  // The WHATWG WebSocket API (addEventListener, event.data, event.code), which `ws` offers as well as browsers: the
  // dashboard's bundle maps `ws` to the browser's own WebSocket (ui/src/shims/ws.ts).
  #open(Socket: typeof WebSocket): void {
    const socket = new Socket(eventsOutUrl(this.source.apiUrl), "prefect");
    this.#socket = socket;
    const resumed = this.#lastOccurred !== undefined;
    socket.addEventListener("open", () => {
      socket.send(JSON.stringify({ type: "auth", token: this.source.authToken ?? null }));
    });
    socket.addEventListener("message", (message) => {
      let frame: { type?: string; event?: ReceivedEvent };
      try {
        frame = JSON.parse(String(message.data)) as typeof frame;
      } catch {
        return;
      }
      if (frame.type === "auth_success") {
        // A resumed subscription replays what it missed while disconnected; the first one only if asked.
        const since = resumed ? this.#lastOccurred : undefined;
        const filter = since ? { ...this.filter, occurred: { ...this.filter.occurred, since } } : this.filter;
        socket.send(JSON.stringify({ type: "filter", filter, backfill: resumed || (this.options.backfill ?? false) }));
        this.#attempt = 0;
        this.#resolveReady();
      } else if (frame.type === "event" && frame.event && !this.#closed) {
        this.#deliver(frame.event);
      }
    });
    socket.addEventListener("error", (event) => {
      const error = (event as { error?: unknown }).error;
      this.options.onError?.(error instanceof Error ? error : new Error("The events websocket failed."));
    });
    socket.addEventListener("close", ({ code, reason }) => {
      if (this.#closed || this.#socket !== socket) return;
      if (code === 1008 || code === 1002) {
        this.options.onError?.(
          new Error(`The server refused the event subscription (${code}): ${reason || "no reason given"}`),
        );
      }
      const delay = Math.min(500 * 2 ** this.#attempt, 10_000);
      this.#attempt++;
      this.#timer = setTimeout(() => this.#connect(), delay);
      // A Node process is not kept alive by a reconnect alone; a browser's timer has no unref.
      (this.#timer as { unref?: () => void }).unref?.();
    });
  }

  #deliver(event: ReceivedEvent): void {
    if (this.#seen.has(event.id)) return;
    this.#seen.add(event.id);
    if (this.#seen.size > SEEN_IDS) this.#seen.delete(this.#seen.values().next().value as string);
    if (this.#lastOccurred === undefined || Date.parse(event.occurred) > Date.parse(this.#lastOccurred))
      this.#lastOccurred = event.occurred;
    try {
      this.listener(event);
    } catch {
      // the subscriber's error stays with the subscriber
    }
  }
}

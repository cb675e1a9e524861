// The HTTP layer of PrefectClient: a sender (ky over real HTTP with timeout and retries, or the in-process app
// handler), JSON in and out, every answer parsed by its zod schema and mapped to the camelCase model.
// Status -> error mapping is in errors.ts, shared by both senders. ky loads on the first real HTTP request.
import type { KyInstance } from "ky";
import type * as z from "zod";
import { PrefectError } from "../errors.js";
import {
  errorFromResponse,
  missingApiPathError,
  networkCode,
  printableUrl,
  responseSchemaError,
  unreachableError,
} from "./errors.js";
import {
  inProcessSender,
  type InProcessEvents,
  type InProcessHandler,
  type InProcessServer,
  type Outgoing,
  type Sender,
} from "./in-process-transport.js";
import type { ModelOf } from "./models.js";
import { toModel } from "./wire-mapper.js";
import { CsrfTokens } from "./csrf.js";

/** Options of `new PrefectClient(...)`. */
export interface PrefectClientOptions {
  /** Base URL of the API, e.g. `http://127.0.0.1:4200/api`. */
  apiUrl: string;
  /** Prefect Cloud API key, sent as `Authorization: Bearer <key>`. */
  apiKey?: string;
  /** `user:password` for a server started with an auth string, sent as HTTP Basic (wins over `apiKey`, as in Prefect). */
  authString?: string;
  /** The fetch ky uses for real HTTP. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /**
   * An in-process server: its handler (e.g. the embedded app's `app.fetch`), or the handler with its event stream.
   * Requests go straight to it as `Request`s, without ky, retries or timeouts (there is no network). Its answers
   * are trusted: they come from this package's own server, built from the same schemas, so they are mapped without
   * re-validation. Wins over `fetch`.
   */
  inProcess?: InProcessHandler | InProcessServer;
  /** Per-request timeout. @default 60000 (PREFECT_API_REQUEST_TIMEOUT) */
  timeoutMs?: number;
  /** Retries on 429/502/503/504, timeouts and dropped connections. @default 5 (PREFECT_CLIENT_MAX_RETRIES) */
  maxRetries?: number;
  /** Delay before retry number `attempt` (1-based) when the server sends no `Retry-After`. @default 0.5 s doubling, capped at 10 s, ±20% jitter */
  retryDelayMs?: (attempt: number) => number;
}

/** One call: method, path relative to the API URL (no leading slash), JSON body and query. */
export interface CallOptions {
  json?: unknown;
  searchParams?: Record<string, string>;
}

const RETRY_STATUSES = [429, 502, 503, 504];
const RETRY_STATUS_SET = new Set(RETRY_STATUSES);
/** Connection failures that retrying cannot fix soon; Prefect's client does not retry them either. */
const NO_RETRY_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "ERR_INVALID_URL", "UND_ERR_INVALID_ARG"]);

const defaultDelay = (attempt: number): number =>
  Math.min(500 * 2 ** (attempt - 1), 10_000) * (0.8 + Math.random() * 0.4);

function isNetworkError(error: unknown): boolean {
  return error instanceof TypeError && (error.message === "fetch failed" || error.cause !== undefined);
}

function authorization(options: PrefectClientOptions): string | undefined {
  // btoa over the UTF-8 bytes rather than Node's Buffer, so the dashboard's bundle of this client sends it too.
  if (options.authString) {
    return `Basic ${btoa(String.fromCharCode(...new TextEncoder().encode(options.authString)))}`;
  }
  if (options.apiKey) return `Bearer ${options.apiKey}`;
  return undefined;
}

/** The ky sender for real HTTP: prefix URL, auth, timeout and retries; network failures become ServerUnreachableError. */
function kySender(apiUrl: string, headers: Record<string, string>, options: PrefectClientOptions): Sender {
  // ky is imported on the first request: a client of the embedded server never loads it.
  let loaded: Promise<Sender> | undefined;
  return async (call) => (await (loaded ??= loadKySender(apiUrl, headers, options)))(call);
}

async function loadKySender(
  apiUrl: string,
  headers: Record<string, string>,
  options: PrefectClientOptions,
): Promise<Sender> {
  const { default: ky, HTTPError, TimeoutError } = await import("ky");
  const timeoutMs = options.timeoutMs ?? 60_000;
  const client: KyInstance = ky.create({
    prefixUrl: apiUrl + "/",
    timeout: timeoutMs,
    headers,
    // Only retriable statuses throw inside ky (to trigger its retry loop); the rest are mapped in `requestRaw`.
    throwHttpErrors: (status) => RETRY_STATUS_SET.has(status),
    retry: {
      limit: options.maxRetries ?? 5,
      methods: ["get", "post", "put", "patch", "delete", "head", "options"],
      statusCodes: RETRY_STATUSES,
      afterStatusCodes: RETRY_STATUSES,
      retryOnTimeout: true,
      delay: options.retryDelayMs ?? defaultDelay,
      shouldRetry: ({ error }) => {
        if (error instanceof HTTPError || error instanceof TimeoutError) return undefined;
        if (error instanceof PrefectError) return false;
        if (!isNetworkError(error)) return false;
        return NO_RETRY_CODES.has(networkCode(error)) ? false : true;
      },
    },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const csrf = new CsrfTokens(async (clientId) => {
    try {
      return await client("csrf-token", { searchParams: { client: clientId } });
    } catch (error) {
      if (error instanceof HTTPError) return error.response;
      throw error;
    }
  });
  return async (call: Outgoing) => {
    try {
      const send = async () => {
        const headers = await csrf.headersFor(call.method);
        const response = await client(call.path, {
          method: call.method,
          headers,
          ...(call.json !== undefined ? { json: call.json } : {}),
          ...(call.searchParams ? { searchParams: call.searchParams } : {}),
        });
        return { response, headers };
      };
      const first = await send();
      // A server with CSRF protection refuses the first write: fetch a token and send it again, once.
      return (await csrf.refused(call.method, first.response, first.headers))
        ? (await send()).response
        : first.response;
    } catch (error) {
      if (error instanceof HTTPError) return error.response;
      if (error instanceof TimeoutError) throw unreachableError(apiUrl, `timed out after ${timeoutMs / 1000}s`, error);
      if (isNetworkError(error)) throw unreachableError(apiUrl, networkCode(error), error);
      throw error;
    }
  };
}

/** The transport under PrefectClient; resource modules call `request` with the route's response schema. */
export class HttpTransport {
  readonly apiUrl: string;
  /** The token of websocket auth messages: the auth string, else the API key (as Prefect's clients send it). */
  readonly authToken: string | undefined;
  /** The in-process server's own event stream, when it has one (the embedded server's). */
  readonly inProcessEvents: InProcessEvents | undefined;
  readonly #send: Sender;
  /** Whether answers are checked against the route's schema (not for the trusted in-process server). */
  readonly #validate: boolean;

  constructor(options: PrefectClientOptions) {
    this.apiUrl = options.apiUrl.replace(/\/+$/, "");
    this.authToken = options.authString || options.apiKey || undefined;
    const inProcess = typeof options.inProcess === "function" ? { fetch: options.inProcess } : options.inProcess;
    this.inProcessEvents = inProcess?.subscribeEvents;
    const auth = authorization(options);
    const headers: Record<string, string> = auth ? { authorization: auth } : {};
    this.#send = inProcess
      ? inProcessSender(this.apiUrl, headers, inProcess.fetch)
      : kySender(this.apiUrl, headers, options);
    this.#validate = options.inProcess === undefined;
  }

  /** Sends one request and returns the parsed, camelCased answer (or `undefined` without a schema). */
  async request<S extends z.ZodType>(
    method: string,
    path: string,
    options: CallOptions,
    schema: S,
  ): Promise<ModelOf<S>>;
  async request(method: string, path: string, options?: CallOptions): Promise<undefined>;
  async request<S extends z.ZodType>(
    method: string,
    path: string,
    options: CallOptions = {},
    schema?: S,
  ): Promise<ModelOf<S> | undefined> {
    const wire = await this.requestRaw(method, path, options);
    if (!schema) return undefined;
    if (!this.#validate) return toModel(schema, wire as z.output<S>);
    const parsed = schema.safeParse(wire);
    if (!parsed.success) throw responseSchemaError(`${method} /${path}`, parsed.error.issues);
    return toModel(schema, parsed.data);
  }

  /** Sends one request and returns the JSON body as received (`undefined` when empty). */
  async requestRaw(method: string, path: string, options: CallOptions = {}): Promise<unknown> {
    const response = await this.#send({ method, path, ...options });
    const text = await response.text();
    let body: unknown = undefined;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        // A page instead of JSON (a server's web UI at its root) is also what a URL without `/api` gets.
        if (response.ok) {
          const noApi = missingApiPathError({
            status: response.status,
            method,
            route: `/${path}`,
            url: `${printableUrl(this.apiUrl)}/${path}`,
            body,
          });
          if (noApi !== undefined) throw noApi;
        }
      }
    }
    if (!response.ok) {
      throw errorFromResponse({
        status: response.status,
        method,
        route: `/${path}`,
        url: `${printableUrl(this.apiUrl)}/${path}`,
        body,
      });
    }
    return body;
  }
}

// Test harness for the server suites: one fresh database per suite, reached either through `app.request`
// (in-process) or over a real socket from `startServer({ port: 0 })`, behind the same `call` function.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApp, openStore, startServer, type Store } from "../../../src/server/index.js";

/** The two transports every suite runs over. */
export const TRANSPORTS = ["in-process", "http"] as const;
export type Transport = (typeof TRANSPORTS)[number];

/** An answer: status, parsed JSON body (undefined when empty), raw text. */
export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

export interface Harness {
  store: Store;
  dbPath: string;
  dir: string;
  /** Calls `method path` with a JSON body (a string is sent raw). */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

/** Starts a fresh server over `transport`. */
export async function startHarness(
  transport: Transport,
  options: { authString?: string; now?: () => Date } = {},
): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), "prefect-ts-server-"));
  const dbPath = join(dir, "prefect.db");
  const store = openStore(dbPath);
  let fetcher: (request: Request) => Promise<Response>;
  let base = "http://in-process";
  let stop = async () => {};
  const extra = {
    ...(options.authString === undefined ? {} : { authString: options.authString }),
    ...(options.now === undefined ? {} : { now: options.now }),
  };
  if (transport === "in-process") {
    const app = createApp({ store, ...extra });
    fetcher = async (request) => app.fetch(request);
  } else {
    const server = await startServer({ port: 0, store, ...extra });
    base = server.url;
    fetcher = (request) => fetch(request);
    stop = () => server.close();
  }
  return {
    store,
    dbPath,
    dir,
    async call(method, path, body, headers = {}) {
      const init: RequestInit = { method, headers: { ...headers } };
      if (body !== undefined) {
        init.body = typeof body === "string" ? body : JSON.stringify(body);
        (init.headers as Record<string, string>)["content-type"] = "application/json";
      }
      const response = await fetcher(new Request(`${base}${path}`, init));
      const text = await response.text();
      let parsed: unknown;
      try {
        parsed = text === "" ? undefined : JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    async close() {
      await stop();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

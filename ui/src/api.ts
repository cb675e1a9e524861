// The dashboard's connection to the API: the server's `ui-settings` (API URL, whether it needs an auth string),
// the auth string kept for the tab, and one PrefectClient (the package's own typed client) over the browser's fetch.
import { PrefectClient, UnauthorizedError } from "prefect-ts/client";

/** What the serving server says about itself (`GET ui-settings`, as Prefect's server answers it). */
export interface UiSettings {
  /** Absolute API URL the dashboard calls. */
  apiUrl: string;
  /** Whether the API asks for an auth string (HTTP Basic). */
  auth: boolean;
}

const AUTH_KEY = "prefect-ts.auth-string";

/** The server's settings: inlined in the page by the server, else `GET ui-settings` under the page's base. */
export async function loadUiSettings(): Promise<UiSettings> {
  const inline = document.getElementById("prefect-ui-settings")?.textContent;
  let body: { api_url?: string; auth?: string | null };
  if (inline) {
    body = JSON.parse(inline) as typeof body;
  } else {
    const response = await fetch(new URL("ui-settings", document.baseURI));
    if (!response.ok)
      throw new Error(`GET ui-settings answered ${response.status}: is this page served by prefect-ts server start?`);
    body = (await response.json()) as typeof body;
  }
  return {
    apiUrl: new URL(body.api_url ?? "/api", document.baseURI).href.replace(/\/+$/, ""),
    auth: body.auth === "BASIC",
  };
}

/**
 * The auth string of this tab, if any (sessionStorage: gone when the tab closes). A URL printed by `serve()` or
 * `worker start` carries it as `#auth=...` (a fragment never reaches the server): kept, then dropped from the address bar.
 */
export function storedAuthString(): string | undefined {
  const fromUrl = /^#auth=([^&]+)/.exec(location.hash)?.[1];
  if (fromUrl !== undefined) {
    storeAuthString(decodeURIComponent(fromUrl));
    history.replaceState(history.state, "", location.pathname + location.search);
  }
  return sessionStorage.getItem(AUTH_KEY) ?? undefined;
}

/** Keeps (or, with `undefined`, forgets) the tab's auth string. */
export function storeAuthString(value: string | undefined): void {
  if (value === undefined) sessionStorage.removeItem(AUTH_KEY);
  else sessionStorage.setItem(AUTH_KEY, value);
}

/**
 * A client of the API for this tab; with an auth string, its requests carry it as HTTP Basic and its events websocket
 * sends it in Prefect's auth message.
 */
export function createClient(settings: UiSettings, authString: string | undefined): PrefectClient {
  return new PrefectClient({
    apiUrl: settings.apiUrl,
    ...(authString === undefined ? {} : { authString }),
    maxRetries: 1,
    timeoutMs: 15_000,
  });
}

/** Checks an auth string against the API (`GET /hello`, a cheap authenticated round trip). */
export async function checkAuthString(settings: UiSettings, authString: string): Promise<boolean> {
  try {
    await createClient(settings, authString).hello();
    return true;
  } catch (error) {
    if (error instanceof UnauthorizedError) return false;
    throw error;
  }
}

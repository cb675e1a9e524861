// The client's side of Prefect's CSRF protection: once a server refuses a write for want of a CSRF token, fetch one
// (`GET /csrf-token?client=<id>`), send it as `Prefect-Csrf-Token` / `Prefect-Csrf-Client` on every POST, PUT,
// PATCH and DELETE, and fetch a new one when it expires or is refused. Servers without protection cost nothing.
/** The methods Prefect's server checks for a CSRF token. */
const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** The 403 details of Prefect's CsrfMiddleware ("Missing CSRF token.", "Invalid CSRF token or client identifier."). */
const CSRF_REFUSAL = /CSRF token|client identifier/;

/** Sends `GET csrf-token?client=<id>` to the API and resolves to the answer, whatever its status. */
export type CsrfTokenFetcher = (clientId: string) => Promise<Response>;

/**
 * One client's CSRF token. Prefect's Python client asks for a token before its first write; we ask only after a
 * server refused one (its 403 names the CSRF token), so servers without protection (the default) see no extra request.
 */
export class CsrfTokens {
  /** This client's id, sent as `Prefect-Csrf-Client` (a UUID, as Prefect's client). */
  readonly clientId = globalThis.crypto.randomUUID(); // Web Crypto: the same code runs in the dashboard
  #required = false;
  #token: string | undefined;
  #expiresAt = 0;
  #pending: Promise<string | undefined> | undefined;

  constructor(
    private readonly fetchToken: CsrfTokenFetcher,
    private readonly now: () => number = Date.now,
  ) {}

  /** The CSRF headers for a request with `method`: none until a server asked for them, or for reads. */
  async headersFor(method: string): Promise<Record<string, string>> {
    if (!this.#required || !STATE_CHANGING.has(method.toUpperCase())) return {};
    const token = await this.#currentToken();
    return token === undefined ? {} : { "Prefect-Csrf-Token": token, "Prefect-Csrf-Client": this.clientId };
  }

  /**
   * Whether `response` refused a write for its CSRF token (a 403 naming it): then the token sent, if any, is dropped
   * and headers are sent from now on. The caller sends the request again once with {@link headersFor}.
   */
  async refused(method: string, response: Response, sent: Readonly<Record<string, string>>): Promise<boolean> {
    if (response.status !== 403 || !STATE_CHANGING.has(method.toUpperCase())) return false;
    if (!CSRF_REFUSAL.test(await response.clone().text())) return false;
    this.#required = true;
    if (sent["Prefect-Csrf-Token"] === this.#token) this.#token = undefined;
    return true;
  }

  async #currentToken(): Promise<string | undefined> {
    if (this.#token !== undefined && this.now() < this.#expiresAt) return this.#token;
    this.#pending ??= this.#fetch().finally(() => {
      this.#pending = undefined;
    });
    return this.#pending;
  }

  async #fetch(): Promise<string | undefined> {
    const response = await this.fetchToken(this.clientId);
    const text = await response.text();
    // As Prefect's client: an older server (404) or one without protection (422) needs no token.
    if (response.status === 404 || (response.status === 422 && text.includes("CSRF protection is disabled."))) {
      this.#required = false;
      return undefined;
    }
    if (!response.ok) return undefined;
    const body = JSON.parse(text) as { token?: unknown; expiration?: unknown };
    if (typeof body.token !== "string") return undefined;
    this.#token = body.token;
    this.#expiresAt = typeof body.expiration === "string" ? Date.parse(body.expiration) : Number.POSITIVE_INFINITY;
    return this.#token;
  }
}

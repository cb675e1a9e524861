// CsrfTokens, the client's CSRF token cache: no headers until a server refuses a write for its token, then the
// token on writes only, one fetch for concurrent writes, and nothing again from a server whose protection is off.
import { describe, expect, it } from "vitest";
import { CsrfTokens } from "../../../src/client/csrf.js";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const refusal = () => json(403, { detail: "Missing CSRF token." });

describe("CsrfTokens", () => {
  it("sends nothing until a write is refused, then the token on writes only", async () => {
    const asked: string[] = [];
    const tokens = new CsrfTokens(async (client) => {
      asked.push(client);
      return json(200, { token: "t1", client, expiration: new Date(Date.now() + 60_000).toISOString() });
    });
    expect(await tokens.headersFor("POST")).toEqual({});
    expect(await tokens.refused("POST", json(403, { detail: "Forbidden by policy" }), {})).toBe(false);
    expect(await tokens.refused("GET", refusal(), {})).toBe(false);
    expect(await tokens.refused("POST", refusal(), {})).toBe(true);
    const [a, b] = await Promise.all([tokens.headersFor("post"), tokens.headersFor("DELETE")]);
    expect(a).toEqual({ "Prefect-Csrf-Token": "t1", "Prefect-Csrf-Client": tokens.clientId });
    expect(b).toEqual(a);
    expect(await tokens.headersFor("GET")).toEqual({});
    expect(asked).toEqual([tokens.clientId]);
  });

  it("drops a refused token and stops asking a server whose protection is off", async () => {
    let answer = json(200, { token: "t1", expiration: new Date(Date.now() + 60_000).toISOString() });
    let fetches = 0;
    const tokens = new CsrfTokens(async () => {
      fetches++;
      return answer;
    });
    await tokens.refused("POST", refusal(), {});
    const sent = await tokens.headersFor("POST");
    expect(await tokens.refused("POST", json(403, { detail: "Invalid CSRF token or client identifier." }), sent)).toBe(
      true,
    );
    answer = json(422, { detail: "CSRF protection is disabled." });
    expect(await tokens.headersFor("POST")).toEqual({});
    expect(await tokens.headersFor("POST")).toEqual({});
    expect(fetches).toBe(2);
  });
});

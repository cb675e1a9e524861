// Server security over both transports: exactly GET /api/health and /api/ready skip Basic auth (every other
// route of the app, and lookalike paths, answer 401), JSON bodies need a JSON content type (415 otherwise), a
// deeply nested body is a 422 with a JSON explanation on every write route, never a 500; CSRF tokens and CORS.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LAZY_ROUTE_GROUPS } from "../../../src/server/app.js";
import { createApp, openStore, startServer } from "../../../src/server/index.js";
import { MAX_JSON_DEPTH } from "../../../src/server/http/request.js";
import { type Harness, startHarness, TRANSPORTS } from "./harness.js";

const UUID = "00000000-0000-4000-8000-000000000000";

/**
 * Every route the app registers, its own and its lazily mounted groups', as `[method, path]` with its parameters
 * filled in.
 */
async function appRoutes(): Promise<Array<[string, string]>> {
  const store = openStore(":memory:");
  const all = [...createApp({ store }).routes];
  for (const [path, load] of Object.entries(LAZY_ROUTE_GROUPS)) {
    const group = await load({ store, now: () => new Date() });
    for (const route of group.routes)
      all.push({ ...route, path: `/api${path}${route.path === "/" ? "" : route.path}` });
  }
  const seen = new Set<string>();
  const routes: Array<[string, string]> = [];
  for (const route of all) {
    if (route.method === "ALL" || route.path.includes("*")) continue;
    const path = route.path.replace(/:[a-z_]*id\b/gi, UUID).replace(/:[a-z_]+/gi, "x");
    const key = `${route.method} ${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    routes.push([route.method, path]);
  }
  return routes;
}

describe.each(TRANSPORTS)("auth exemption (%s)", (transport) => {
  let h: Harness;
  const good = { authorization: `Basic ${Buffer.from("admin:secret").toString("base64")}` };
  beforeAll(async () => {
    h = await startHarness(transport, { authString: "admin:secret" });
    expect((await h.call("POST", "/api/flows/", { name: "etl" }, good)).status).toBe(201);
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers 401 on every route without credentials but GET /api/health and GET /api/ready", async () => {
    const routes = await appRoutes();
    expect(routes.length).toBeGreaterThan(50);
    const open: string[] = [];
    for (const [method, path] of routes) {
      const answer = await h.call(method, path, method === "GET" || method === "DELETE" ? undefined : {});
      if (answer.status !== 401) open.push(`${method} ${path} -> ${answer.status}`);
      else expect(answer.body).toEqual({ exception_message: "Unauthorized" });
    }
    expect(open).toEqual(["GET /api/health -> 200", "GET /api/ready -> 200"]);
  });

  it("answers 401 on lookalike probe paths", async () => {
    const lookalikes = [
      "/api/deployments/name/x/health",
      "/api/flows/name/health",
      "/api/flows/name/ready",
      "/api/flows/name/etl%2Fhealth",
      "/api/health/x",
      "/api/health/",
      "/api//health",
      "/api/ready/x",
      "/api/xhealth",
      "/api/health%2F",
      "/api/%2Fhealth",
      "/api/admin/..%2Fhealth",
      "/api/health;x",
      "/api/%68ealth",
      "/api/ready%2F",
    ];
    for (const path of lookalikes) {
      const answer = await h.call("GET", path);
      expect(answer.status, path).toBe(401);
    }
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "HEAD"]) {
      expect((await h.call(method, "/api/health")).status, method).toBe(401);
    }
    expect(await h.call("GET", "/api/health?x=/api/flows/")).toMatchObject({ status: 200, body: true });
  });
});

/** A document nesting `depth` arrays (or objects) around `inner`. */
function nested(depth: number, kind: "array" | "object", inner = "1"): string {
  return kind === "array"
    ? "[".repeat(depth) + inner + "]".repeat(depth)
    : '{"a":'.repeat(depth) + inner + "}".repeat(depth);
}

describe.each(TRANSPORTS)("deeply nested bodies (%s)", (transport) => {
  let dir: string;
  let call: (method: string, path: string, body: string) => Promise<{ status: number; text: string }>;
  let stop: () => Promise<void>;
  const logged: unknown[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-deep-"));
    const store = openStore(join(dir, "prefect.db"));
    const logError = (error: unknown) => void logged.push(error);
    let fetcher: (request: Request) => Promise<Response>;
    let base = "http://in-process";
    if (transport === "in-process") {
      const app = createApp({ store, logError });
      fetcher = async (request) => app.fetch(request);
      stop = async () => store.close();
    } else {
      // startServer has no logError option: its 5xx go to console.error, which this suite would see as 5xx answers.
      const server = await startServer({ port: 0, store });
      base = server.url;
      fetcher = (request) => fetch(request);
      stop = async () => {
        await server.close();
        store.close();
      };
    }
    call = async (method, path, body) => {
      const response = await fetcher(
        new Request(base + path, { method, body, headers: { "content-type": "application/json" } }),
      );
      return { status: response.status, text: await response.text() };
    };
  });
  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers 2xx or a 4xx with a JSON explanation on every write route, 422 wherever the body is read", async () => {
    const writes = (await appRoutes()).filter(
      ([method]) => method === "POST" || method === "PUT" || method === "PATCH",
    );
    const wrong: string[] = [];
    const refused = new Set<string>();
    for (const [method, path] of writes) {
      for (const body of [
        nested(5000, "array"),
        nested(5000, "object"),
        `{"name":"x","parameters":${nested(5000, "object")}}`,
      ]) {
        const answer = await call(method, path, body);
        const parsed: unknown = answer.text === "" ? undefined : JSON.parse(answer.text);
        // A 2xx is fine (a route that ignores its body); a 4xx must explain itself in JSON; a 5xx never.
        if (
          answer.status >= 500 ||
          answer.status < 200 ||
          (answer.status >= 400 && (typeof parsed !== "object" || parsed === null))
        ) {
          wrong.push(`${method} ${path} -> ${answer.status} ${answer.text.slice(0, 80)}`);
        } else if (answer.status === 422 && answer.text.includes(`more than ${MAX_JSON_DEPTH} levels deep`)) {
          refused.add(`${method} ${path}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(refused.size).toBeGreaterThanOrEqual(18);
    expect(logged).toEqual([]);
  });

  it("answers below 500 on every write route for a body nested to the limit", async () => {
    const writes = (await appRoutes()).filter(
      ([method]) => method === "POST" || method === "PUT" || method === "PATCH",
    );
    const wrong: string[] = [];
    for (const [method, path] of writes) {
      for (const body of [
        nested(MAX_JSON_DEPTH, "array"),
        `{"name":"deep","parameters":${nested(MAX_JSON_DEPTH - 2, "object")}}`,
      ]) {
        const answer = await call(method, path, body);
        if (answer.status >= 500 || (answer.text !== "" && typeof JSON.parse(answer.text) === "undefined")) {
          wrong.push(`${method} ${path} -> ${answer.status} ${answer.text.slice(0, 80)}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(logged).toEqual([]);
  });
});

describe.each(TRANSPORTS)("JSON bodies only (%s)", (transport) => {
  let dir: string;
  let base: string;
  let fetcher: (request: Request) => Promise<Response>;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-ctype-"));
    const store = openStore(join(dir, "prefect.db"));
    if (transport === "in-process") {
      const app = createApp({ store });
      base = "http://in-process";
      fetcher = async (request) => app.fetch(request);
      stop = async () => store.close();
    } else {
      const server = await startServer({ port: 0, store });
      base = server.url;
      fetcher = (request) => fetch(request);
      stop = async () => {
        await server.close();
        store.close();
      };
    }
  });
  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const post = (path: string, body: RequestInit["body"] | undefined, headers: Record<string, string> = {}) =>
    fetcher(new Request(base + path, { method: "POST", ...(body === undefined ? {} : { body }), headers }));

  it("answers 415 with a JSON detail to text/plain, forms and bodies without a content type, writing nothing", async () => {
    const form = new URLSearchParams({ name: "from-a-form" });
    const multipart = new FormData();
    multipart.set("name", "from-multipart");
    for (const [body, headers] of [
      [JSON.stringify({ name: "sneaky" }), { "content-type": "text/plain" }],
      [JSON.stringify({ name: "sneaky" }), {}],
      [form, {}],
      [multipart, {}],
      [JSON.stringify({ name: "sneaky" }), { "content-type": "application/jsonp" }],
      [JSON.stringify({ name: "sneaky" }), { "content-type": "text/json" }],
    ] as const) {
      const response = await post("/api/flows/", body, headers);
      expect(response.status).toBe(415);
      expect(((await response.json()) as { detail: string }).detail).toContain("Content-Type: application/json");
    }
    const count = await post("/api/flows/count", "{}", { "content-type": "application/json" });
    expect(await count.json()).toBe(0);
  });

  it("accepts application/json with parameters, +json types, and body-less POSTs", async () => {
    for (const type of [
      "application/json",
      "application/json; charset=utf-8",
      "Application/JSON",
      "application/merge-patch+json",
    ]) {
      const response = await post("/api/flows/", JSON.stringify({ name: `ok-${type.length}` }), {
        "content-type": type,
      });
      expect(response.status, type).toBeLessThan(300);
    }
    expect((await post("/api/flows/count", undefined)).status).toBe(200);
    expect((await post("/api/flows/filter", undefined, { "content-type": "text/plain" })).status).toBe(200);
  });
});

describe.each(TRANSPORTS)("CSRF protection (%s)", (transport) => {
  let dir: string;
  let base: string;
  let fetcher: (request: Request) => Promise<Response>;
  let stop: () => Promise<void>;
  const clock = { now: new Date("2026-05-01T00:00:00Z") };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "prefect-ts-csrf-"));
    const store = openStore(join(dir, "prefect.db"));
    const options = { store, now: () => clock.now, csrf: { enabled: true, tokenExpirationSeconds: 60 } };
    if (transport === "in-process") {
      const app = createApp(options);
      base = "http://in-process";
      fetcher = async (request) => app.fetch(request);
      stop = async () => store.close();
    } else {
      const server = await startServer({ port: 0, ...options });
      base = server.url;
      fetcher = (request) => fetch(request);
      stop = async () => {
        await server.close();
        store.close();
      };
    }
  });
  afterAll(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: unknown) => {
    const response = await fetcher(
      new Request(base + path, {
        method,
        headers: body === undefined ? headers : { ...headers, "content-type": "application/json" },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      }),
    );
    const text = await response.text();
    return {
      status: response.status,
      body: text === "" ? undefined : (JSON.parse(text) as any),
      headers: response.headers,
    };
  };

  it("refuses state-changing requests without a valid token, as Prefect's CsrfMiddleware", async () => {
    expect(await call("POST", "/api/flows/", {}, { name: "x" })).toMatchObject({
      status: 403,
      body: { detail: "Missing CSRF token." },
    });
    expect(await call("POST", "/api/flows/", { "prefect-csrf-token": "t" }, { name: "x" })).toMatchObject({
      status: 403,
      body: { detail: "Missing client identifier." },
    });
    const wrong = await call("DELETE", `/api/flows/${UUID}`, { "prefect-csrf-token": "t", "prefect-csrf-client": "c" });
    expect(wrong).toMatchObject({ status: 403, body: { detail: "Invalid CSRF token or client identifier." } });
    expect(wrong.headers.get("access-control-allow-origin")).toBe("*");
    // Reads need no token.
    expect((await call("GET", "/api/health")).status).toBe(200);
  });

  it("issues a token per client that state-changing requests then carry, until it expires", async () => {
    expect(await call("GET", "/api/csrf-token")).toMatchObject({
      status: 422,
      body: { exception_detail: [{ loc: ["query", "client"] }] },
    });
    const issued = await call("GET", "/api/csrf-token?client=abc");
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({
      client: "abc",
      token: expect.stringMatching(/^[0-9a-f]{64}$/),
      expiration: "2026-05-01T00:01:00.000Z",
    });
    const headers = { "prefect-csrf-token": issued.body.token, "prefect-csrf-client": "abc" };
    expect((await call("POST", "/api/flows/", headers, { name: "with-token" })).status).toBe(201);
    expect(
      (await call("POST", "/api/flows/", { ...headers, "prefect-csrf-client": "other" }, { name: "x" })).status,
    ).toBe(403);
    // A new token replaces the client's previous one.
    const again = await call("GET", "/api/csrf-token?client=abc");
    expect((await call("POST", "/api/flows/", headers, { name: "old-token" })).status).toBe(403);
    const fresh = { ...headers, "prefect-csrf-token": again.body.token };
    expect((await call("POST", "/api/flows/", fresh, { name: "new-token" })).status).toBe(201);
    clock.now = new Date(clock.now.getTime() + 61_000);
    expect((await call("POST", "/api/flows/", fresh, { name: "expired" })).body).toEqual({
      detail: "Invalid CSRF token or client identifier.",
    });
  });
});

describe.each(TRANSPORTS)("CSRF protection off, CORS (%s)", (transport) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(transport, { authString: "admin:secret" });
  });
  afterAll(async () => {
    await h.close();
  });

  it("answers the token route 422 'CSRF protection is disabled.' by default", async () => {
    const auth = { authorization: `Basic ${Buffer.from("admin:secret").toString("base64")}` };
    expect(await h.call("GET", "/api/csrf-token?client=x", undefined, auth)).toMatchObject({
      status: 422,
      body: { detail: "CSRF protection is disabled." },
    });
  });

  it("answers preflights before auth, allowing any origin and the requested headers by default", async () => {
    const preflight = await h.call("OPTIONS", "/api/flows/", undefined, {
      origin: "https://ui.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "authorization, content-type",
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get("access-control-allow-origin")).toBe("*");
    expect(preflight.headers.get("access-control-allow-headers")).toBe("authorization,content-type");
    expect(preflight.headers.get("access-control-allow-methods")).toContain("POST");
    const denied = await h.call("GET", "/api/flows/name/x", undefined, { origin: "https://ui.example" });
    expect(denied.status).toBe(401);
    expect(denied.headers.get("access-control-allow-origin")).toBe("*");
  });
});

describe("CORS settings", () => {
  it("allows only the configured origins and methods", async () => {
    const app = createApp({
      store: openStore(":memory:"),
      cors: {
        allowedOrigins: "https://a.example, https://b.example",
        allowedMethods: "GET,POST",
        allowedHeaders: "content-type",
      },
    });
    const preflight = (origin: string) =>
      app.request("/api/flows/filter", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "POST" },
      });
    const allowed = await preflight("https://b.example");
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://b.example");
    expect(allowed.headers.get("access-control-allow-methods")).toBe("GET,POST");
    expect(allowed.headers.get("access-control-allow-headers")).toBe("content-type");
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
  });
});

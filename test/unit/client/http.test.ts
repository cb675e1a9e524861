// The client's transport: status -> error classes, 422 field paths, retries with Retry-After, auth headers,
// schema-checked responses, unreachable servers. A fetch function stands in at the transport boundary.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, test } from "vitest";
import {
  ObjectAlreadyExistsError,
  ObjectNotFoundError,
  PrefectClient,
  PrefectError,
  PrefectHTTPStatusError,
  ResponseSchemaError,
  ServerUnreachableError,
  UnauthorizedError,
  ValidationError,
} from "../../../src/client/index.js";

const ID = "6a3f1c2e-0b4d-4e5f-8a9b-0c1d2e3f4a5b";
const T = "2024-05-01T12:00:00.000Z";
const FLOW = { id: ID, created: T, updated: T, name: "etl", tags: [], labels: {} };

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** A fetch that answers from a script and records each request. */
function scripted(replies: Reply[] | ((req: Request, n: number) => Reply)) {
  const requests: Request[] = [];
  const bodies: string[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(input, init);
    requests.push(req);
    bodies.push(await req.clone().text());
    const n = requests.length - 1;
    const r = typeof replies === "function" ? replies(req, n) : (replies[Math.min(n, replies.length - 1)] as Reply);
    const body = r.body === undefined ? null : typeof r.body === "string" ? r.body : JSON.stringify(r.body);
    return new Response(body, { status: r.status, headers: { "content-type": "application/json", ...r.headers } });
  };
  return { fetch: fetch as typeof globalThis.fetch, requests, bodies };
}

function client(fetch: typeof globalThis.fetch, extra: Partial<ConstructorParameters<typeof PrefectClient>[0]> = {}) {
  return new PrefectClient({ apiUrl: "http://prefect.test/api/", fetch, retryDelayMs: () => 0, ...extra });
}

describe("status -> error class", () => {
  test("404 ObjectNotFoundError with the server's detail", async () => {
    const s = scripted([{ status: 404, body: { detail: "Flow run not found" } }]);
    const err = await client(s.fetch)
      .readFlowRun(ID)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ObjectNotFoundError);
    expect((err as ObjectNotFoundError).message).toContain("Flow run not found");
    expect((err as ObjectNotFoundError).message).toContain(`GET /flow_runs/${ID}`);
    expect((err as ObjectNotFoundError).status).toBe(404);
  });

  test("409 ObjectAlreadyExistsError", async () => {
    const s = scripted([{ status: 409, body: { detail: "Data integrity conflict" } }]);
    await expect(client(s.fetch).createFlow("etl")).rejects.toThrow(ObjectAlreadyExistsError);
  });

  test("422 ValidationError names each field path without the leading body", async () => {
    const s = scripted([
      {
        status: 422,
        body: {
          exception_message: "Invalid request received.",
          exception_detail: [
            { type: "uuid_parsing", loc: ["body", "flow_id"], msg: "Input should be a valid UUID" },
            { type: "enum", loc: ["body", "state", "type"], msg: "Input should be 'SCHEDULED', 'PENDING'" },
            { type: "string_type", loc: ["body", "tags", 0], msg: "Input should be a valid string" },
          ],
          request_body: {},
        },
      },
    ]);
    const err = (await client(s.fetch)
      .createFlowRun({ flowId: "nope" })
      .catch((e: unknown) => e)) as ValidationError;
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.message).toContain("flow_id: Input should be a valid UUID");
    expect(err.message).toContain("state.type: Input should be 'SCHEDULED'");
    expect(err.message).toContain("tags[0]: Input should be a valid string");
    expect(err.message).not.toContain("body.");
    expect(err.issues).toHaveLength(3);
  });

  test.each([401, 403])("%i UnauthorizedError", async (status) => {
    const s = scripted([{ status, body: { exception_message: "Unauthorized" } }]);
    const err = await client(s.fetch, { apiKey: "pnu_secret" })
      .hello()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnauthorizedError);
    expect((err as Error).message).toContain("Unauthorized");
    expect((err as Error).message).not.toContain("pnu_secret");
  });

  test("500 is a PrefectHTTPStatusError, not retried", async () => {
    const s = scripted([{ status: 500, body: { exception_message: "Internal Server Error" } }]);
    const err = await client(s.fetch)
      .readFlow(ID)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrefectHTTPStatusError);
    expect(err).not.toBeInstanceOf(ObjectNotFoundError);
    expect((err as PrefectHTTPStatusError).status).toBe(500);
    expect(s.requests).toHaveLength(1);
  });

  test("a body that fails its schema is a ResponseSchemaError naming route and field", async () => {
    const s = scripted([{ status: 200, body: { ...FLOW, id: 42 } }]);
    const err = await client(s.fetch)
      .createFlow("etl")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResponseSchemaError);
    expect((err as Error).message).toContain("POST /flows/");
    expect((err as Error).message).toContain("id:");
  });
});

describe("retries", () => {
  test("429 with Retry-After, then 200: two attempts", async () => {
    const s = scripted([
      { status: 429, headers: { "retry-after": "0" } },
      { status: 200, body: FLOW },
    ]);
    const flow = await client(s.fetch, { retryDelayMs: () => 60_000 }).readFlow(ID);
    expect(flow.name).toBe("etl");
    expect(s.requests).toHaveLength(2);
  });

  test("POST is retried on 502/503/504 too, body resent", async () => {
    const s = scripted([{ status: 502 }, { status: 503 }, { status: 504 }, { status: 201, body: FLOW }]);
    const flow = await client(s.fetch).createFlow("etl");
    expect(flow.id).toBe(ID);
    expect(s.requests).toHaveLength(4);
    expect(s.bodies.map((b) => JSON.parse(b) as unknown)).toEqual(Array(4).fill({ name: "etl" }));
  });

  test("gives up after maxRetries with the last status", async () => {
    const s = scripted([{ status: 503, body: { detail: "busy" } }]);
    const err = await client(s.fetch, { maxRetries: 2 })
      .readFlow(ID)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrefectHTTPStatusError);
    expect((err as PrefectHTTPStatusError).status).toBe(503);
    expect(s.requests).toHaveLength(3);
  });

  test("defaults to 5 retries", async () => {
    const s = scripted([{ status: 429, headers: { "retry-after": "0" } }]);
    await expect(client(s.fetch).hello()).rejects.toThrow(PrefectHTTPStatusError);
    expect(s.requests).toHaveLength(6);
  });

  test("errors raised by an in-process fetch are not retried and pass through", async () => {
    let calls = 0;
    const fetch = (async () => {
      calls++;
      throw new PrefectError("cannot open database");
    }) as typeof globalThis.fetch;
    await expect(client(fetch).hello()).rejects.toThrow("cannot open database");
    expect(calls).toBe(1);
  });
});

describe("auth headers", () => {
  test.each([
    [{ apiKey: "pnu_key" }, "Bearer pnu_key"],
    [{ authString: "admin:secret" }, `Basic ${Buffer.from("admin:secret").toString("base64")}`],
    [{ apiKey: "pnu_key", authString: "admin:secret" }, `Basic ${Buffer.from("admin:secret").toString("base64")}`],
    [{}, null],
  ])("%o -> %s", async (opts, header) => {
    const s = scripted([{ status: 200, body: "hi" }]);
    await client(s.fetch, opts).hello();
    expect(s.requests[0]?.headers.get("authorization")).toBe(header);
    expect(s.requests[0]?.url).toBe("http://prefect.test/api/hello");
  });
});

describe("unreachable server", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    server = undefined;
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<number> {
    server = createServer(handler);
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    return (server.address() as AddressInfo).port;
  }

  test("connection refused: ServerUnreachableError naming the URL and the fixes, at once", async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    server = undefined;
    const c = new PrefectClient({ apiUrl: `http://127.0.0.1:${port}/api`, apiKey: "pnu_topsecret" });
    const err = (await c.health().catch((e: unknown) => e)) as ServerUnreachableError;
    expect(err).toBeInstanceOf(ServerUnreachableError);
    expect(err.message).toBe(
      `Cannot reach the Prefect API at http://127.0.0.1:${port}/api (ECONNREFUSED). Start one with "prefect-ts server start", ` +
        `check PREFECT_API_URL, or unset it to use the embedded server.`,
    );
    expect(err.message).not.toContain("pnu_topsecret");
  });

  test("unknown host: ServerUnreachableError (ENOTFOUND)", async () => {
    const c = new PrefectClient({ apiUrl: "http://does-not-exist.invalid/api", maxRetries: 0 });
    const err = await c.health().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerUnreachableError);
    expect((err as Error).message).toMatch(/at http:\/\/does-not-exist\.invalid\/api \((ENOTFOUND|EAI_AGAIN)\)/);
  });

  test("connection reset: retried, then ServerUnreachableError", async () => {
    let hits = 0;
    const port = await listen((req) => {
      hits++;
      req.socket.destroy();
    });
    const c = new PrefectClient({ apiUrl: `http://127.0.0.1:${port}/api`, maxRetries: 2, retryDelayMs: () => 0 });
    const err = await c.createFlow("x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServerUnreachableError);
    expect((err as Error).message).toMatch(/\((ECONNRESET|UND_ERR_SOCKET|other side closed)\)/);
    expect(hits).toBe(3);
  });

  test("timeout: ServerUnreachableError saying so", async () => {
    const fetch = ((input: Request) =>
      new Promise((_resolve, reject) => {
        input.signal.addEventListener("abort", () => reject(input.signal.reason));
      })) as unknown as typeof globalThis.fetch;
    const c = client(fetch, { timeoutMs: 30, maxRetries: 0 });
    await expect(c.hello()).rejects.toThrow(
      /Cannot reach the Prefect API at http:\/\/prefect.test\/api \(timed out after 0.03s\)/,
    );
  });
});

// The in-process transport of PrefectClient (`inProcess`): requests go straight to a handler as Requests, with
// the same status -> error mapping as over ky, auth headers, JSON bodies and queries, and no retries.
import { describe, expect, test } from "vitest";
import {
  ObjectAlreadyExistsError,
  ObjectNotFoundError,
  PrefectClient,
  PrefectHTTPStatusError,
  UnauthorizedError,
  ValidationError,
} from "../../../src/client/index.js";

const ID = "6a3f1c2e-0b4d-4e5f-8a9b-0c1d2e3f4a5b";
const T = "2024-05-01T12:00:00.000Z";
const FLOW = { id: ID, created: T, updated: T, name: "etl", tags: [], labels: {} };

type Reply = { status: number; body?: unknown };

function handler(reply: Reply | ((req: Request) => Reply)) {
  const seen: { request: Request; body: string }[] = [];
  const handle = async (request: Request): Promise<Response> => {
    seen.push({ request, body: await request.clone().text() });
    const r = typeof reply === "function" ? reply(request) : reply;
    const body = r.body === undefined ? null : JSON.stringify(r.body);
    return new Response(body, { status: r.status, headers: { "content-type": "application/json" } });
  };
  return { handle, seen };
}

function client(
  handle: (request: Request) => Promise<Response> | Response,
  extra: { authString?: string; apiKey?: string } = {},
) {
  return new PrefectClient({ apiUrl: "http://in-process.test/api/", inProcess: handle, ...extra });
}

describe("in-process transport: status -> error class", () => {
  test.each([
    [404, ObjectNotFoundError, { detail: "Flow not found" }],
    [409, ObjectAlreadyExistsError, { detail: "Data integrity conflict" }],
    [401, UnauthorizedError, { exception_message: "Unauthorized" }],
    [403, UnauthorizedError, { detail: "Forbidden" }],
    [500, PrefectHTTPStatusError, { exception_message: "Internal Server Error" }],
  ] as const)("%i -> %o", async (status, cls, body) => {
    const h = handler({ status, body });
    const err = await client(h.handle)
      .readFlow(ID)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cls);
    expect((err as PrefectHTTPStatusError).status).toBe(status);
    expect((err as Error).message).toContain(`GET /flows/${ID}`);
  });

  test("422 ValidationError names each field path", async () => {
    const h = handler({
      status: 422,
      body: { exception_detail: [{ loc: ["body", "name"], msg: "Field required", type: "missing" }], request_body: {} },
    });
    const err = await client(h.handle)
      .createFlow("x")
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).message).toContain("name");
  });

  test("503 is not retried in-process (no network to recover)", async () => {
    const h = handler({ status: 503, body: { detail: "busy" } });
    await expect(client(h.handle).readFlow(ID)).rejects.toThrow(PrefectHTTPStatusError);
    expect(h.seen).toHaveLength(1);
  });

  test("a handler that throws rejects with its error", async () => {
    const boom = new Error("store closed");
    await expect(client(() => Promise.reject(boom)).readFlow(ID)).rejects.toBe(boom);
  });
});

describe("in-process transport: requests", () => {
  test("sends the JSON body, content type, auth header and URL under the API URL", async () => {
    const h = handler({ status: 201, body: FLOW });
    const flow = await client(h.handle, { authString: "u:p" }).createFlow("etl");
    expect(flow.created).toBeInstanceOf(Date);
    const { request, body } = h.seen[0]!;
    expect(request.method).toBe("POST");
    expect(request.url).toBe("http://in-process.test/api/flows/");
    expect(request.headers.get("content-type")).toBe("application/json");
    expect(request.headers.get("authorization")).toBe(`Basic ${Buffer.from("u:p").toString("base64")}`);
    expect(JSON.parse(body)).toEqual({ name: "etl" });
  });

  test("sends bodiless GETs with the bearer key and a synchronous handler answer works", async () => {
    const seen: Request[] = [];
    const c = client(
      (request) => {
        seen.push(request);
        return new Response(JSON.stringify(FLOW), { status: 200 });
      },
      { apiKey: "k" },
    );
    expect((await c.readFlowByName("etl")).id).toBe(ID);
    expect(seen[0]!.method).toBe("GET");
    expect(seen[0]!.body).toBeNull();
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer k");
    expect(seen[0]!.url).toBe("http://in-process.test/api/flows/name/etl");
  });
});

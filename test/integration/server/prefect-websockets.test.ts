// The websockets Prefect's Python SDK and task workers use, on the standalone server over real loopback HTTP:
// `/api/events/in` (events in, task-run state events recorded as task runs), `/api/logs/out` (live logs, Prefect's
// filter), `/api/task_runs/subscriptions/scheduled` (background task runs, one at a time, acknowledged), and the
// handshake they share (subprotocol, auth message, auth string).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { createTestServer, waitFor, type TestServer } from "../../../src/testing/index.js";

type Json = Record<string, unknown>;

interface Opened {
  ws: WebSocket;
  messages: Json[];
  closed: Promise<{ code: number; reason: string }>;
}

function open(url: string, protocols: string[] = ["prefect"]): Promise<Opened> {
  const ws = new WebSocket(url, protocols);
  const messages: Json[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(data.toString()) as Json));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, messages, closed }));
    ws.once("error", reject);
  });
}

/** Opens `url` and completes Prefect's handshake (auth, then auth_success). */
async function authenticated(url: string, token: string | null = null): Promise<Opened> {
  const socket = await open(url);
  socket.ws.send(JSON.stringify({ type: "auth", token }));
  await waitFor(() => socket.messages.some((m) => m.type === "auth_success"));
  socket.messages.length = 0;
  return socket;
}

/** A `prefect.task-run.<state>` event as Prefect's Python task engine sends it over `/events/in`. */
function taskRunEvent(
  run: { id: string; flowRunId: string },
  type: string,
  name: string,
  at: string,
  from: string | null,
): Json {
  return {
    id: randomUUID(),
    occurred: at,
    event: `prefect.task-run.${name}`,
    resource: {
      "prefect.resource.id": `prefect.task-run.${run.id}`,
      "prefect.resource.name": "add-0",
      "prefect.run-count": "0",
      "prefect.state-message": "",
      "prefect.state-name": name,
      "prefect.state-timestamp": at,
      "prefect.state-type": type,
      "prefect.orchestration": "client",
    },
    related: [{ "prefect.resource.id": `prefect.flow-run.${run.flowRunId}`, "prefect.resource.role": "flow-run" }],
    payload: {
      intended: { from, to: type },
      initial_state: from ? { type: from, name: null, message: "", state_details: {} } : null,
      validated_state: { type, name, message: "", state_details: {}, data: null },
      task_run: {
        name: "add-0",
        task_key: "add-3f2a",
        dynamic_key: "0",
        empirical_policy: {},
        tags: [],
        labels: {},
        task_inputs: {},
      },
    },
    follows: null,
  };
}

describe("Prefect's websockets", () => {
  let server: TestServer;
  let ws: string;
  let flowRunId: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${server.apiUrl}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : undefined };
  };

  beforeAll(async () => {
    server = await createTestServer({ transport: "http" });
    ws = server.apiUrl.replace(/^http/, "ws");
    const flow = await api("POST", "/flows/", { name: "ws-flow" });
    flowRunId = (await api("POST", "/flow_runs/", { flow_id: flow.body!.id, name: null })).body!.id as string;
  });
  afterAll(() => server.close());

  describe("/api/events/in", () => {
    it("records the task runs of task-run state events, with every state, as Prefect's recorder does", async () => {
      const socket = await authenticated(`${ws}/events/in`);
      const run = { id: randomUUID(), flowRunId };
      // Python's task engine: microsecond timestamps with +00:00. (Our store keeps state times to the millisecond.)
      socket.ws.send(JSON.stringify(taskRunEvent(run, "PENDING", "Pending", "2026-12-06T03:43:07.001250+00:00", null)));
      socket.ws.send(
        JSON.stringify(taskRunEvent(run, "RUNNING", "Running", "2026-12-06T03:43:07.002500+00:00", "PENDING")),
      );
      socket.ws.send(
        JSON.stringify(taskRunEvent(run, "COMPLETED", "Completed", "2026-12-06T03:43:07.003750+00:00", "RUNNING")),
      );
      await waitFor(async () => (await api("GET", `/task_runs/${run.id}`)).body?.state_type === "COMPLETED");
      const states = (await api("GET", `/task_run_states/?task_run_id=${run.id}`)).body as unknown as {
        type: string;
      }[];
      expect(states.map((s) => s.type)).toEqual(["PENDING", "RUNNING", "COMPLETED"]);
      socket.ws.close();
    });

    it("hands other events to /events/out subscribers", async () => {
      const out = await authenticated(`${ws}/events/out`);
      out.ws.send(JSON.stringify({ type: "filter", filter: { event: { prefix: ["py."] } }, backfill: false }));
      const into = await authenticated(`${ws}/events/in`);
      const id = randomUUID();
      // The filter is not acknowledged: keep sending until the subscriber hears one.
      await waitFor(() => {
        into.ws.send(
          JSON.stringify({
            id,
            occurred: "2026-12-06 03:43:07.060934",
            event: "py.hello",
            resource: { "prefect.resource.id": "py.1" },
          }),
        );
        return out.messages.some((m) => m.type === "event" && (m.event as Json).id === id);
      });
      const got = out.messages.find((m) => (m.event as Json).id === id)!.event as Json;
      expect(got.occurred).toBe("2026-12-06T03:43:07.060934Z");
      out.ws.close();
      into.ws.close();
    });

    it("closes with 1002 on a message that is not an event", async () => {
      const socket = await authenticated(`${ws}/events/in`);
      socket.ws.send(JSON.stringify({ hello: "world" }));
      expect((await socket.closed).code).toBe(1002);
    });
  });

  describe("/api/logs/out", () => {
    it("streams committed logs matching the filter as {type: log, log}", async () => {
      const socket = await authenticated(`${ws}/logs/out`);
      socket.ws.send(
        JSON.stringify({ type: "filter", filter: { flow_run_id: { any_: [flowRunId] }, level: { ge_: 20 } } }),
      );
      const other = randomUUID();
      const at = "2026-12-06 03:43:07.060934+00:00";
      await waitFor(async () => {
        await api("POST", "/logs/", [
          {
            name: "prefect.flow_runs",
            level: 20,
            message: "wanted",
            timestamp: at,
            flow_run_id: flowRunId,
            task_run_id: null,
          },
          {
            name: "prefect.flow_runs",
            level: 10,
            message: "too low",
            timestamp: at,
            flow_run_id: flowRunId,
            task_run_id: null,
          },
          {
            name: "prefect.flow_runs",
            level: 40,
            message: "other run",
            timestamp: at,
            flow_run_id: other,
            task_run_id: null,
          },
        ]);
        return socket.messages.length > 0;
      });
      expect(socket.messages.every((m) => m.type === "log")).toBe(true);
      const logs = socket.messages.map((m) => m.log as Json);
      expect(new Set(logs.map((l) => l.message))).toEqual(new Set(["wanted"]));
      expect(logs[0]).toMatchObject({
        level: 20,
        flow_run_id: flowRunId,
        task_run_id: null,
        timestamp: "2026-12-06T03:43:07.060Z",
      });
      expect(logs[0]!.id).toEqual(expect.any(String));
      socket.ws.close();
    });

    it("closes with 1002 when the first message after auth is not a filter", async () => {
      const socket = await authenticated(`${ws}/logs/out`);
      socket.ws.send(JSON.stringify({ type: "subscribe" }));
      expect(await socket.closed).toMatchObject({ code: 1002, reason: "Expected 'filter' message" });
    });
  });

  describe("/api/task_runs/subscriptions/scheduled", () => {
    const deferred = (key: string) =>
      api("POST", "/task_runs/", {
        name: null,
        task_key: key,
        dynamic_key: randomUUID(),
        flow_run_id: null,
        state: { type: "SCHEDULED", name: "Scheduled", state_details: { deferred: true } },
      });

    it("delivers scheduled background task runs one at a time, each after the previous ack", async () => {
      const key = `tasks.add-${randomUUID().slice(0, 8)}`;
      const first = await deferred(key);
      expect(first.status).toBe(201);
      const second = await deferred(key);
      await deferred("some.other-key");
      const worker = await authenticated(`${ws}/task_runs/subscriptions/scheduled`);
      worker.ws.send(JSON.stringify({ type: "subscribe", keys: [key], client_id: "worker-1" }));
      await waitFor(() => worker.messages.length === 1);
      expect(worker.messages[0]).toMatchObject({
        id: first.body!.id,
        task_key: key,
        state: { type: "SCHEDULED", state_details: { deferred: true } },
      });
      worker.ws.send(JSON.stringify({ type: "ack" }));
      await waitFor(() => worker.messages.length === 2);
      expect(worker.messages[1]).toMatchObject({ id: second.body!.id });
      worker.ws.send(JSON.stringify({ type: "ack" }));
      // A run scheduled while the worker waits reaches it at once.
      const third = await deferred(key);
      await waitFor(() => worker.messages.length === 3);
      expect(worker.messages[2]).toMatchObject({ id: third.body!.id });
      worker.ws.send(JSON.stringify({ type: "quit" }));
      expect((await worker.closed).code).toBe(1005);
    });

    it("gives a run that was sent but not acknowledged to the next subscriber", async () => {
      const key = `tasks.flaky-${randomUUID().slice(0, 8)}`;
      const run = await deferred(key);
      const first = await authenticated(`${ws}/task_runs/subscriptions/scheduled`);
      first.ws.send(JSON.stringify({ type: "subscribe", keys: [key], client_id: "worker-a" }));
      await waitFor(() => first.messages.length === 1);
      first.ws.terminate();
      const second = await authenticated(`${ws}/task_runs/subscriptions/scheduled`);
      second.ws.send(JSON.stringify({ type: "subscribe", keys: [key], client_id: "worker-b" }));
      await waitFor(() => second.messages.length === 1);
      expect(second.messages[0]).toMatchObject({ id: run.body!.id });
      second.ws.close();
    });

    it("closes with 4001 on a subscribe message without keys or client_id", async () => {
      const noKeys = await authenticated(`${ws}/task_runs/subscriptions/scheduled`);
      noKeys.ws.send(JSON.stringify({ type: "subscribe", keys: [], client_id: "w" }));
      expect(await noKeys.closed).toMatchObject({
        code: 4001,
        reason: "Protocol violation: expected 'keys' in subscribe message",
      });
      const noClient = await authenticated(`${ws}/task_runs/subscriptions/scheduled`);
      noClient.ws.send(JSON.stringify({ type: "subscribe", keys: ["k"] }));
      expect(await noClient.closed).toMatchObject({
        code: 4001,
        reason: "Protocol violation: expected 'client_id' in subscribe message",
      });
    });
  });

  it.each(["/events/in", "/logs/out", "/task_runs/subscriptions/scheduled"])(
    "%s: 1002 without the prefect subprotocol",
    async (path) => {
      const socket = await open(`${ws}${path}`, []);
      expect((await socket.closed).code).toBe(1002);
    },
  );

  it("answers 404 to an unknown websocket path", async () => {
    await expect(open(`${ws}/nothing/here`)).rejects.toThrow(/404/);
  });
});

describe("Prefect's websockets behind an auth string", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport: "http", authString: "admin:pass" });
  });
  afterAll(() => server.close());

  it.each(["/events/in", "/logs/out", "/task_runs/subscriptions/scheduled"])(
    "%s: 1008 on a wrong token, auth_success on the auth string",
    async (path) => {
      const url = server.apiUrl.replace(/^http/, "ws") + path;
      const wrong = await open(url);
      wrong.ws.send(JSON.stringify({ type: "auth", token: "admin:wrong" }));
      expect((await wrong.closed).code).toBe(1008);
      const right = await authenticated(url, "admin:pass");
      right.ws.close();
    },
  );
});

// The `/api/events/out` websocket of the standalone server, over real loopback HTTP: Prefect's handshake (subprotocol,
// auth, filter) and its refusals, the flow-run state events the server emits, backfill, events sent to POST /events,
// and the client's subscribeEvents (also in embedded mode, without a socket).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { eventsOutUrl, type PrefectClient, type ReceivedEvent } from "../../../src/client/index.js";
import { createTestServer, waitFor, type TestServer } from "../../../src/testing/index.js";

interface Opened {
  ws: WebSocket;
  messages: Record<string, unknown>[];
  closed: Promise<{ code: number; reason: string }>;
}

function open(url: string, protocols: string[] = ["prefect"]): Promise<Opened> {
  const ws = new WebSocket(url, protocols);
  const messages: Record<string, unknown>[] = [];
  ws.on("message", (data) => messages.push(JSON.parse(data.toString()) as Record<string, unknown>));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    ws.once("open", () => resolve({ ws, messages, closed }));
    ws.once("error", reject);
  });
}

/**
 * Sends the auth and filter messages, then proves the filter is in place (Prefect's protocol does not acknowledge it):
 * opens a second socket after it, POSTs a probe event only that one matches and waits for it there. Returns the first.
 */
async function subscribed(
  client: PrefectClient,
  url: string,
  filter: Record<string, unknown>,
  backfill = false,
): Promise<Opened> {
  const probeId = `probe.${randomUUID()}`;
  const socket = await open(url);
  socket.ws.send(JSON.stringify({ type: "auth", token: null }));
  socket.ws.send(JSON.stringify({ type: "filter", filter, backfill }));
  const probe = await open(url);
  probe.ws.send(JSON.stringify({ type: "auth", token: null }));
  probe.ws.send(JSON.stringify({ type: "filter", filter: { resource: { id: [probeId] } }, backfill: false }));
  await client.createEvents([
    { id: randomUUID(), occurred: new Date(), event: "probe", resource: { "prefect.resource.id": probeId } },
  ]);
  // The probe socket was opened after the first, on the same server: once it hears the probe, the first is set up too.
  await waitFor(() => probe.messages.some((m) => m.type === "event"));
  probe.ws.close();
  return socket;
}

describe("/api/events/out", () => {
  let server: TestServer;
  let client: PrefectClient;
  let url: string;

  beforeAll(async () => {
    server = await createTestServer({ transport: "http" });
    client = server.client;
    url = eventsOutUrl(server.apiUrl);
  });
  afterAll(() => server.close());

  it("streams the flow-run state events the server emits, shaped as Prefect's", async () => {
    const flow = await client.createFlow("ws-events");
    const deployment = await client.createDeployment({
      flowId: flow.id,
      name: "d",
      tags: ["prod"],
      enforceParameterSchema: false,
    });
    const socket = await subscribed(client, url, { related: { id: [`prefect.deployment.${deployment.id}`] } });
    expect(socket.messages[0]).toEqual({ type: "auth_success" });
    const run = await client.createFlowRunFromDeployment(deployment.id, { tags: ["nightly"] });
    await client.setFlowRunState(run.id, { type: "PENDING" });
    const events = await waitFor(() => {
      const got = socket.messages.filter((m) => m.type === "event").map((m) => m.event as ReceivedEvent);
      return got.length >= 2 ? got : undefined;
    });
    socket.ws.close();
    const [scheduled, pending] = events;
    expect(scheduled!.event).toBe("prefect.flow-run.Scheduled");
    expect(scheduled!.resource).toMatchObject({
      "prefect.resource.id": `prefect.flow-run.${run.id}`,
      "prefect.resource.name": run.name,
      "prefect.state-type": "SCHEDULED",
      "prefect.state-name": "Scheduled",
    });
    expect(scheduled!.related).toEqual(
      expect.arrayContaining([
        {
          "prefect.resource.id": `prefect.flow.${flow.id}`,
          "prefect.resource.role": "flow",
          "prefect.resource.name": "ws-events",
        },
        {
          "prefect.resource.id": `prefect.deployment.${deployment.id}`,
          "prefect.resource.role": "deployment",
          "prefect.resource.name": "d",
        },
        { "prefect.resource.id": "prefect.tag.nightly", "prefect.resource.role": "tag" },
      ]),
    );
    expect(scheduled!.payload).toMatchObject({
      intended: { from: null, to: "SCHEDULED" },
      validated_state: { type: "SCHEDULED", name: "Scheduled" },
    });
    expect(scheduled!.received).toEqual(expect.any(String));
    expect(pending!.event).toBe("prefect.flow-run.Pending");
    expect(pending!.payload).toMatchObject({ intended: { from: "SCHEDULED", to: "PENDING" } });
    expect(pending!.follows).toBe(scheduled!.id);
  });

  it("backfills the recent events matching the filter, then goes live", async () => {
    const flow = await client.createFlow("ws-backfill");
    const filter = { related: { id: [`prefect.flow.${flow.id}`] } };
    // The server builds its flow-run events while someone listens, and keeps the recent ones for backfill.
    const listening = await subscribed(client, url, filter);
    const before = await client.createFlowRun({ flowId: flow.id, state: { type: "SCHEDULED" } });
    await waitFor(() => listening.messages.some((m) => m.type === "event"));
    const socket = await open(url);
    socket.ws.send(JSON.stringify({ type: "auth", token: "" }));
    socket.ws.send(JSON.stringify({ type: "filter", filter, backfill: true }));
    await waitFor(() => socket.messages.some((m) => m.type === "event"));
    const after = await client.createFlowRun({ flowId: flow.id, state: { type: "SCHEDULED" } });
    const ids = await waitFor(() => {
      const got = socket.messages
        .filter((m) => m.type === "event")
        .map((m) => (m.event as ReceivedEvent).resource["prefect.resource.id"]);
      return got.length >= 2 ? got : undefined;
    });
    socket.ws.close();
    listening.ws.close();
    expect(ids).toEqual([`prefect.flow-run.${before.id}`, `prefect.flow-run.${after.id}`]);
  });

  it("passes on events sent to POST /events", async () => {
    const received: ReceivedEvent[] = [];
    const sub = client.subscribeEvents({ event: { prefix: ["acme."] } }, (e) => received.push(e), { backfill: true });
    await sub.ready;
    const id = randomUUID();
    await client.createEvents([
      { id, occurred: new Date(), event: "acme.report.ready", resource: { "prefect.resource.id": "acme.report.7" } },
    ]);
    await client.createEvents([
      { id: randomUUID(), occurred: new Date(), event: "other.thing", resource: { "prefect.resource.id": "x" } },
    ]);
    await waitFor(() => received.length === 1);
    sub.close();
    expect(received[0]).toMatchObject({
      id,
      event: "acme.report.ready",
      resource: { "prefect.resource.id": "acme.report.7" },
    });
  });

  it("closes with 1002 without the prefect subprotocol, or on an invalid filter", async () => {
    const noProtocol = await open(url, []);
    expect((await noProtocol.closed).code).toBe(1002);
    const bad = await open(url);
    bad.ws.send(JSON.stringify({ type: "auth", token: null }));
    bad.ws.send(JSON.stringify({ type: "filter", filter: { occurred: { since: "yesterday" } } }));
    const closed = await bad.closed;
    expect(closed.code).toBe(1002);
    expect(closed.reason).toContain("occurred.since");
  });

  it("closes with 1008 when the first message is not auth", async () => {
    const socket = await open(url);
    socket.ws.send(JSON.stringify({ type: "filter", filter: {} }));
    expect((await socket.closed).code).toBe(1008);
  });
});

describe("/api/events/out with an auth string", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport: "http", authString: "admin:pass" });
  });
  afterAll(() => server.close());

  it("refuses a wrong token with 1008 and accepts the auth string (what the client sends)", async () => {
    const wrong = await open(eventsOutUrl(server.apiUrl));
    wrong.ws.send(JSON.stringify({ type: "auth", token: "nope" }));
    expect((await wrong.closed).code).toBe(1008);
    const sub = server.client.subscribeEvents({}, () => undefined);
    await sub.ready;
    sub.close();
  });
});

// Log and admin methods of PrefectClient against the real server, over both transports; auth strings.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { PrefectClient, UnauthorizedError } from "../../../src/client/index.js";
import { createTestServer, transports, type TestServer } from "../../../src/testing/index.js";

describe.each(transports)("logs and admin over %s", (transport) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport });
  });
  afterAll(() => server.close());

  test("health, readServerVersion, hello", async () => {
    expect(await server.client.health()).toBe(true);
    expect(await server.client.readServerVersion()).toMatch(/^\d+\.\d+/);
    expect(typeof (await server.client.hello())).toBe("string");
  });

  test("createLogs then readLogs by flow run, oldest first, with Dates", async () => {
    const flow = await server.client.createFlow("logs");
    const run = await server.client.createFlowRun({ flowId: flow.id });
    const t0 = new Date("2024-05-01T12:00:00.000Z");
    const t1 = new Date("2024-05-01T12:00:01.000Z");
    await server.client.createLogs([
      { name: "prefect.flow_runs", level: 20, message: "second", timestamp: t1, flowRunId: run.id },
      { name: "prefect.flow_runs", level: 40, message: "first", timestamp: t0, flowRunId: run.id, taskRunId: null },
    ]);
    const logs = await server.client.readLogs({ logFilter: { flowRunId: { any_: [run.id] } } });
    expect(logs.map((l) => l.message)).toEqual(["first", "second"]);
    expect(logs[0]?.timestamp.getTime()).toBe(t0.getTime());
    expect(logs[0]?.flowRunId).toBe(run.id);
    const errors = await server.client.readLogs({ logFilter: { flowRunId: { any_: [run.id] }, level: { ge_: 40 } } });
    expect(errors.map((l) => l.message)).toEqual(["first"]);
  });
});

describe.each(transports)("auth string over %s", (transport) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport, authString: "admin:secret" });
  });
  afterAll(() => server.close());

  test("the test client sends it; a client without it is refused", async () => {
    expect(await server.client.hello()).toBeTypeOf("string");
    if (transport === "http") {
      const anonymous = new PrefectClient({ apiUrl: server.apiUrl });
      expect(await anonymous.health()).toBe(true);
      await expect(anonymous.hello()).rejects.toThrow(UnauthorizedError);
      const wrong = new PrefectClient({ apiUrl: server.apiUrl, authString: "admin:wrong" });
      await expect(wrong.hello()).rejects.toThrow(UnauthorizedError);
    }
  });
});

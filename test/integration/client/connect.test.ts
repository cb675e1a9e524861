// getClient(): embedded mode on a temp PREFECT_HOME (shared database across clients), remote mode, unreachable URL.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ServerUnreachableError } from "../../../src/client/index.js";
import { EMBEDDED_API_URL, closeEmbeddedServers, getClient } from "../../../src/connect.js";
import { resolveSettings } from "../../../src/settings/index.js";
import { createTestServer, type TestServer } from "../../../src/testing/index.js";

describe("getClient embedded", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), "prefect-ts-connect-"));
  });
  afterAll(async () => {
    await closeEmbeddedServers();
    await rm(root, { recursive: true, force: true });
  });

  test("creates PREFECT_HOME lazily; two clients share one database", async () => {
    const home = join(root, "home");
    const settings = resolveSettings({ env: { PREFECT_HOME: home } });
    const writer = getClient({ settings });
    expect(writer.apiUrl).toBe(EMBEDDED_API_URL);
    expect(existsSync(home)).toBe(false);
    const flow = await writer.createFlow("embedded");
    expect(existsSync(join(home, "prefect.db"))).toBe(true);
    const reader = getClient({ settings });
    expect((await reader.readFlowByName("embedded")).id).toBe(flow.id);
  });

  test("after closeEmbeddedServers the same client reopens the database", async () => {
    const settings = resolveSettings({ env: { PREFECT_HOME: join(root, "home2") } });
    const client = getClient({ settings });
    const flow = await client.createFlow("survives");
    await closeEmbeddedServers();
    expect((await client.readFlow(flow.id)).name).toBe("survives");
  });
});

describe("getClient remote", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await createTestServer({ transport: "http" });
  });
  afterAll(() => server.close());

  test("PREFECT_API_URL set: talks to that server", async () => {
    const settings = resolveSettings({ env: { PREFECT_API_URL: server.apiUrl, PREFECT_HOME: server.home } });
    const client = getClient({ settings });
    expect(client.apiUrl).toBe(server.apiUrl);
    const flow = await client.createFlow("remote");
    expect((await server.client.readFlow(flow.id)).name).toBe("remote");
  });

  test("an unreachable PREFECT_API_URL: ServerUnreachableError with the fix, no key", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const settings = resolveSettings({
      env: {
        PREFECT_API_URL: `http://127.0.0.1:${port}/api`,
        PREFECT_API_KEY: "pnu_do_not_print",
        PREFECT_HOME: server.home,
      },
    });
    const err = (await getClient({ settings })
      .health()
      .catch((e: unknown) => e)) as ServerUnreachableError;
    expect(err).toBeInstanceOf(ServerUnreachableError);
    expect(err.message).toContain(`Cannot reach the Prefect API at http://127.0.0.1:${port}/api (ECONNREFUSED)`);
    expect(err.message).toContain('"prefect-ts server start"');
    expect(err.message).toContain("unset it to use the embedded server");
    expect(err.message).not.toContain("pnu_do_not_print");
  });
});

describe("lazy embedded server", () => {
  test("importing connect and calling getClient() loads no database driver; the first request does", async () => {
    const { execFileSync } = await import("node:child_process");
    const home = await mkdtemp(join(tmpdir(), "prefect-ts-lazy-"));
    const script = `
      import { createRequire } from "node:module";
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).some((k) => k.includes("better-sqlite3"));
      const { getClient, closeEmbeddedServers } = await import("./src/connect.ts");
      const { resolveSettings } = await import("./src/settings/index.ts");
      const client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: ${JSON.stringify(home)} } }) });
      const before = loaded();
      await client.health();
      const after = loaded();
      await closeEmbeddedServers();
      console.log(JSON.stringify({ before, after }));
    `;
    try {
      const out = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        cwd: process.cwd(),
        encoding: "utf8",
      });
      expect(JSON.parse(out.trim().split("\n").pop() ?? "{}")).toEqual({ before: false, after: true });
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});

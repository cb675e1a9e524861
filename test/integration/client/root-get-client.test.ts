// The root entry's getClient(): settings resolved at the call, client code loaded on the first request,
// and the same data as connect.ts's client on the embedded database.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeEmbeddedServers, getClient as getEagerClient } from "../../../src/connect.js";
import { ConfigError } from "../../../src/errors.js";
import { EMBEDDED_API_URL } from "../../../src/api-target.js";
import { getClient } from "../../../src/lazy-client.js";
import { resolveSettings } from "../../../src/settings/index.js";

describe("root getClient()", () => {
  let home: string;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "prefect-ts-root-client-"));
  });
  afterAll(async () => {
    await closeEmbeddedServers();
    await rm(home, { recursive: true, force: true });
  });

  it("reports the embedded URL, is not a thenable, and reads what another client wrote", async () => {
    const settings = resolveSettings({ env: { PREFECT_HOME: home } });
    const client = getClient({ settings });
    expect(client.apiUrl).toBe(EMBEDDED_API_URL);
    expect(await Promise.resolve(client)).toBe(client);
    const created = await getEagerClient({ settings }).createFlow("written-elsewhere");
    const read = await client.readFlowByName("written-elsewhere");
    expect(read.id).toBe(created.id);
    const { readFlow } = client; // methods survive destructuring
    expect((await readFlow(created.id)).name).toBe("written-elsewhere");
  });

  it("reports PREFECT_API_URL when set", () => {
    const settings = resolveSettings({ env: { PREFECT_HOME: home, PREFECT_API_URL: "http://127.0.0.1:4999/api" } });
    expect(getClient({ settings }).apiUrl).toBe("http://127.0.0.1:4999/api");
  });

  it("fails at the call on an invalid setting, naming it", () => {
    expect(() => getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home, PREFECT_API_URL: "not a url" } }) })).toThrow(
      ConfigError,
    );
  });

  it("rejects an unknown method with its name", async () => {
    const client = getClient({ settings: resolveSettings({ env: { PREFECT_HOME: home } }) }) as unknown as Record<
      string,
      () => Promise<unknown>
    >;
    await expect(client.noSuchMethod!()).rejects.toThrow(/noSuchMethod/);
  });
});
